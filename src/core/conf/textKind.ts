// Whether a file handed to us as a topology is text at all. alsatplg reads whatever bytes it is
// given and reports pages of syntax errors for a compressed or binary file; we say what the file
// is instead, once, at its first line.

/** Magic numbers of the archives and compressors people hand over by mistake (`.conf.gz`). */
const COMPRESSED: Array<[string, string]> = [
  ['\x1f\x8b', 'gzip'],
  ['\xfd7zXZ\x00', 'xz'],
  ['\x28\xb5\x2f\xfd', 'zstd'],
  ['BZh', 'bzip2'],
  ['PK\x03\x04', 'zip'],
];

/** How much of a file is looked at for NUL bytes: text never has them, binaries have them early. */
const SNIFF = 65536;

/**
 * Why `text` (a latin1 byte string, as the file hosts give it) is not topology text, or undefined
 * when it may be. `name` is how the message names the file.
 */
export function notTopologyText(text: string, name: string): string | undefined {
  for (const [magic, kind] of COMPRESSED) {
    if (!text.startsWith(magic)) continue;
    // "BZh" is also how a word may start: bzip2 follows it with the block size digit and its magic.
    if (kind === 'bzip2' && !/^BZh[1-9]1AY&SY/.test(text.slice(0, 10))) continue;
    return `${name} is a ${kind}-compressed file, not topology text: decompress it first (e.g. ${DECOMPRESS[kind]})`;
  }
  const nul = text.slice(0, SNIFF).indexOf('\x00');
  if (nul >= 0) return `${name} is a binary file, not topology text (a NUL byte at offset ${nul}): give the .conf source file`;
  return undefined;
}

const DECOMPRESS: Record<string, string> = {
  gzip: 'gunzip -k',
  xz: 'unxz -k',
  zstd: 'unzstd',
  bzip2: 'bunzip2 -k',
  zip: 'unzip',
};
