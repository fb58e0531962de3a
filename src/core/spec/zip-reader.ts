/**
 * Reading a zip without trusting it, shared by the page (project files, store/project-zip.ts) and the
 * worker (dataset and model uploads, worker/upload.ts): the entries are listed from the central
 * directory (APPNOTE.TXT §4.3.12, ZIP64 §4.3.14/§4.5.3) with the sizes they declare, so a caller holds
 * them to its limits before anything is inflated; an entry is inflated with fflate's streaming Inflate a
 * slice at a time, never past its declared size. What a caller allows and how it words a refusal are its
 * own. Tfjs-free (fflate is the one package src/core/spec may import).
 */
import { Inflate, strFromU8 } from 'fflate';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedBytes: number;
  /** The unpacked size the archive declares; inflating holds the entry to it. */
  bytes: number;
  localHeader: number;
}

/**
 * Compressed bytes handed to the inflater at once. Deflate expands at most ~1032:1, so one slice
 * inflates to at most ~16.5 MiB: all a lying entry gets inflated before it is caught.
 */
export const INFLATE_SLICE_BYTES = 16 * 1024;

/** The archive cannot be listed; its message says why ("no end of central directory record", …). */
export class ZipUnreadable extends Error {}
/** No end-of-central-directory record: not a zip at all, or one cut short. */
export class NotAZip extends ZipUnreadable {}
/** One entry cannot be read (encrypted, another compression, damaged); the message says why. */
export class ZipEntryUnreadable extends Error {}
/** An entry that inflates past the size it declares (damaged or crafted): stopped one slice later. */
export class ZipEntryTooLarge extends Error {
  constructor(
    readonly entry: ZipEntry,
    /** Bytes inflated when it was stopped. */
    readonly inflated: number,
  ) {
    super(`"${entry.name}" unpacks to more than the ${entry.bytes} bytes it declares`);
  }
}

const u16 = (v: DataView, at: number): number => v.getUint16(at, true);
const u32 = (v: DataView, at: number): number => v.getUint32(at, true);
const view = (zip: Uint8Array): DataView => new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

/** The end-of-central-directory record (§4.3.16; ZIP64 §4.3.14): where the entries are, and how many. */
function centralDirectory(zip: Uint8Array, v: DataView): { at: number; count: number } {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(v, i) !== 0x06054b50) continue;
    const count = u16(v, i + 10);
    const at = u32(v, i + 16);
    if ((count !== 0xffff && at !== 0xffffffff) || i < 20 || u32(v, i - 20) !== 0x07064b50) return { at, count };
    const end64 = Number(v.getBigUint64(i - 12, true));
    if (end64 + 56 > zip.length || u32(v, end64) !== 0x06064b50) throw new ZipUnreadable('broken ZIP64 end record');
    return { at: Number(v.getBigUint64(end64 + 48, true)), count: Number(v.getBigUint64(end64 + 32, true)) };
  }
  throw new NotAZip('no end of central directory record');
}

/** How many entries the central directory lists, read before listing them (a caller may refuse many). */
export const zipEntryCount = (zip: Uint8Array): number => centralDirectory(zip, view(zip)).count;

/** Every entry of the central directory, folders included, with the sizes they declare; nothing is inflated. */
export function listZipEntries(zip: Uint8Array): ZipEntry[] {
  const v = view(zip);
  const dir = centralDirectory(zip, v);
  const entries: ZipEntry[] = [];
  for (let k = 0, at = dir.at; k < dir.count; k++) {
    if (at + 46 > zip.length || u32(v, at) !== 0x02014b50)
      throw new ZipUnreadable(`entry ${k + 1} of the central directory is broken`);
    const [flags, nameLen, extraLen] = [u16(v, at + 8), u16(v, at + 28), u16(v, at + 30)];
    const entry: ZipEntry = {
      // without the UTF-8 flag (bit 11) the name is CP437; read as Latin-1, as fflate's unzipSync does
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLen), !(flags & 0x800)),
      flags,
      method: u16(v, at + 10),
      compressedBytes: u32(v, at + 20),
      bytes: u32(v, at + 24),
      localHeader: u32(v, at + 42),
    };
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; e += 4 + u16(v, e + 2)) {
      if (u16(v, e) !== 1) continue;
      let f = e + 4;
      for (const key of ['bytes', 'compressedBytes', 'localHeader'] as const) {
        if (entry[key] !== 0xffffffff) continue;
        entry[key] = Number(v.getBigUint64(f, true));
        f += 8;
      }
    }
    entries.push(entry);
    at += 46 + nameLen + extraLen + u16(v, at + 32);
  }
  return entries;
}

/**
 * One entry's bytes, inflated never past the size it declares; `counted` hears every inflated chunk.
 * @throws ZipEntryUnreadable when it cannot be read; ZipEntryTooLarge when it unpacks past its size
 */
export function inflateEntry(
  zip: Uint8Array,
  e: ZipEntry,
  counted: (n: number) => void = () => {},
): Uint8Array<ArrayBuffer> {
  if (e.flags & 1) throw new ZipEntryUnreadable('encrypted');
  const v = view(zip);
  if (e.localHeader + 30 > zip.length || u32(v, e.localHeader) !== 0x04034b50)
    throw new ZipEntryUnreadable('damaged in the archive (no local header)');
  const start = e.localHeader + 30 + u16(v, e.localHeader + 26) + u16(v, e.localHeader + 28);
  if (start + e.compressedBytes > zip.length) throw new ZipEntryUnreadable('damaged in the archive (cut short)');
  const data = zip.subarray(start, start + e.compressedBytes);
  if (e.method === 0) {
    if (data.length !== e.bytes) throw new ZipEntryUnreadable('damaged in the archive (stored size mismatch)');
    counted(data.length);
    return data.slice();
  }
  if (e.method !== 8) throw new ZipEntryUnreadable(`compressed with method ${e.method} (only deflate is read)`);
  // deflate never grows data by more than its stored blocks' 5 bytes per 64 KiB: a longer input is junk,
  // and fflate copies its whole pending input on every push, so junk would cost quadratic time
  if (e.compressedBytes > e.bytes + (e.bytes >> 5) + 65536)
    throw new ZipEntryUnreadable('damaged in the archive (larger compressed than deflate ever makes it)');
  const out = new Uint8Array(e.bytes);
  let n = 0;
  const inflate = new Inflate((chunk) => {
    if (n + chunk.length <= e.bytes) out.set(chunk, n);
    n += chunk.length;
    counted(chunk.length);
  });
  // slices after the one that completed the declared size: one more may hold the stream's end code
  let slicesAfterFull = 0;
  for (let at = 0; at === 0 || at < data.length; at += INFLATE_SLICE_BYTES) {
    const last = at + INFLATE_SLICE_BYTES >= data.length;
    try {
      inflate.push(data.subarray(at, at + INFLATE_SLICE_BYTES), last);
      if (!last && n === e.bytes && ++slicesAfterFull > 1) {
        inflate.push(new Uint8Array(0), true); // what follows is not the entry's data: end the stream here
        break;
      }
    } catch (err) {
      throw new ZipEntryUnreadable(`damaged in the archive (${(err as Error).message})`);
    }
    if (n > e.bytes) throw new ZipEntryTooLarge(e, n);
  }
  if (n !== e.bytes) throw new ZipEntryUnreadable(`damaged in the archive (${n} of ${e.bytes} bytes)`);
  return out;
}
