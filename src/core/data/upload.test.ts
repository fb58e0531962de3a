import { describe, expect, it } from 'vitest';

import { UPLOAD_LIMITS, datasetFromImages, planUpload } from './upload';

describe('upload planning', () => {
  it('groups class/image paths into sorted classes, stripping one shared top folder', () => {
    const plan = planUpload([
      'data/',
      'data/dog/2.PNG',
      'data/cat/1.png',
      'data/cat/',
      'data/dog/3.webp',
      'data/cat/x.jpeg',
    ]);
    expect(plan.classes).toEqual(['cat', 'dog']);
    expect(plan.images).toEqual([
      { path: 'cat/1.png', source: 'data/cat/1.png', label: 0 },
      { path: 'cat/x.jpeg', source: 'data/cat/x.jpeg', label: 0 },
      { path: 'dog/2.PNG', source: 'data/dog/2.PNG', label: 1 },
      { path: 'dog/3.webp', source: 'data/dog/3.webp', label: 1 },
    ]);
    expect(plan.skipped).toEqual([]);
    // a note beside the class folders does not stop the shared folder from being stripped
    const withNote = planUpload(['data/README.txt', 'data/a/1.png', 'data/b/2.png']);
    expect(withNote.classes).toEqual(['a', 'b']);
    expect(withNote.skipped).toEqual([{ path: 'README.txt', reason: 'not inside a class folder' }]);
  });

  it('skips unsupported files, hidden files and files outside class folders, saying why', () => {
    const plan = planUpload([
      'a/1.png',
      'b/2.jpg',
      'b/notes.txt',
      'top.png',
      '__MACOSX/a/._1.png',
      'a/.DS_Store',
      'a/deep/3.png',
    ]);
    expect(plan.images.map((i) => i.path)).toEqual(['a/1.png', 'b/2.jpg']);
    expect(plan.skipped).toEqual([
      { path: 'b/notes.txt', reason: 'unsupported file type ".txt" (use png, jpg or webp)' },
      { path: 'top.png', reason: 'not inside a class folder' },
      { path: 'a/deep/3.png', reason: 'nested deeper than class/image' },
    ]);
  });

  it('refuses what cannot be a dataset, with the reason', () => {
    expect(() => planUpload([])).toThrow(/no images found/);
    expect(() => planUpload(['a/readme.md', 'b/x.gif'])).toThrow(/no images found/);
    expect(() => planUpload(['a/1.png', 'a/2.png'])).toThrow('only one class ("a")');
    expect(() => planUpload(['a/1.png', 'b/2.png', 'c/'])).toThrow('class folder with no images: "c"');
    expect(() => planUpload(['a/1.png', 'b/2.png', 'c/x.txt'])).toThrow('class folder with no images: "c"');
    const many = Array.from({ length: UPLOAD_LIMITS.maxImages + 1 }, (_, i) => `${i % 2 ? 'a' : 'b'}/${i}.png`);
    expect(() => planUpload(many)).toThrow('20001 images; the limit is 20,000');
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
