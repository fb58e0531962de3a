/**
 * Reading a project's zip without trusting it, through the shared reader (core/spec/zip-reader.ts):
 * the project is refused by the sizes its entries declare before anything is inflated, an entry is
 * inflated never past its declared size, and names that would leave the archive are set aside, never
 * read. This file holds the project's limits and how a refusal is worded; not the project's format
 * (project-file.ts).
 */
import {
  inflateEntry,
  listZipEntries,
  NotAZip,
  zipEntryCount,
  ZipEntryTooLarge,
  ZipEntryUnreadable,
  ZipUnreadable,
  type ZipEntry,
} from '../core/spec/zip-reader';

/** A project larger than this, as a file or unpacked in all, is refused before it is read. */
export const PROJECT_MAX_BYTES = 256 * 2 ** 20;
/** More entries than a project holds (12 shipped recordings, 4 files): no project of this app has them. */
export const PROJECT_MAX_ENTRIES = 10_000;

/** The whole archive cannot be read (not a zip, too large, crafted): nothing of it is used. */
export class ZipRefused extends Error {}
/** One entry cannot be read (damaged, encrypted, another compression): the part it holds is left out. */
export class EntryDamaged extends Error {}

/** The entries to read, by name, and those set aside (a name out of the archive, a repeated name) with why. */
export interface ZipListing {
  entries: Map<string, ZipEntry>;
  setAside: { name: string; why: string }[];
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A name that would land outside a folder it was unpacked into (`../`, absolute, a drive, a backslash). */
export const leavesArchive = (name: string): boolean =>
  name.startsWith('/') ||
  name.includes('\\') ||
  name.includes('\0') ||
  /^[a-zA-Z]:/.test(name) ||
  name.split('/').includes('..');

/** The reader's entries, its failures worded as a project's refusal. */
function entriesOf(zip: Uint8Array): ZipEntry[] {
  try {
    const count = zipEntryCount(zip);
    if (count > PROJECT_MAX_ENTRIES)
      throw new ZipRefused(`it lists ${count} files; a project holds at most ${PROJECT_MAX_ENTRIES}`);
    return listZipEntries(zip);
  } catch (err) {
    if (err instanceof NotAZip)
      throw new ZipRefused('it is not a zip archive, or it is damaged or cut short (no end of its central directory)');
    if (err instanceof ZipUnreadable) throw new ZipRefused(`it is damaged (${err.message})`);
    throw err;
  }
}

/**
 * Every entry of the zip, checked against the limits by the sizes the archive declares; nothing is
 * inflated. Folders are skipped.
 * @throws ZipRefused when the archive is unreadable or declares more than PROJECT_MAX_BYTES in all
 */
export function listZip(zip: Uint8Array): ZipListing {
  if (zip.length > PROJECT_MAX_BYTES)
    throw new ZipRefused(`it is ${mib(zip.length)}; a project is at most ${mib(PROJECT_MAX_BYTES)}`);
  const listing: ZipListing = { entries: new Map(), setAside: [] };
  let total = 0;
  let largest = { name: '', bytes: -1 };
  for (const entry of entriesOf(zip)) {
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
  try {
    return inflateEntry(zip, e);
  } catch (err) {
    if (err instanceof ZipEntryUnreadable) throw new EntryDamaged(`it is ${err.message}`);
    if (err instanceof ZipEntryTooLarge)
      throw new ZipRefused(
        `"${e.name}" unpacks to more than the ${e.bytes} bytes its entry declares (the archive is damaged or crafted)`,
      );
    throw err;
  }
}
