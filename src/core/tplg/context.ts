// State shared by the pre-processor phases of one run, and how they report problems.
import type { Diagnostic, Provenance, RelatedInfo, ResolvedPipeline, SourceRange, TextFix } from '../model';
import { ConfNode } from '../conf/node';
import { DEFAULT_MAX_FILE_SIZE, FileStore } from '../conf/files';
import { DEFAULT_MAX_NESTING_DEPTH, type LoadContext } from '../conf/parser';

export interface Limits {
  /** Object nesting (a class embedding itself would recurse forever). */
  maxObjectDepth: number;
  /** Objects built in one run. */
  maxObjects: number;
  /** Length of a `$[...]` expression. */
  maxExpressionLength: number;
  maxIncludeDepth: number;
  /** Depth of `{ }`/`[ ]` blocks and dotted key components in one load. */
  maxNestingDepth: number;
  /** Bytes; larger files are not read. */
  maxFileSize: number;
}

/** Polled once per object built and between phases: true ends the run with `Cancelled`. */
export type CancelCheck = () => boolean;

/** Thrown out of a run whose CancelCheck said so (an editor's analysis overtaken by an edit). */
export class Cancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export const DEFAULT_LIMITS: Limits = {
  maxObjectDepth: 32,
  maxObjects: 50_000,
  maxExpressionLength: 4096,
  maxIncludeDepth: 64,
  maxNestingDepth: DEFAULT_MAX_NESTING_DEPTH,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
};

export interface ObjectMeta {
  className: string;
  group: string;
  pipeline?: string;
  range?: SourceRange;
  provenance: Record<string, Provenance>;
}

export class PPContext {
  readonly output = ConfNode.compound('');
  defineMerged: ConfNode | undefined;
  cliDefines: ConfNode | undefined;
  fatal = false;
  objectCount = 0;
  /** Output section entries (widgets, PCMs, ...) -> how their object was built. */
  readonly meta = new Map<string, ObjectMeta>();
  readonly pipelines: ResolvedPipeline[] = [];
  readonly routeRanges = new Map<string, SourceRange | undefined>();
  /** Classes already checked for defaults that alsatplg ignores. */
  readonly checkedClasses = new Set<ConfNode>();

  constructor(
    readonly input: ConfNode,
    readonly store: FileStore,
    readonly load: LoadContext,
    readonly incPath: string,
    readonly configDir: string,
    readonly limits: Limits,
    readonly isCancelled?: CancelCheck,
  ) {}

  /** Ends the run when its caller no longer wants the result. */
  checkCancelled(): void {
    if (this.isCancelled?.()) throw new Cancelled();
  }

  get diagnostics(): Diagnostic[] {
    return this.load.diagnostics;
  }

  /** An error that makes the reference compiler fail. */
  error(code: string, message: string, range?: SourceRange, related?: RelatedInfo[], fixes?: TextFix[]): void {
    this.fatal = true;
    this.diagnostics.push({ severity: 'error', code, message, range, related, fatalInReference: true, ...(fixes?.length ? { fixes } : {}) });
  }

  /** One of our Limits stopped the run; the reference has no such limit. */
  limitError(code: string, message: string, range?: SourceRange): void {
    this.fatal = true;
    this.diagnostics.push({ severity: 'error', code, message, range });
  }

  /** Something the reference accepts but that is likely a mistake (reported once per place). */
  warn(code: string, message: string, range?: SourceRange, related?: RelatedInfo[], fixes?: TextFix[]): void {
    if (this.firstTime(code, message, range)) this.diagnostics.push({ severity: 'warning', code, message, range, related, ...(fixes?.length ? { fixes } : {}) });
  }

  info(code: string, message: string, range?: SourceRange): void {
    if (this.firstTime(code, message, range)) this.diagnostics.push({ severity: 'info', code, message, range });
  }

  private readonly reported = new Set<string>();

  /** Class bodies are built once per object: say each thing once. */
  private firstTime(code: string, message: string, range?: SourceRange): boolean {
    const key = `${code}\0${message}\0${range ? `${range.file}:${range.offset}` : ''}`;
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }
}

/** Thrown inside a phase to abandon the current object or step; the phase reports and goes on. */
export class PPError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly range?: SourceRange,
    readonly related?: RelatedInfo[],
    readonly fixes?: TextFix[],
  ) {
    super(message);
  }
}
