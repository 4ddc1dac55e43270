// Conversions between the engine's 1-based ranges and the protocol's 0-based ones.
import type { Location, Position, Range } from 'vscode-languageserver';
import type { SourceRange } from '../core/model';
import { pathToUri } from './documents';

export function toRange(r: SourceRange): Range {
  return { start: { line: Math.max(0, r.line - 1), character: Math.max(0, r.col - 1) }, end: { line: Math.max(0, r.endLine - 1), character: Math.max(0, r.endCol - 1) } };
}

export function toLocation(r: SourceRange): Location {
  return { uri: pathToUri(r.file), range: toRange(r) };
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/** True when `pos` lies inside `r`, ends inclusive. */
export function containsPosition(r: Range, pos: Position): boolean {
  return !before(pos, r.start) && !before(r.end, pos);
}

/** True when the ranges overlap or touch (VS Code's Range.intersection is defined then). */
export function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
