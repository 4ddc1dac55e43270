// SARIF 2.1.0 logs of findings and diagnostics, for code scanning (GitHub upload-sarif) and SARIF
// viewers: one rule per code with its help text, one result per problem, located in the file that
// holds the offending text (an included file too), relative to the repository root.
import type { BaselineState } from './baseline';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Finding, Severity, SourceRange } from '../model';
import { ruleHelp } from './rules';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const ROOT_ID = '%SRCROOT%';

export interface SarifProblem {
  problem: Finding | Diagnostic;
  /** The build target the problem was found in (sweeps over many targets). */
  target?: string;
  /** Where to point when the problem has no range: the top-level file, or the target's list entry. */
  fallback?: { file: string; line?: number };
  /** Against a baseline (report/baseline.ts): whether the problem is new or was recorded. */
  baselineState?: BaselineState;
}

export interface SarifNotification {
  level: SarifLevel;
  message: string;
  at?: { file: string; line?: number };
}

export interface SarifOptions {
  /** Repository root: locations below it are relative to it (`%SRCROOT%`). Absolute. */
  root: string;
  toolVersion: string;
  /** Facts about the run that are not results, e.g. targets whose input is missing. */
  notifications?: SarifNotification[];
}

export type SarifLevel = 'error' | 'warning' | 'note';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region?: Region;
}
interface Message {
  text: string;
}

export interface SarifRule {
  id: string;
  shortDescription: Message;
  fullDescription: Message;
  help: Message;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: Message;
  /** Absent only for a problem without a range or a fallback. */
  locations?: Array<{ physicalLocation: PhysicalLocation }>;
  relatedLocations?: Array<{ id: number; physicalLocation: PhysicalLocation; message: Message }>;
  properties?: Record<string, string | number>;
  baselineState?: BaselineState;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications?: Array<{ level: SarifLevel; message: Message; locations?: Array<{ physicalLocation: PhysicalLocation }> }>;
    }>;
  }>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function buildSarif(problems: readonly SarifProblem[], opts: SarifOptions): SarifLog {
  const root = path.resolve(opts.root);
  const codes = [...new Set(problems.map((p) => p.problem.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules: SarifRule[] = codes.map((id) => {
    const h = ruleHelp(id);
    return { id, shortDescription: { text: h.short }, fullDescription: { text: h.help }, help: { text: h.help } };
  });
  const artifact = (file: string): ArtifactLocation => {
    const rel = path.relative(root, path.resolve(file));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
      return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: ROOT_ID };
    }
    return { uri: pathToFileURL(path.resolve(file)).href };
  };
  const fromRange = (r: SourceRange): PhysicalLocation => ({
    artifactLocation: artifact(r.file),
    region: { startLine: r.line, startColumn: r.col, endLine: r.endLine, endColumn: Math.max(r.endCol, r.endLine === r.line ? r.col + 1 : 1) },
  });
  const fromFile = (at: { file: string; line?: number }): PhysicalLocation =>
    at.line ? { artifactLocation: artifact(at.file), region: { startLine: at.line } } : { artifactLocation: artifact(at.file) };

  const results: SarifResult[] = [];
  for (const p of problems) {
    const x = p.problem;
    const where = x.range ? fromRange(x.range) : p.fallback ? fromFile(p.fallback) : undefined;
    const result: SarifResult = {
      ruleId: x.code,
      ruleIndex: ruleIndex.get(x.code) as number,
      level: LEVEL[x.severity],
      message: { text: p.target ? `${x.message} (target ${p.target})` : x.message },
    };
    if (where) result.locations = [{ physicalLocation: where }];
    if (p.baselineState) result.baselineState = p.baselineState;
    if (x.related?.length) {
      result.relatedLocations = x.related.map((r, i) => ({ id: i + 1, physicalLocation: fromRange(r.range), message: { text: r.message } }));
    }
    const props = properties(p);
    if (Object.keys(props).length) result.properties = props;
    results.push(result);
  }
  const notes = opts.notifications ?? [];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tplg-budget', version: opts.toolVersion, rules } },
        originalUriBaseIds: { [ROOT_ID]: { uri: pathToFileURL(root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            ...(notes.length
              ? {
                  toolExecutionNotifications: notes.map((n) => ({
                    level: n.level,
                    message: { text: n.message },
                    ...(n.at ? { locations: [{ physicalLocation: fromFile(n.at) }] } : {}),
                  })),
                }
              : {}),
          },
        ],
      },
    ],
  };
}

function properties(p: SarifProblem): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (p.target) out.target = p.target;
  const f = p.problem as Finding;
  if (f.widget) out.widget = f.widget;
  if (f.pipeline) out.pipeline = f.pipeline;
  if (f.attribute) out.attribute = f.attribute;
  if (f.suggested !== undefined) out.suggested = f.suggested;
  return out;
}
