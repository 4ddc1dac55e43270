// Compiler-style lines (`file:line:col: severity CODE: message`) that editors and problem
// matchers understand.
import * as path from 'node:path';
import type { Diagnostic } from '../core/model';

export function formatDiagnostic(d: Diagnostic, cwd: string): string {
  const where = d.range ? `${displayPath(d.range.file, cwd)}:${d.range.line}:${d.range.col}: ` : 'tplg-budget: ';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') && rel.split(path.sep).filter((x) => x === '..').length > 3 ? file : rel || file;
}
