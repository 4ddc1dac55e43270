// Conversions between the engine's 1-based ranges and VS Code's 0-based ones.
import * as vscode from 'vscode';
import type { SourceRange } from '../core/model';

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.line - 1, Math.max(0, r.col - 1), r.endLine - 1, Math.max(0, r.endCol - 1));
}

export function toLocation(r: SourceRange): vscode.Location {
  return new vscode.Location(vscode.Uri.file(r.file), toRange(r));
}

/** True when `pos` in `file` lies inside `r` (ends inclusive, as a cursor after a token still hovers it). */
export function contains(r: SourceRange | undefined, file: string, pos: vscode.Position): boolean {
  if (!r || r.file !== file) return false;
  return toRange(r).contains(pos);
}
