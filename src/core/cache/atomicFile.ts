// Cache files are shared by concurrent processes: a reader must never see a half-written one.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Write `data` to `file` through a temporary file and a rename; false when it could not be. */
export function writeFileAtomic(file: string, data: string | Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
}

/** The file's bytes, or undefined when it cannot be read. */
export function readFileOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
