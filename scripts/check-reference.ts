/**
 * `npm run check:reference -- <fixture.json> [--tolerance T] [--backend webgpu|webgl|wasm|cpu] [--skip-build]`
 * Loads a TPGM reference fixture, runs every comparison with the project's core code (conformance.ts),
 * prints each quantity's max relative error, and exits 1 if any is above the tolerance (2 on bad input).
 * Without --backend it runs here in Node on tfjs' CPU backend (tolerance 1e-5). With --backend it runs
 * in the app's own worker in headless Chromium (scripts/lib/headless-worker.ts), forced onto that
 * backend: WebGPU goes through SwiftShader where there is no GPU (tolerance 1e-4 for GPU backends).
 */
import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';

import { TFJS_VERSION, TOLERANCE, checkFixture } from '../src/core/tpgm/conformance';
import { parseFixture } from '../src/core/tpgm/fixture';
import type { QuantityError } from '../src/core/spec/quantity-error';
import { BACKEND_NAMES, type BackendName, type WorkerEvent } from '../src/worker/protocol';
import { openHeadlessWorker } from './lib/headless-worker';

interface Args {
  file: string;
  tolerance: number;
  /** null: here, in Node, on the CPU backend. */
  backend: BackendName | null;
  skipBuild: boolean;
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let tolerance: number | null = null;
  let backend: BackendName | null = null;
  let skipBuild = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tolerance') {
      tolerance = Number(argv[++i]);
      if (!(tolerance > 0)) throw new Error('--tolerance needs a positive number');
    } else if (a === '--backend') {
      const name = argv[++i];
      if (!(BACKEND_NAMES as readonly string[]).includes(name))
        throw new Error(`--backend needs one of ${BACKEND_NAMES.join(', ')}`);
      backend = name as BackendName;
    } else if (a === '--skip-build') {
      skipBuild = true;
    } else if (a.startsWith('--')) {
      throw new Error(`unknown option ${a}`);
    } else if (file === undefined) {
      file = a;
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  if (file === undefined)
    throw new Error('usage: npm run check:reference -- <fixture.json> [--tolerance 1e-5] [--backend webgpu]');
  const gpu = backend === 'webgpu' || backend === 'webgl';
  return { file, tolerance: tolerance ?? (gpu ? TOLERANCE.gpu : TOLERANCE.cpu), backend, skipBuild };
}

/** The fixture through the app's worker in headless Chromium, on `backend`. */
async function inBrowser(
  fixture: unknown,
  backend: BackendName,
  skipBuild: boolean,
): Promise<{ results: QuantityError[]; where: string }> {
  const worker = await openHeadlessWorker({ backend, skipBuild, log: (line) => console.error(line) });
  try {
    if (worker.backend.name !== backend)
      throw new Error(
        `the worker runs on ${worker.backend.name}, not ${backend}: ${worker.backend.fallbacks.join('; ')}`,
      );
    const answer = worker.next(
      (e): e is Extract<WorkerEvent, { type: 'referenceChecked' | 'failed' }> =>
        (e.type === 'referenceChecked' || e.type === 'failed') && e.requestId === 1,
    );
    await worker.send({ type: 'checkReference', requestId: 1, fixture });
    const e = await answer;
    if (e.type === 'failed') throw new Error(e.error.message);
    return {
      results: e.results,
      where: `tfjs ${e.tfjs} · backend ${e.backend} (${worker.backend.adapter}), in Chromium`,
    };
  } finally {
    await worker.close();
  }
}

async function main(): Promise<number> {
  let args: Args;
  let fixture;
  let json: unknown;
  try {
    args = parseArgs(process.argv.slice(2));
    json = JSON.parse(readFileSync(args.file, 'utf8'));
    fixture = parseFixture(json);
  } catch (err) {
    console.error(`check:reference: ${(err as Error).message}`);
    return 2;
  }
  let results: QuantityError[];
  let where: string;
  if (args.backend === null) {
    await tf.setBackend('cpu');
    results = await checkFixture(fixture);
    where = `tfjs ${TFJS_VERSION} · backend ${tf.getBackend()}, in Node`;
  } else {
    ({ results, where } = await inBrowser(json, args.backend, args.skipBuild));
  }
  const width = Math.max(...results.map((r) => r.quantity.length));
  console.log(`fixture ${args.file} · ${where} · tolerance ${args.tolerance} relative`);
  console.log('rel err = ‖a − e‖∞ / ‖e‖∞ per quantity (the criterion); elem rel = max |a−e| / max(|e|, 1e-6)');
  console.log(`${'quantity'.padEnd(width)}  values      rel err     elem rel  max abs err  status`);
  let failed = 0;
  for (const r of results) {
    const ok = r.relativeError <= args.tolerance;
    if (!ok) failed += 1;
    console.log(
      `${r.quantity.padEnd(width)}  ${String(r.count).padStart(6)}  ${r.relativeError.toExponential(2).padStart(11)}  ${r.maxElementRelativeError.toExponential(2).padStart(11)}  ${r.maxAbsoluteError.toExponential(2).padStart(11)}  ${ok ? 'ok' : 'FAIL'}`,
    );
  }
  const worst = Math.max(...results.map((r) => r.relativeError));
  console.log(
    `${results.length} quantities, worst ${worst.toExponential(2)}: ${failed === 0 ? 'all within tolerance' : `${failed} above tolerance`}`,
  );
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`check:reference failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
