/**
 * `npm run check:reference -- <fixture.json> [--tolerance 1e-5]` (CPU backend; 1e-5 is the CPU tolerance)
 * Loads a TPGM reference fixture, runs every comparison with the project's core code (conformance.ts),
 * prints each quantity's max relative error, and exits 1 if any is above the tolerance (2 on bad input).
 */
import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs';

import { TOLERANCE, checkFixture } from '../src/core/tpgm/conformance';
import { parseFixture } from '../src/core/tpgm/fixture';

interface Args {
  file: string;
  tolerance: number;
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let tolerance: number = TOLERANCE.cpu;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tolerance') {
      tolerance = Number(argv[++i]);
      if (!(tolerance > 0)) throw new Error('--tolerance needs a positive number');
    } else if (a.startsWith('--')) {
      throw new Error(`unknown option ${a}`);
    } else if (file === undefined) {
      file = a;
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  if (file === undefined) throw new Error('usage: npm run check:reference -- <fixture.json> [--tolerance 1e-5]');
  return { file, tolerance };
}

async function main(): Promise<number> {
  let args: Args;
  let fixture;
  try {
    args = parseArgs(process.argv.slice(2));
    fixture = parseFixture(JSON.parse(readFileSync(args.file, 'utf8')));
  } catch (err) {
    console.error(`check:reference: ${(err as Error).message}`);
    return 2;
  }
  await tf.setBackend('cpu');
  const results = await checkFixture(fixture);
  const width = Math.max(...results.map((r) => r.quantity.length));
  console.log(
    `fixture ${args.file} · tfjs ${tf.version.tfjs} · backend ${tf.getBackend()} · tolerance ${args.tolerance} relative`,
  );
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
