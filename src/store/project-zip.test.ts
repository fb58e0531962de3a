import { createHash } from 'node:crypto';

import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { readProject } from './project-open';
import { leavesArchive, listZip, PROJECT_MAX_BYTES, unpackEntry } from './project-zip';

/** `zip` with a field of `name`'s central directory entry set (offsets of APPNOTE.TXT §4.3.12). */
function patchCentral(zip: Uint8Array, name: string, field: 'method' | 'bytes', value: number): Uint8Array {
  const out = zip.slice();
  const v = new DataView(out.buffer);
  for (let at = 0; at + 46 < out.length; at++) {
    if (v.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = v.getUint16(at + 28, true);
    if (new TextDecoder().decode(out.subarray(at + 46, at + 46 + nameLength)) !== name) continue;
    if (field === 'method') v.setUint16(at + 10, value, true);
    else v.setUint32(at + 24, value, true);
    return out;
  }
  throw new Error(`no entry ${name}`);
}

const check = (b: Uint8Array) => ({ bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') });
const manifest = strToU8(JSON.stringify({ format: 'tpgm-project/1', savedAt: '2026-12-03T12:00:00Z', files: {} }));

describe('project zip', () => {
  it('refuses a project by the sizes its entries declare, before inflating anything', async () => {
    const zip = patchCentral(
      zipSync({ 'project.json': manifest, 'runs.json': strToU8('{}') }),
      'runs.json',
      'bytes',
      300 * 2 ** 20,
    );
    const started = performance.now();
    const read = await readProject(zip);
    expect(read).toEqual({
      ok: false,
      why: 'it unpacks to 300.0 MiB (the largest file, "runs.json", to 300.0 MiB); a project is at most 256.0 MiB unpacked',
    });
    expect(performance.now() - started).toBeLessThan(1000); // 300 MiB were never inflated
  });

  it('stops an entry that unpacks to more than it declares after one slice (a zip bomb)', async () => {
    const bomb = zipSync({ 'project.json': new Uint8Array(16 * 2 ** 20) }); // 16 MiB of zeros: ~16 KiB packed
    const lying = patchCentral(bomb, 'project.json', 'bytes', 1000);
    const entry = listZip(lying).entries.get('project.json');
    expect(entry && entry.compressedBytes).toBeLessThan(20_000);
    expect(await readProject(lying)).toEqual({
      ok: false,
      why: '"project.json" unpacks to more than the 1000 bytes its entry declares (the archive is damaged or crafted)',
    });
  });

  it('refuses a file over the limit, and a zip listing more files than a project holds', () => {
    expect(() => listZip(new Uint8Array(PROJECT_MAX_BYTES + 2 ** 20))).toThrow(
      'it is 257.0 MiB; a project is at most 256.0 MiB',
    );
    const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}`, new Uint8Array(0)]));
    expect(() => listZip(zipSync(many, { level: 0 }))).toThrow('it lists 10001 files; a project holds at most 10000');
  });

  it('reads stored entries, and says which entry cannot be read and why', async () => {
    const stored = zipSync({ 'a.json': strToU8('{"x": 1}') }, { level: 0 });
    const a = listZip(stored).entries.get('a.json');
    expect(a && new TextDecoder().decode(unpackEntry(stored, a))).toBe('{"x": 1}');
    const runs = strToU8('{"format": "tpgm-runs/1", "runs": []}');
    const listed = { format: 'tpgm-project/1', savedAt: '2026-12-03T12:00:00Z', files: { 'runs.json': check(runs) } };
    const zip = zipSync({ 'project.json': strToU8(JSON.stringify(listed)), 'runs.json': runs });
    const read = await readProject(patchCentral(zip, 'runs.json', 'method', 12));
    expect(read.ok && read.runs).toEqual({
      ok: false,
      why: 'runs.json: it is compressed with method 12 (only deflate is read)',
    });
  });

  it('names the paths that would leave the archive', () => {
    for (const name of ['../x.json', 'recordings/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b'])
      expect(leavesArchive(name)).toBe(true);
    for (const name of ['runs.json', 'recordings/mnist-b1-tpgm-s0.json', 'a..b/c'])
      expect(leavesArchive(name)).toBe(false);
    const listing = listZip(
      zipSync({ '../x.json': strToU8('{}'), 'runs.json': strToU8('{}'), 'dir/': new Uint8Array(0) }),
    );
    expect([...listing.entries.keys()]).toEqual(['runs.json']);
    expect(listing.setAside).toEqual([{ name: '../x.json', why: 'a path out of the archive' }]);
  });
});
