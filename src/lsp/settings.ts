// The server's settings: the `sofTopology` section of the client's configuration (VS Code's
// settings, or `initializationOptions` / `settings` of any other client), with the defaults the
// extension manifest declares.

export interface Settings {
  buildTarget: string;
  platform: string;
  firmwareModel: string;
  diagnostics: { scope: 'target' | 'openFiles' };
  inlayHints: boolean;
  analysisDelayMs: number;
}

export const DEFAULT_SETTINGS: Settings = {
  buildTarget: '',
  platform: '',
  firmwareModel: 'current',
  diagnostics: { scope: 'target' },
  inlayHints: true,
  analysisDelayMs: 150,
};

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

/**
 * Settings from whatever a client sent: a `{ sofTopology: {...} }` wrapper or the section itself,
 * with VS Code's dotted keys (`diagnostics.scope`) or nested objects. Anything malformed falls
 * back to its default, so a bad value cannot stop the server.
 */
export function readSettings(raw: unknown): Settings {
  let o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (o.sofTopology && typeof o.sofTopology === 'object') o = o.sofTopology as Record<string, unknown>;
  const diag = (o.diagnostics && typeof o.diagnostics === 'object' ? o.diagnostics : {}) as Record<string, unknown>;
  const scope = o['diagnostics.scope'] ?? diag.scope;
  const delay = o.analysisDelayMs;
  return {
    buildTarget: str(o.buildTarget, DEFAULT_SETTINGS.buildTarget),
    platform: str(o.platform, DEFAULT_SETTINGS.platform),
    firmwareModel: str(o.firmwareModel, DEFAULT_SETTINGS.firmwareModel),
    diagnostics: { scope: scope === 'openFiles' ? 'openFiles' : 'target' },
    inlayHints: typeof o.inlayHints === 'boolean' ? o.inlayHints : DEFAULT_SETTINGS.inlayHints,
    analysisDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 10_000) : DEFAULT_SETTINGS.analysisDelayMs,
  };
}
