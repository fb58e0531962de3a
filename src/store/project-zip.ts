/**
 * Reading a project's zip without trusting it: the entries are listed from the zip's central directory
 * (APPNOTE.TXT §4.3.12), the project is refused by the sizes they declare before anything is inflated,
 * and an entry is inflated with fflate's streaming Inflate a slice at a time into a buffer of its
 * declared size, so one that lies about its size is stopped after one slice. Names that would leave the
 * archive are set aside, never read. The same approach as the dataset upload (worker/upload.ts), kept
 * apart because that one lives in the worker; not the project's format (project-file.ts).
 */
import { Inflate, strFromU8 } from 'fflate';

/** A project larger than this, as a file or unpacked in all, is refused before it is read. */
export const PROJECT_MAX_BYTES = 256 * 2 ** 20;
/** More entries than a project holds (12 shipped recordings, 4 files): no project of this app has them. */
export const PROJECT_MAX_ENTRIES = 10_000;

/**
 * Compressed bytes handed to the inflater at once. Deflate expands at most ~1032:1, so a slice
 * inflates to at most ~16.5 MiB: all a lying entry gets inflated before it is caught.
 */
const INFLATE_SLICE_BYTES = 16 * 1024;

/** The whole archive cannot be read (not a zip, too large, crafted): nothing of it is used. */
export class ZipRefused extends Error {}
/** One entry cannot be read (damaged, encrypted, another compression): the part it holds is left out. */
export class EntryDamaged extends Error {}

/** One entry of the central directory, with the unpacked size it declares. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedBytes: number;
  bytes: number;
  localHeader: number;
}

/** The entries to read, by name, and those set aside (a name out of the archive, a repeated name) with why. */
export interface ZipListing {
  entries: Map<string, ZipEntry>;
  setAside: { name: string; why: string }[];
}

const u16 = (v: DataView, at: number): number => v.getUint16(at, true);
const u32 = (v: DataView, at: number): number => v.getUint32(at, true);
const view = (zip: Uint8Array): DataView => new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A name that would land outside a folder it was unpacked into (`../`, absolute, a drive, a backslash). */
export const leavesArchive = (name: string): boolean =>
  name.startsWith('/') ||
  name.includes('\\') ||
  name.includes('\0') ||
  /^[a-zA-Z]:/.test(name) ||
  name.split('/').includes('..');

/** Where the central directory starts and how many entries it lists (end record, APPNOTE §4.3.16). */
function centralDirectory(zip: Uint8Array, v: DataView): { at: number; count: number } {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(v, i) !== 0x06054b50) continue;
    const count = u16(v, i + 10);
    const at = u32(v, i + 16);
    // ZIP64 marks its sizes this way; a project of at most 256 MiB never needs it
    if (count === 0xffff || at === 0xffffffff) throw new ZipRefused('it is a ZIP64 archive, which no project needs');
    if (at + 46 * count > i) throw new ZipRefused('it is damaged (its central directory is out of place)');
    return { at, count };
  }
  throw new ZipRefused('it is not a zip archive, or it is damaged or cut short (no end of its central directory)');
}

/**
 * Every entry of the zip, checked against the limits by the sizes the archive declares; nothing is
 * inflated. Folders are skipped.
 * @throws ZipRefused when the archive is unreadable or declares more than PROJECT_MAX_BYTES in all
 */
export function listZip(zip: Uint8Array): ZipListing {
  if (zip.length > PROJECT_MAX_BYTES)
    throw new ZipRefused(`it is ${mib(zip.length)}; a project is at most ${mib(PROJECT_MAX_BYTES)}`);
  const v = view(zip);
  const dir = centralDirectory(zip, v);
  if (dir.count > PROJECT_MAX_ENTRIES)
    throw new ZipRefused(`it lists ${dir.count} files; a project holds at most ${PROJECT_MAX_ENTRIES}`);
  const listing: ZipListing = { entries: new Map(), setAside: [] };
  let total = 0;
  let largest = { name: '', bytes: -1 };
  for (let k = 0, at = dir.at; k < dir.count; k++) {
    if (at + 46 > zip.length || u32(v, at) !== 0x02014b50)
      throw new ZipRefused(`it is damaged (entry ${k + 1} of its central directory is broken)`);
    const [flags, nameLength] = [u16(v, at + 8), u16(v, at + 28)];
    const entry: ZipEntry = {
      // without the UTF-8 flag (bit 11) a name is CP437; read as Latin-1, as fflate's unzipSync does
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLength), !(flags & 0x800)),
      flags,
      method: u16(v, at + 10),
      compressedBytes: u32(v, at + 20),
      bytes: u32(v, at + 24),
      localHeader: u32(v, at + 42),
    };
    at += 46 + nameLength + u16(v, at + 30) + u16(v, at + 32);
    total += entry.bytes;
    if (entry.bytes > largest.bytes) largest = entry;
    if (entry.name.endsWith('/')) continue;
    if (leavesArchive(entry.name)) listing.setAside.push({ name: entry.name, why: 'a path out of the archive' });
    else if (listing.entries.has(entry.name))
      listing.setAside.push({ name: entry.name, why: 'a second file of this name' });
    else listing.entries.set(entry.name, entry);
  }
  if (total > PROJECT_MAX_BYTES)
    throw new ZipRefused(
      `it unpacks to ${mib(total)} (the largest file, "${largest.name}", to ${mib(largest.bytes)}); ` +
        `a project is at most ${mib(PROJECT_MAX_BYTES)} unpacked`,
    );
  return listing;
}

/**
 * One entry's bytes, inflated never past the size it declares.
 * @throws EntryDamaged when it cannot be read; ZipRefused when it unpacks to more than it declares
 */
export function unpackEntry(zip: Uint8Array, e: ZipEntry): Uint8Array<ArrayBuffer> {
  if (e.flags & 1) throw new EntryDamaged('it is encrypted');
  const v = view(zip);
  if (e.localHeader + 30 > zip.length || u32(v, e.localHeader) !== 0x04034b50)
    throw new EntryDamaged('it is damaged in the archive (no local header)');
  const start = e.localHeader + 30 + u16(v, e.localHeader + 26) + u16(v, e.localHeader + 28);
  if (start + e.compressedBytes > zip.length) throw new EntryDamaged('it is cut short in the archive');
  const data = zip.subarray(start, start + e.compressedBytes);
  if (e.method === 0) {
    if (data.length !== e.bytes) throw new EntryDamaged('it is damaged in the archive (stored size mismatch)');
    return data.slice();
  }
  if (e.method !== 8) throw new EntryDamaged(`it is compressed with method ${e.method} (only deflate is read)`);
  // deflate never grows data by more than its stored blocks' 5 bytes per 64 KiB: a longer input is not deflate
  if (e.compressedBytes > e.bytes + (e.bytes >> 5) + 65536)
    throw new EntryDamaged('it is damaged in the archive (larger compressed than deflate ever makes it)');
  const out = new Uint8Array(e.bytes);
  let n = 0;
  const inflate = new Inflate((chunk) => {
    if (n + chunk.length <= e.bytes) out.set(chunk, n);
    n += chunk.length;
  });
  for (let at = 0; at === 0 || at < data.length; at += INFLATE_SLICE_BYTES) {
    try {
      inflate.push(data.subarray(at, at + INFLATE_SLICE_BYTES), at + INFLATE_SLICE_BYTES >= data.length);
    } catch (err) {
      throw new EntryDamaged(`it is damaged in the archive (${(err as Error).message})`);
    }
    if (n > e.bytes)
      throw new ZipRefused(
        `"${e.name}" unpacks to more than the ${e.bytes} bytes its entry declares (the archive is damaged or crafted)`,
      );
  }
  if (n !== e.bytes) throw new EntryDamaged(`it is damaged in the archive (${n} of ${e.bytes} bytes)`);
  return out;
}
