// The engine's entry point: evaluate a top-level topology as alsatplg -P does and return plain
// records (widgets with tuples and provenance, pipelines, routes, PCMs) plus diagnostics.
import * as path from 'node:path';
import { ConfNode } from './conf/node';
import { asFileText } from './conf/editorFileSystem';
import { FileStore, FileSystemHost, nodeFileSystem, plainRange } from './conf/files';
import { saveConfig } from './conf/save';
import type { Diagnostic, ResolveResult, SourceRange } from './model';
import { notTopologyText } from './conf/textKind';
import { Cancelled, type CancelCheck, type Limits } from './tplg/context';
import { preprocess } from './tplg/preprocess';
import { extractPcms, extractRoutes, extractWidgets } from './tplg/extract';

export { Cancelled };

export interface ResolveOptions {
  /** Top-level topology file. */
  input: string;
  /** `-I`: base of IncludeByKey file names (the reference uses the last one). Default: the input's folder. */
  includeDirs?: string[];
  /** `$ALSA_CONFIG_DIR`: base of `<searchdir:...>` and `<...>` includes. Default: the include dir. */
  configDir?: string;
  /** `-D` definitions, `A=1,B=x`. */
  defines?: string;
  /** A file read before the input, as the SOF build prepends its ABI header. */
  prepend?: string;
  /** Unsaved editor text by path (UTF-16 strings), layered over the disk. */
  readFile?: (path: string) => string | undefined;
  /** Share scans between runs (editor sessions, sweeps). */
  store?: FileStore;
  limits?: Partial<Limits>;
  /** Polled per object and between phases; true ends the run with `Cancelled` (thrown). */
  isCancelled?: CancelCheck;
}

export interface ResolveWithOutput {
  result: ResolveResult;
  /** The `-P` output tree; absent if the run could not start. */
  output?: ConfNode;
}

const defaultStore = new FileStore();

/** A store whose host sees `readFile` overlays first. */
export function storeFor(opts: ResolveOptions): FileStore {
  if (opts.store) return opts.store;
  if (!opts.readFile) return defaultStore;
  const overlay = opts.readFile;
  const host: FileSystemHost = {
    readFile: (p) => {
      const t = overlay(p);
      return t === undefined ? nodeFileSystem.readFile(p) : asFileText(t);
    },
    isDirectory: nodeFileSystem.isDirectory,
    // Editor text: its length (a lower bound of its bytes) is enough to refuse a huge buffer.
    size: (p) => overlay(p)?.length ?? nodeFileSystem.size?.(p),
  };
  return new FileStore(host);
}

export function resolveWithOutput(opts: ResolveOptions): ResolveWithOutput {
  const empty: ResolveResult = { widgets: [], pipelines: [], routes: [], pcms: [], diagnostics: [], files: [], failed: true };
  try {
    const store = storeFor(opts);
    store.beginRun(opts.limits?.maxFileSize);
    const input = path.resolve(opts.input);
    const incPath = path.resolve(opts.includeDirs?.length ? opts.includeDirs[opts.includeDirs.length - 1] : path.dirname(input));
    const configDir = path.resolve(opts.configDir ?? incPath);
    const roots = [];
    if (opts.prepend) {
      const h = store.get(path.resolve(opts.prepend));
      if (!h) {
        empty.diagnostics.push(unreadable(store, path.resolve(opts.prepend), `Cannot read the prepended header ${opts.prepend}`));
        return { result: empty };
      }
      const notText = notTopologyText(h.text, path.basename(opts.prepend));
      if (notText) {
        empty.diagnostics.push({ severity: 'error', code: 'TPLG014', message: notText, range: firstLine(path.resolve(opts.prepend)) });
        return { result: empty };
      }
      roots.push(h);
    }
    const top = store.get(input);
    if (!top) {
      empty.diagnostics.push(unreadable(store, input, `Cannot read ${opts.input}`));
      return { result: empty };
    }
    const notText = notTopologyText(top.text, path.basename(input));
    if (notText) {
      empty.diagnostics.push({ severity: 'error', code: 'TPLG014', message: notText, range: firstLine(input) });
      return { result: empty };
    }
    roots.push(top);
    const { ctx, ok } = preprocess({ roots, store, configDir, incPath, defines: opts.defines, limits: opts.limits, isCancelled: opts.isCancelled });
    const result: ResolveResult = {
      widgets: extractWidgets(ctx.output, ctx.meta),
      pipelines: ctx.pipelines.map((p) => (p.range ? { ...p, range: plainRange(p.range) } : p)),
      routes: extractRoutes(ctx.output, ctx.routeRanges),
      pcms: extractPcms(ctx.output, ctx.meta),
      diagnostics: dedupe(ctx.diagnostics).map(plainDiagnostic),
      files: ctx.load.files,
      failed: !ok,
    };
    return { result, output: ctx.output };
  } catch (e) {
    if (e instanceof Cancelled) throw e;
    empty.diagnostics.push({
      severity: 'error',
      code: 'TPLG999',
      message: `Internal error in tplg-budget while resolving ${opts.input}: ${e instanceof Error ? e.message : String(e)}. Please report it with the file.`,
    });
    return { result: empty };
  }
}

export function resolveTopology(opts: ResolveOptions): ResolveResult {
  return resolveWithOutput(opts).result;
}

/** The evaluated topology in the reference compiler's `-P` text form. */
export function preprocessedText(opts: ResolveOptions): { text: string; result: ResolveResult } {
  const r = resolveWithOutput(opts);
  return { text: r.output ? saveConfig(r.output) : '', result: r.result };
}

/** A top-level file that could not be read: over the size limit (located at its start), or missing. */
function unreadable(store: FileStore, file: string, message: string): Diagnostic {
  const tooLarge = store.tooLarge(file);
  if (!tooLarge) return { severity: 'error', code: 'TPLG004', message };
  return { severity: 'error', code: 'TPLG010', message: tooLarge, range: firstLine(file) };
}

function firstLine(file: string): SourceRange {
  return { file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
}

/** A file included several times reports the same thing several times: keep one. */
function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.severity}\0${d.code}\0${d.message}\0${d.range ? `${d.range.file}:${d.range.offset}` : ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Results cross threads and processes: every range a plain object. */
function plainDiagnostic(d: Diagnostic): Diagnostic {
  const q: Diagnostic = { ...d };
  if (d.range) q.range = plainRange(d.range);
  if (d.related) q.related = d.related.map((r) => ({ message: r.message, range: plainRange(r.range) }));
  if (d.fixes) q.fixes = d.fixes.map((f) => ({ title: f.title, newText: f.newText, range: plainRange(f.range) }));
  return q;
}
