// Rename a Define variable everywhere it is written: Define entries, `$NAME` uses and
// IncludeByKey keys, in every topology file of the workspace and of the current analysis (other
// top-level files share the same includes, so the analysed target alone is not enough).
import * as path from 'node:path';
import { ErrorCodes, ResponseError, type CancellationToken, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { VARIABLE_NAME, variableAt, variableSites } from '../core/syntax/variableSites';
import { pathToUri } from './documents';
import type { Session } from './session';
import { offsetAt, rangeAt, type SyntaxCache } from './syntaxCache';
import { walkFiles } from './targets';

const MAX_WORKSPACE_FILES = 20_000;
const CONFIRM = 'tplg-budget.setByTarget';

const refuse = (message: string): ResponseError<void> => new ResponseError(ErrorCodes.InvalidRequest, message);

export class DefineRename {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
    private readonly folders: () => readonly string[],
    /** The client applies annotated edits (and so can ask before applying a risky one). */
    private readonly annotations: () => boolean,
  ) {}

  prepare(file: string, pos: Position): Range {
    const e = this.cache.get(file);
    const hit = e && variableAt(e.text, e.syntax, offsetAt(e, pos));
    if (!e || !hit) throw refuse('Only Define variables can be renamed here: place the cursor on a $NAME use, a Define entry or an IncludeByKey key.');
    return rangeAt(e, hit.span.start, hit.span.end);
  }

  rename(file: string, pos: Position, newName: string, token: CancellationToken): WorkspaceEdit {
    const e = this.cache.get(file);
    const hit = e && variableAt(e.text, e.syntax, offsetAt(e, pos));
    if (!e || !hit) throw refuse('Only Define variables can be renamed here.');
    if (typeof newName !== 'string' || !VARIABLE_NAME.test(newName)) throw refuse(`"${String(newName)}" is not a variable name: use letters, digits and _ only, as $NAME needs.`);
    const name = hit.name;
    if (newName === name) return { changes: {} };

    const files = new Set([e.file, ...this.session.files, ...walkFiles(this.folders(), (n) => n.endsWith('.conf'), MAX_WORKSPACE_FILES)]);
    // -D values come from the build target, which this edit cannot see into: ask before applying.
    const target = this.session.state?.context.target;
    const setByTarget = !!target?.defines?.split(',').some((d) => d.split('=')[0] === name);
    const annotate = setByTarget && this.annotations();

    const byFile = new Map<string, TextEdit[]>();
    for (const f of files) {
      if (token.isCancellationRequested) break;
      const fe = this.cache.get(f);
      if (!fe || (!fe.text.includes(name) && !fe.text.includes(newName))) continue;
      if (variableSites(fe.text, fe.syntax, newName).length) {
        const rel = this.folders().map((d) => path.relative(d, f)).find((r) => !r.startsWith('..')) ?? f;
        throw refuse(`${newName} is already a variable in ${rel}: renaming ${name} to it would merge the two.`);
      }
      const edits = variableSites(fe.text, fe.syntax, name).map((s): TextEdit => ({ range: rangeAt(fe, s.start, s.end), newText: newName, ...(annotate ? { annotationId: CONFIRM } : {}) }));
      if (edits.length) byFile.set(pathToUri(f), edits);
    }
    if (!annotate) return { changes: Object.fromEntries(byFile) };
    return {
      documentChanges: [...byFile].map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
      changeAnnotations: { [CONFIRM]: { label: `${name} is also set by -D of ${target?.name ?? 'the build target'}`, description: 'change the target list too', needsConfirmation: true } },
    };
  }
}
