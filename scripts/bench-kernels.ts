/**
 * `npm run bench:kernels [-- --out docs/results/kernels.json]`
 * Kernels per training step of every method (issue #16; what and how: scripts/lib/kernel-table.ts),
 * written to docs/results/kernels.{json,md}. `npm run benchmarks` counts them too, for BENCHMARKS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { KERNEL_SETUP, kernelTable, kernelTableMarkdown, kernelVerdict } from './lib/kernel-table';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = option(args, '--out', 'docs/results/kernels.json');
  const rows = await kernelTable(console.log);
  const table = `${kernelTableMarkdown(rows)}\n\n${kernelVerdict(rows)}`;
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    format: 'tpgm-kernels/2',
    date: new Date().toISOString(),
    command: `npm run bench:kernels -- ${args.join(' ')}`.trim(),
    setup: KERNEL_SETUP,
    rows,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(out.replace(/\.json$/, '.md'), `${table}\n`);
  console.log(`\n${table}\nwrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
