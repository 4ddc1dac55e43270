// Which platform profile a build target is simulated on: the one asked for, or the one its
// `PLATFORM=` define names (SOF's target lists set it: mtl, lnl, ptl, ...).
import type { PlatformProfile } from '../memory/profiles';

/** The profile used when a target names no platform (the editor's default too). */
export const DEFAULT_PLATFORM = 'ptl';

export interface PlatformChoice {
  /** Absent when the target's platform has no profile: resolve only, no simulation. */
  profile?: PlatformProfile;
  source: 'option' | 'define' | 'name' | 'default';
  /** Says why the choice is not the target's own platform, or why there is none. */
  note?: string;
}

/** The value of `name` in comma-separated `-D` text (`PLATFORM=mtl,NHLT=...`). */
export function defineValue(defines: string, name: string): string | undefined {
  for (const part of defines.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `requested` is a profile id or `auto`: the PLATFORM= define, else the platform in the target's
 * output name (`sof-nvl-rt711` -> nvl) when a profile has that id, else the default. Returns an
 * error message for an unknown explicit id: that is a usage error, while a target naming a
 * platform without a profile is not.
 */
export function choosePlatform(
  requested: string,
  defines: string,
  profiles: readonly PlatformProfile[],
  targetName?: string,
): PlatformChoice | string {
  const known = (): string => profiles.map((p) => p.id).join(', ');
  if (requested !== 'auto') {
    const profile = profiles.find((p) => p.id === requested);
    const shown = requested.length > 80 ? `${requested.slice(0, 80)}... (${requested.length} characters)` : requested;
    return profile ? { profile, source: 'option' } : `unknown platform "${shown}"; known: ${known()}`;
  }
  const named = defineValue(defines, 'PLATFORM');
  if (named) {
    const profile = profiles.find((p) => p.id === named.toLowerCase());
    if (profile) return { profile, source: 'define' };
    return { source: 'define', note: `no platform profile for PLATFORM=${named} (known: ${known()}); memory not simulated` };
  }
  const fromName = /^sof-([a-z0-9]+)-/.exec(targetName ?? '')?.[1];
  const byName = profiles.find((p) => p.id === fromName);
  if (byName) return { profile: byName, source: 'name', note: `no PLATFORM= define; platform ${byName.id} taken from the target name ${targetName}` };
  const profile = profiles.find((p) => p.id === DEFAULT_PLATFORM);
  if (!profile) return { source: 'default', note: `no PLATFORM= define and no "${DEFAULT_PLATFORM}" profile; memory not simulated` };
  return { profile, source: 'default', note: `no PLATFORM= define; simulated on ${DEFAULT_PLATFORM}` };
}
