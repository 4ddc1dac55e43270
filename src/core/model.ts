// Plain, serializable values passed between the stages of the engine. Every stage's output is
// one of these, so tests can snapshot them and adapters (CLI, VS Code) need nothing else.

/** A span of source text. Lines and columns are 1-based, columns count UTF-16 code units. */
export interface SourceRange {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** 0-based offsets into the file text, half-open. */
  offset: number;
  endOffset: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInfo {
  message: string;
  range: SourceRange;
}

/** A replacement that resolves a diagnostic, offered as a quick fix. */
export interface TextFix {
  title: string;
  range: SourceRange;
  newText: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `TPLG001`; documented in docs/diagnostics.md. */
  code: string;
  message: string;
  range?: SourceRange;
  related?: RelatedInfo[];
  /** True when the reference compiler (alsatplg) would stop here. */
  fatalInReference?: boolean;
  fixes?: TextFix[];
}

export type TupleValue = number | string;
export type TupleSet = Record<string, TupleValue>;

/** Where an attribute's effective value came from. */
export type ProvenanceKind =
  | 'instance' // written on the object itself
  | 'class-default' // default in the object's Class body
  | 'inherited' // copied from the parent object
  | 'parent-embedded' // the parent's instance config embeds this child with the value
  | 'parent-class' // the parent's Class embeds this child with the value (double build)
  | 'unique' // the object's id sets the class's unique attribute
  | 'define' // `$NAME` resolved from a Define block
  | 'cli-define'; // `$NAME` resolved from a -D definition

export interface Provenance {
  kind: ProvenanceKind;
  /** Where the value (or the `$NAME` reference) was written. */
  range?: SourceRange;
  /** For `define`/`cli-define`: the Define variable name and where its value was written. */
  define?: { name: string; range?: SourceRange };
  /** Raw text before `$` expansion, when it differs from the value. */
  raw?: string;
}

export interface ResolvedWidget {
  /** Output section key (`SectionWidget.<name>`). */
  name: string;
  /** DAPM type string (`src`, `scheduler`, `aif_in`, ...). */
  type: string;
  /** Pipeline id. */
  index: number;
  stream_name?: string;
  no_pm?: string;
  /** Class name (`src`, `host-copier`, ...) and the constructed object id. */
  className: string;
  /** Name of the top-level Pipeline object that built this widget, if any. */
  pipeline?: string;
  tuples: Record<string, TupleSet>;
  formats: { input_audio_format?: TupleSet[]; output_audio_format?: TupleSet[] };
  pins: Record<string, Record<string, TupleSet>>;
  /** Bytes controls the widget carries, with their initial data (the blobs cost models read). */
  blobs?: Array<{ control: string; bytes: number[] }>;
  /** Attribute name -> where its value came from. */
  provenance: Record<string, Provenance>;
  /** Where the object is written (the instance, or the class body that embeds it). */
  range?: SourceRange;
}

export interface ResolvedPipeline {
  /** Constructed object name, e.g. `host-copier-gain-src-mixin-playback.5`. */
  name: string;
  className: string;
  index: number;
  /** Names of widgets built under this pipeline object, in build order. */
  widgets: string[];
  range?: SourceRange;
}

export interface ResolvedRoute {
  /** `<parent>.route.<instance>` as in SectionGraph. */
  key: string;
  index: number;
  sink: string;
  control: string;
  source: string;
  range?: SourceRange;
}

export interface ResolvedPcm {
  name: string;
  id?: number;
  range?: SourceRange;
}

export interface ResolveResult {
  widgets: ResolvedWidget[];
  pipelines: ResolvedPipeline[];
  routes: ResolvedRoute[];
  pcms: ResolvedPcm[];
  diagnostics: Diagnostic[];
  /** Every file read, in first-read order. */
  files: string[];
  /** True when the reference compiler would have failed on this input. */
  failed: boolean;
}

/** A memory-budget finding from the simulator, located on the attribute to change. */
export interface Finding {
  /** Stable code, e.g. `MEM001`; documented in docs/findings.md. */
  code: string;
  severity: Severity;
  message: string;
  widget?: string;
  pipeline?: string;
  /** The attribute the user should change, and where it is (or where to add it). */
  attribute?: string;
  range?: SourceRange;
  suggested?: number | string;
  related?: RelatedInfo[];
  /**
   * Under a model that ignores the attribute: what the design that reads it (topology-sized)
   * does with this topology, and the value to write for it (memory/nextStep.ts).
   */
  nextStep?: { model: string; suggested?: number; code?: string };
}
