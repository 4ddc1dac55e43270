// Runs one fuzz case through resolve, simulate and check, and judges it: nothing may throw or report
// an internal error, an input the reference rejects must carry an error with a source range, and a
// second run must give byte-identical JSON (from warm caches, or for `thorough` cases from cold
// ones, with the `-P` text path as a third run).
import * as path from 'node:path';
import { analyzeTarget } from '../../src/core/analyze';
import { FileStore, type FileSystemHost } from '../../src/core/conf/files';
import { loadProfiles, type PlatformProfile } from '../../src/core/memory/profiles';
import type { Diagnostic } from '../../src/core/model';
import { preprocessedText, resolveTopology, type ResolveOptions } from '../../src/core/resolve';
import type { Catalog, SeedInput } from './catalog';
import type { FuzzCase } from './case';

export type Problem = 'crash' | 'nondeterministic' | 'no-diagnostic';

export interface Verdict {
  problem?: Problem;
  detail?: string;
  /** The reference would reject the input. */
  failed: boolean;
  ms: number;
}

export class CaseRunner {
  private overlay: Record<string, string> = {};
  private readonly host: FileSystemHost;
  /** Kept across cases, as an editor keeps it across keystrokes. */
  private readonly warm: FileStore;
  private readonly profiles: Map<string, PlatformProfile>;
  private readonly seedFiles = new Map<string, string[]>();

  constructor(cat: Catalog) {
    this.host = {
      readFile: (p) => {
        const abs = path.resolve(p);
        return Object.prototype.hasOwnProperty.call(this.overlay, abs) ? this.overlay[abs] : cat.texts.get(abs);
      },
      isDirectory: (p) => cat.dirs.has(path.resolve(p)),
    };
    this.warm = new FileStore(this.host);
    this.profiles = new Map(loadProfiles().profiles.map((p) => [p.id, p]));
  }

  /** The files a seed input reads unmutated: where mutations go. */
  filesOf = (s: SeedInput): string[] => {
    let files = this.seedFiles.get(s.name);
    if (!files) {
      this.overlay = {};
      files = resolveTopology(this.options(s, new FileStore(this.host))).files.filter((f) => f !== s.prepend);
      this.seedFiles.set(s.name, files);
    }
    return files;
  };

  run(c: FuzzCase): Verdict {
    const t0 = performance.now();
    this.overlay = c.overlay;
    const verdict = this.judge(c);
    verdict.ms = performance.now() - t0;
    return verdict;
  }

  private judge(c: FuzzCase): Verdict {
    const platform = this.profiles.get(c.platform);
    const analyze = (store: FileStore) => analyzeTarget({ resolve: this.options(c, store), platform, model: c.model });
    let first: string;
    let second: string;
    let failed = false;
    try {
      const a = analyze(this.warm);
      failed = a.resolve.failed;
      const internal = a.diagnostics.find((d) => d.code === 'TPLG999');
      if (internal) return { problem: 'crash', detail: internal.message, failed, ms: 0 };
      if (failed && !a.diagnostics.some(locatedError)) {
        return { problem: 'no-diagnostic', detail: `rejected without a located error: ${summarize(a.diagnostics)}`, failed, ms: 0 };
      }
      first = JSON.stringify(a);
      second = JSON.stringify(analyze(c.thorough ? new FileStore(this.host) : this.warm));
      if (c.thorough && JSON.stringify(preprocessedText(this.options(c, this.warm)).result) !== JSON.stringify(a.resolve)) {
        return { problem: 'nondeterministic', detail: 'resolve for the -P text differs from the analysis', failed, ms: 0 };
      }
    } catch (e) {
      return { problem: 'crash', detail: e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n') : String(e), failed, ms: 0 };
    }
    if (first !== second) return { problem: 'nondeterministic', detail: firstDifference(first, second), failed, ms: 0 };
    return { failed, ms: 0 };
  }

  private options(s: { input: string; baseDir: string; defines?: string; prepend?: string }, store: FileStore): ResolveOptions {
    return { input: s.input, includeDirs: [s.baseDir], configDir: s.baseDir, defines: s.defines, prepend: s.prepend, store };
  }
}

function locatedError(d: Diagnostic): boolean {
  const r = d.range;
  return d.severity === 'error' && !!r && !!r.file && r.line >= 1 && r.col >= 1;
}

function summarize(ds: Diagnostic[]): string {
  return ds.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message.slice(0, 100)}`).join('; ') || 'no errors at all';
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `runs differ at character ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))} vs ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}`;
}
