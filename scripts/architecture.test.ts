/**
 * The architecture rules hold, and each check fails when broken: ESLint's import rules (src/core/spec
 * imports only itself; app/ui/store reach core only through spec; scripts never import the app's
 * state; no file over 320 lines), no import circle (type imports included), and the build check that
 * keeps tfjs out of the main-thread bundle.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ESLint } from 'eslint';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

import { importCircles, importGraph } from './lib/import-graph';
import { noTfjsOnMainThread, tfjsInBundle } from './lib/main-thread-bundle';

const ROOT = join(import.meta.dirname, '..');

describe('the import rules (ESLint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  /** The rule ids ESLint reports for `code` as if it were the file at `path`. */
  const problems = async (path: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('keeps src/core/spec tfjs-free: no package but fflate, nothing outside spec', async () => {
    expect(
      await problems('src/core/spec/x.ts', "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n"),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*src\/core\/spec imports only src\/core\/spec/)]);
    // metrics.ts imports tfjs: importing it would pull tfjs in through the back door
    expect(
      await problems('src/core/spec/x.ts', "import { evaluate } from '../metrics';\nexport const e = evaluate;\n"),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
    expect(
      await problems(
        'src/core/spec/x.ts',
        "import { DEFAULT_CONFIG } from './config';\nexport const c = DEFAULT_CONFIG;\n",
      ),
    ).toEqual([]);
    // fflate (the zip reader both sides share) is the one package; any other, even tfjs-free, is not
    expect(
      await problems('src/core/spec/x.ts', "import { Inflate } from 'fflate';\nexport const i = Inflate;\n"),
    ).toEqual([]);
    expect(
      await problems('src/core/spec/x.ts', "import { create } from 'zustand';\nexport const c = create;\n"),
    ).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*src\/core\/spec imports only src\/core\/spec and fflate/),
    ]);
  });

  it('lets app, ui and store reach src/core only through src/core/spec', async () => {
    const ui = "import { evaluate } from '../../core/metrics';\nexport const e = evaluate;\n";
    expect(await problems('src/ui/panels/X.tsx', ui)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*only through src\/core\/spec/),
    ]);
    const store = "import { loadDataset } from '../core/data/dataset-loader';\nexport const l = loadDataset;\n";
    expect(await problems('src/store/x.ts', store)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: /),
    ]);
    const fine = "import { METHOD_INFO } from '../../core/spec/method-catalog';\nexport const m = METHOD_INFO;\n";
    expect(await problems('src/ui/panels/X.tsx', fine)).toEqual([]);
  });

  it('keeps the scripts off the app state', async () => {
    const code = "import { useAppStore } from '../src/store/app-store';\nexport const s = useAppStore;\n";
    expect(await problems('scripts/x.ts', code)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*src\/core\/spec, not the app state/),
    ]);
  });

  it('fails a source file over 320 lines, not a test', async () => {
    const long = Array.from({ length: 330 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(await problems('src/store/x.ts', long)).toEqual([expect.stringMatching(/^max-lines: /)]);
    expect(await problems('src/store/x.test.ts', long)).toEqual([]);
  });
});

describe('import circles', () => {
  it('finds a circle, type imports and self-imports included', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('has none in src and scripts', () => {
    const graph = importGraph(ROOT, ['src', 'scripts']);
    expect(graph.size).toBeGreaterThan(150); // it did read the project
    expect(graph.get('src/worker/session.ts')).toContain('src/worker/read-queue.ts');
    expect(importCircles(graph)).toEqual([]);
  });
});

describe('the main-thread bundle check', () => {
  const dir = join(ROOT, 'node_modules', '.cache', `tfjs-on-main-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the tfjs modules of a bundle and nothing else', () => {
    const bundle = {
      'assets/main.js': {
        type: 'chunk' as const,
        moduleIds: ['/p/src/main.tsx', '/p/node_modules/@tensorflow/tfjs-core/dist/index.js'],
      },
      'assets/main.css': { type: 'asset' as const },
      'assets/other.js': { type: 'chunk' as const, moduleIds: ['/p/node_modules/react/index.js'] },
    };
    expect(tfjsInBundle(bundle)).toEqual(['assets/main.js: /p/node_modules/@tensorflow/tfjs-core/dist/index.js']);
  });

  it('fails a real build that puts tfjs on the main thread', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    writeFileSync(
      join(dir, 'main.js'),
      "import { version_core } from '@tensorflow/tfjs-core';\nconsole.log(version_core);\n",
    );
    const run = build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [noTfjsOnMainThread()],
      build: { write: false, outDir: join(dir, 'dist') },
    });
    await expect(run).rejects.toThrow(/tfjs is in the main-thread bundle/);
  });
});
