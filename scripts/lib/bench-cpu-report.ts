/**
 * The issue #16 sections of BENCHMARKS.md: the WASM step against PyTorch's on the same cores, at one and
 * two threads; kernels per step; time to the first step and evaluation throughput per backend.
 */
import { median } from '../../src/core/stats';
import type { StartTiming } from './bench-startup';
import { imagesPerSecond } from './bench-startup';
import type { ThreadTiming } from './bench-threads';
import { ms, type TorchStep } from './bench-timing';
import { kernelTableMarkdown, kernelVerdict, KERNEL_SETUP, type KernelRow } from './kernel-table';

/** The target of issue #16: the WASM FT step within this many times PyTorch's one-thread FT step. */
export const NATIVE_TARGET = 2.0;

/** Each round's WASM FT step over PyTorch's FT step of the same round (batch 32): the median of those. */
export function nativeRatio(threads: ThreadTiming, torchRounds: number[]): number {
  return median(threads.ftRoundsMs.map((ft, r) => ft / torchRounds[r]));
}

export function threadSection(threads: ThreadTiming[] | undefined, torchRounds: number[] | undefined): string {
  if (!threads || threads.length === 0) return 'Threads: not measured in this run.\n';
  const rounds = threads[0].ftRoundsMs.length;
  const torch = torchRounds && torchRounds.length === rounds ? torchRounds : null;
  const rows = threads.map((t) => {
    const ratio = torch ? nativeRatio(t, torch).toFixed(2) : '–';
    return `| ${t.adapter} | ${t.ftRoundsMs.map(ms).join(', ')} | ${ms(t.ftMs)} | ${t.tpgmRoundsMs.map(ms).join(', ')} | ${ms(t.tpgmMs)} | ${ratio} |`;
  });
  const best = torch ? threads.reduce((a, b) => (nativeRatio(a, torch) <= nativeRatio(b, torch) ? a : b)) : null;
  const bestRatio = best && torch ? nativeRatio(best, torch) : Number.NaN;
  const one = threads.find((t) => t.threads === 1);
  const scaling = threads
    .filter((t) => one && t !== one)
    .map(
      (t) =>
        `${t.threads} threads take FT to ${(t.ftMs / one!.ftMs).toFixed(2)} × and TPGM to ${(t.tpgmMs / one!.tpgmMs).toFixed(2)} × the one-thread step`,
    )
    .join('; ');
  return `FT and TPGM (the app's schedule) on WASM at each thread count, the app's worker in headless
Chromium (cross-origin isolated by \`vite preview\`'s COOP/COEP headers), cnn-small-mnist, B1, batch 32;
${rounds} interleaved rounds, each with PyTorch's plain FT step of the same model and batch on one thread
(\`scripts/reference/torch_step.py\`, glibc malloc's mmap and trim thresholds raised: with the defaults its
step page-faulted its memory in afresh and took 11–26 ms from run to run, 6.8–7.5 ms with them), so a
drift of the machine hits all alike. Load average (1 min)
after each round: ${threads[0].load1.map((l) => l.toFixed(1)).join(', ')}.

| WASM | FT step ms per round | FT median | TPGM step ms per round | TPGM median | FT × PyTorch (median of rounds) |
|---|---|---|---|---|---|
${rows.join('\n')}
| PyTorch, 1 thread, FT | ${torch ? torch.map(ms).join(', ') : '–'} | ${torch ? ms(median(torch)) : '–'} | | | 1.00 |

${scaling ? `${scaling[0].toUpperCase()}${scaling.slice(1)}. ` : ''}Target: the WASM FT step within ${NATIVE_TARGET.toFixed(1)} × PyTorch's one-thread
FT step — ${
    best
      ? `${bestRatio <= NATIVE_TARGET ? 'met' : 'not met'}: ${bestRatio.toFixed(2)} × at ${best.threads} thread(s)`
      : 'not measured'
  }${
    best && torch && one && best !== one
      ? `; at one thread, the app's default on a machine of 2 or 3 logical cores, ${nativeRatio(one, torch).toFixed(2)} × — ${
          nativeRatio(one, torch) <= NATIVE_TARGET ? 'met' : 'not met'
        }`
      : ''
  }.
`;
}

export function kernelSection(rows: KernelRow[] | undefined): string {
  if (!rows) return 'Kernels per step: not counted in this run.\n';
  return `Counted by tfjs's profiler (${KERNEL_SETUP}; also \`npm run bench:kernels\`). "Kernels that compute"
leave out Identity, Reshape and custom-gradient wrappers, which change metadata only. On a GPU, a model
this small is bound by these dispatches rather than by FLOPs.

${kernelTableMarkdown(rows)}

${kernelVerdict(rows)}
`;
}

export function startSection(starts: StartTiming[] | undefined): string {
  if (!starts || starts.length === 0) return 'Start-up and evaluation: not measured in this run.\n';
  const s = (x: number) => (x / 1000).toFixed(2);
  return `A TPGM run started on a freshly opened worker of each backend (nothing loaded, no kernel compiled),
its events stamped as they reach the benchmark (\`scripts/lib/bench-startup.ts\`). Data and model ready:
the dataset, the model and the domains built, θ0's evaluation begins. Training: θ0 evaluated (every
evaluation kernel compiled). First step: its loss read back (the training kernels compiled too).
Throughput: the run's final evaluation (accuracy, loss, confusion and predictions on every domain's test
images, and the per-layer statistics), over the images it evaluated; the slow software backends evaluate
fewer images, so their figure carries more of the evaluation's fixed cost.

| backend | Start → data and model ready, s | → training, s | → first step, s | final evaluation: images, s | images/s |
|---|---|---|---|---|---|
${starts.map((t) => `| ${t.backend} | ${s(t.toData)} | ${s(t.toTraining)} | ${s(t.toFirstStep)} | ${t.evalImages}, ${s(t.evalMs)} | ${imagesPerSecond(t).toFixed(0)} |`).join('\n')}
`;
}

/** PyTorch's batch-32 FT step of each round, from `torchReference` results. */
export function torchBatch32(results: (TorchStep[] | string)[]): number[] {
  return results.flatMap((r) =>
    typeof r === 'string' ? [] : r.filter((t) => t.batch === 32).map((t) => t.medianStepMs),
  );
}
