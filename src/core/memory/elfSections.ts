// Reads an ELF file's section headers (32/64-bit, either byte order) and sums what an LLEXT
// loader maps: the SOF llext manager maps three regions, TEXT, RODATA and DATA (with .bss inside
// or next to it), each rounded up to whole pages (llext_manager.c:91, 211-300 at 12dd7265).
// Pure: takes the bytes, never touches the disk.

const SHF_WRITE = 0x1;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHT_NOBITS = 8;

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  align: number;
}

/** The module a SOF LLEXT declares in its `.module` section (SOF_LLEXT_MODULE_MANIFEST). */
export interface ElfModuleId {
  name: string;
  /** Bytes as stored (the firmware's little-endian struct), as topology writes a UUID. */
  uuid: string;
}

export interface ElfRegions {
  text: number;
  rodata: number;
  data: number;
  bss: number;
}

export type ElfReadResult = { ok: true; sections: ElfSection[]; regions: ElfRegions; module?: ElfModuleId } | { ok: false; error: string };

/** The sections of an ELF image and the loader regions they fall in, or why it is not one. */
export function readElfSections(bytes: Uint8Array): ElfReadResult {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return { ok: false, error: 'not an ELF file (bad magic)' };
  const cls = bytes[4];
  const order = bytes[5];
  if (cls !== 1 && cls !== 2) return { ok: false, error: `unknown ELF class ${cls}` };
  if (order !== 1 && order !== 2) return { ok: false, error: `unknown ELF byte order ${order}` };
  const is64 = cls === 2;
  const le = order === 1;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, le);
  const u32 = (o: number) => dv.getUint32(o, le);
  const word = (o: number) => (is64 ? Number(dv.getBigUint64(o, le)) : u32(o));
  if (is64 && bytes.length < 64) return { ok: false, error: 'truncated ELF header' };
  const shoff = is64 ? word(0x28) : u32(0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);
  const minEnt = is64 ? 64 : 40;
  if (!shnum) return { ok: false, error: 'no section headers' };
  if (shentsize < minEnt) return { ok: false, error: `section header entries of ${shentsize} bytes (need ${minEnt})` };
  if (shoff + shnum * shentsize > bytes.length) return { ok: false, error: 'section headers run past the end of the file' };
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    raw.push({
      nameOff: u32(o),
      type: u32(o + 4),
      flags: is64 ? word(o + 8) : u32(o + 8),
      offset: is64 ? word(o + 0x18) : u32(o + 0x10),
      size: is64 ? word(o + 0x20) : u32(o + 0x14),
      align: is64 ? word(o + 0x30) : u32(o + 0x20),
    });
  }
  const strtab = raw[shstrndx];
  const nameAt = (off: number): string => {
    if (!strtab || strtab.offset + off >= bytes.length) return '';
    let end = strtab.offset + off;
    while (end < bytes.length && end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
    return new TextDecoder('latin1').decode(bytes.subarray(strtab.offset + off, end));
  };
  const sections = raw.map((r) => ({ name: nameAt(r.nameOff), type: r.type, flags: r.flags, offset: r.offset, size: r.size, align: Math.max(1, r.align) }));
  const regions: ElfRegions = { text: 0, rodata: 0, data: 0, bss: 0 };
  for (const s of sections) {
    if (!(s.flags & SHF_ALLOC) || !s.size) continue;
    const key: keyof ElfRegions = s.flags & SHF_EXECINSTR ? 'text' : !(s.flags & SHF_WRITE) ? 'rodata' : s.type === SHT_NOBITS ? 'bss' : 'data';
    regions[key] = Math.ceil(regions[key] / s.align) * s.align + s.size;
  }
  const module = moduleId(bytes, sections.find((x) => x.name === '.module' && x.type !== SHT_NOBITS));
  return { ok: true, sections, regions, ...(module ? { module } : {}) };
}

// struct sof_man_module (rimage manifest.h:114-121): struct_id[4], name[8], uuid[16], first entry.
function moduleId(bytes: Uint8Array, s: ElfSection | undefined): ElfModuleId | undefined {
  if (!s || s.size < 28 || s.offset + 28 > bytes.length) return undefined;
  const at = bytes.subarray(s.offset, s.offset + 28);
  const nameBytes = at.subarray(4, 12);
  const end = nameBytes.indexOf(0);
  const name = new TextDecoder('latin1').decode(end < 0 ? nameBytes : nameBytes.subarray(0, end));
  const uuid = [...at.subarray(12, 28)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return { name, uuid };
}

/** Pages the loader maps for these regions: TEXT, RODATA, and DATA with .bss, each page aligned. */
export function loadedPages(r: ElfRegions, pageSize: number): number {
  const pages = (b: number) => Math.ceil(b / pageSize);
  return pages(r.text) + pages(r.rodata) + pages(r.data + r.bss);
}
