import { describe, expect, it } from 'vitest';

import { makeSplits, splitPlanFor } from './splits';
import { UPLOAD_LIMITS, datasetFromImages, minImagesPerClass, planUpload } from './upload';

const MiB = 2 ** 20;

/** `n` image paths `prefix + cls/i.png` per class. */
const classOf = (cls: string, n: number, prefix = ''): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${cls}/${i}.png`);

describe('upload planning', () => {
  it('groups class/image paths into sorted classes, stripping one shared top folder', () => {
    const plan = planUpload([
      'data/',
      'data/dog/Z.PNG',
      'data/cat/one.png',
      'data/cat/',
      'data/dog/three.webp',
      'data/cat/x.jpeg',
      ...classOf('cat', 8, 'data/'),
      ...classOf('dog', 8, 'data/'),
    ]);
    expect(plan.classes).toEqual(['cat', 'dog']);
    expect(plan.images.slice(0, 2)).toEqual([
      { path: 'cat/0.png', source: 'data/cat/0.png', label: 0 },
      { path: 'cat/1.png', source: 'data/cat/1.png', label: 0 },
    ]);
    expect(plan.images.map((i) => i.path)).toEqual([
      ...classOf('cat', 8),
      'cat/one.png',
      'cat/x.jpeg',
      ...classOf('dog', 8),
      'dog/three.webp',
      'dog/Z.PNG',
    ]);
    expect(plan.images.map((i) => i.label)).toEqual([...Array(10).fill(0), ...Array(10).fill(1)]);
    expect(plan.skipped).toEqual([]);
    // a note beside the class folders does not stop the shared folder from being stripped
    const withNote = planUpload(['data/README.txt', ...classOf('a', 10, 'data/'), ...classOf('b', 10, 'data/')]);
    expect(withNote.classes).toEqual(['a', 'b']);
    expect(withNote.skipped).toEqual([{ path: 'README.txt', reason: 'not inside a class folder' }]);
  });

  it('skips unsupported files, hidden files and files outside class folders, saying why', () => {
    const plan = planUpload([
      ...classOf('a', 10),
      ...classOf('b', 10),
      'b/notes.txt',
      'top.png',
      '__MACOSX/a/._1.png',
      'a/.DS_Store',
      'a/deep/3.png',
      './a/extra.png',
      'a/extra.png',
    ]);
    expect(plan.images.map((i) => i.path)).toEqual([
      ...classOf('a', 10).sort(),
      'a/extra.png',
      ...classOf('b', 10).sort(),
    ]);
    expect(plan.skipped).toEqual([
      { path: 'b/notes.txt', reason: 'unsupported file type ".txt" (use png, jpg or webp)' },
      { path: 'top.png', reason: 'not inside a class folder' },
      { path: 'a/deep/3.png', reason: 'nested deeper than class/image' },
      { path: 'a/extra.png', reason: 'a second entry with the same name' },
    ]);
  });

  it('lists entries whose paths leave the upload as skipped, in archive order, and never uses them', () => {
    const plan = planUpload([
      '../evil.png',
      ...classOf('a', 10, 'data/'),
      'data/a/../../b/sneaky.png',
      ...classOf('b', 10, 'data/'),
      '/etc/abs.png',
      'C:\\Windows\\win.png',
      'd:/x/y.png',
      'data/b/..',
    ]);
    expect(plan.classes).toEqual(['a', 'b']);
    expect(plan.images).toHaveLength(20);
    expect(plan.images.every((i) => i.source.startsWith('data/'))).toBe(true);
    const climbs = 'unsafe path: it climbs out of the archive with ".."';
    const absolute = 'unsafe path: it is absolute';
    expect(plan.skipped).toEqual([
      { path: '../evil.png', reason: climbs },
      { path: 'data/a/../../b/sneaky.png', reason: climbs },
      { path: '/etc/abs.png', reason: absolute },
      { path: 'C:\\Windows\\win.png', reason: absolute },
      { path: 'd:/x/y.png', reason: absolute },
      { path: 'data/b/..', reason: climbs },
    ]);
  });

  it('refuses what cannot be a dataset, with the reason', () => {
    expect(() => planUpload([])).toThrow(/no images found/);
    expect(() => planUpload(['a/readme.md', 'b/x.gif'])).toThrow(
      'no images found: lay the images out as class/image.png (png, jpg or webp), one folder per class ' +
        '(skipped: a/readme.md: unsupported file type ".md" (use png, jpg or webp); ' +
        'b/x.gif: unsupported file type ".gif" (use png, jpg or webp))',
    );
    expect(() => planUpload(['a/1.png', 'a/2.png'])).toThrow('only one class ("a")');
    expect(() => planUpload(['a/1.png', 'b/2.png', 'c/'])).toThrow('class folder with no images: "c"');
    expect(() => planUpload(['a/1.png', 'b/2.png', 'c/x.txt'])).toThrow(
      'class folder with no images: "c" (skipped: c/x.txt: unsupported file type ".txt" (use png, jpg or webp))',
    );
    const many = Array.from({ length: UPLOAD_LIMITS.maxImages + 1 }, (_, i) => `${i % 2 ? 'a' : 'b'}/${i}.png`);
    expect(() => planUpload(many)).toThrow('20001 images; the limit is 20,000');
  });

  it('refuses a class with fewer images than the splits need, naming it and the numbers', () => {
    expect(minImagesPerClass()).toBe(10);
    expect(() => planUpload([...classOf('big', 40), ...classOf('five', 5)])).toThrow(
      'too few images: class "five" has 5; the splits need at least 10 per class ' +
        '(so that test, val, select and train each get one)',
    );
    expect(() => planUpload([...classOf('a', 9), ...classOf('b', 10), ...classOf('c', 1)])).toThrow(
      'too few images: class "a" has 9, class "c" has 1; the splits need at least 10 per class',
    );
    expect(planUpload([...classOf('a', 10), ...classOf('b', 10)]).images).toHaveLength(20);
  });

  it('asks the splits themselves: at 10 images a class every split gets one, at 9 one gets none', () => {
    const dataset = (perClass: number) =>
      datasetFromImages(
        'probe',
        ['a', 'b'],
        [1, 1, 1],
        Array.from({ length: 2 * perClass }, (_, i) => ({ pixels: new Uint8Array([i]), label: i % 2 })),
      );
    const enough = dataset(10);
    const splits = makeSplits(enough, splitPlanFor(enough.meta), 0);
    for (const name of ['test', 'val', 'select', 'train'] as const) expect(splits[name].length).toBeGreaterThan(0);
    expect(Object.values(splitPlanFor(dataset(9).meta).perClass)).toContain(0);
  });

  it('skips a file larger than the limit per file and refuses a total over the limit, with the numbers', () => {
    const paths = [...classOf('a', 10), ...classOf('b', 10), 'a/huge.png'];
    const sizes = new Map(paths.map((p) => [p, 1000]));
    sizes.set('a/huge.png', Math.round(1.72 * 1024 * MiB));
    const plan = planUpload(paths, sizes);
    expect(plan.images).toHaveLength(20);
    expect(plan.skipped).toEqual([
      { path: 'a/huge.png', reason: 'too large: it unpacks to 1.72 GiB; the limit per file is 64.0 MiB' },
    ]);
    // exactly at the limit per file is allowed
    sizes.set('a/huge.png', UPLOAD_LIMITS.maxEntryBytes);
    expect(planUpload(paths, sizes).skipped).toEqual([]);
    // 20 files of 30 MiB: 600 MiB together, over 512 MiB from the 18th (a/0 … a/9, b/0 … b/7)
    const big = new Map(paths.map((p) => [p, 30 * MiB]));
    expect(() => planUpload(paths.slice(0, 20), big)).toThrow(
      'the images unpack to 600.0 MiB, more than the limit of 512.0 MiB for all files together (passed at "b/7.png")',
    );
  });

  it('builds a Dataset from decoded pixels with class counts', () => {
    const ds = datasetFromImages(
      'mine',
      ['a', 'b'],
      [2, 2, 1],
      [
        { pixels: new Uint8Array([1, 2, 3, 4]), label: 1 },
        { pixels: new Uint8Array([5, 6, 7, 8]), label: 0 },
        { pixels: new Uint8Array([9, 9, 9, 9]), label: 1 },
      ],
    );
    expect(ds.meta.id).toBe('upload:mine');
    expect(ds.meta.partitions[0].classCounts).toEqual([1, 2]);
    expect(Array.from(ds.images.subarray(4, 8))).toEqual([5, 6, 7, 8]);
    expect(() => datasetFromImages('bad', ['a', 'b'], [2, 2, 1], [{ pixels: new Uint8Array(3), label: 0 }])).toThrow(
      /3 values, expected 4/,
    );
  });
});
