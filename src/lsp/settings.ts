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
  /** Deep-buffer what-if: `off` is today's firmware. */
  deepBuffers: 'off' | 'exact' | 'ladder';
  deepBufferLadder: string;
  /** TEXT partition what-if: `[<uuid>=]<file.llext>` entries, relative to the first folder. */
  moduleElfFiles: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  buildTarget: '',
  platform: '',
  firmwareModel: 'current',
  diagnostics: { scope: 'target' },
  inlayHints: true,
  analysisDelayMs: 100,
  deepBuffers: 'off',
  deepBufferLadder: 'profile',
  moduleElfFiles: [],
};

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

/**
 * Settings from whatever a client sent: a `{ sofTopology: {...} }` wrapper or the section itself,
 * with VS Code's dotted keys (`diagnostics.scope`) or nested objects. A missing or malformed value
 * keeps its value in `base` (the initialization options over the defaults), so a bad value
 * cannot stop the server and a partial update keeps the rest.
 */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  let o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (o.sofTopology && typeof o.sofTopology === 'object') o = o.sofTopology as Record<string, unknown>;
  const diag = (o.diagnostics && typeof o.diagnostics === 'object' ? o.diagnostics : {}) as Record<string, unknown>;
  const scope = o['diagnostics.scope'] ?? diag.scope;
  const delay = o.analysisDelayMs;
  const deep = o.deepBuffers;
  const elfs = o.moduleElfFiles;
  return {
    buildTarget: str(o.buildTarget, base.buildTarget),
    platform: str(o.platform, base.platform),
    firmwareModel: str(o.firmwareModel, base.firmwareModel),
    diagnostics: { scope: scope === 'openFiles' || scope === 'target' ? scope : base.diagnostics.scope },
    inlayHints: typeof o.inlayHints === 'boolean' ? o.inlayHints : base.inlayHints,
    analysisDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 10_000) : base.analysisDelayMs,
    deepBuffers: deep === 'off' || deep === 'exact' || deep === 'ladder' ? deep : base.deepBuffers,
    deepBufferLadder: str(o.deepBufferLadder, base.deepBufferLadder),
    moduleElfFiles: Array.isArray(elfs) ? elfs.filter((x): x is string => typeof x === 'string' && !!x.trim()) : base.moduleElfFiles,
  };
}
