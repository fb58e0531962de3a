import { describe, expect, it } from 'vitest';

import type { ExperimentRun } from './experiment-table';
import { layerDrifts, layerPictureSvg } from './layer-picture';

const run = (method: string, seed: number, drift: Record<string, number>): ExperimentRun =>
  ({
    method,
    seed,
    summary: {
      layers: {
        step: 10,
        layers: Object.entries(drift).map(([name, relativeDeviation]) => ({
          name,
          isHead: name.startsWith('head'),
          relativeDeviation,
        })),
      },
    },
  }) as unknown as ExperimentRun;

describe('the per-layer picture', () => {
  const runs = [
    run('full-ft', 0, { 'conv1/kernel': 0.1, 'conv1/bias': 3, 'conv2/kernel': 0.2, 'head/kernel': 5 }),
    run('full-ft', 1, { 'conv1/kernel': 0.3, 'conv1/bias': 3, 'conv2/kernel': 0.2, 'head/kernel': 5 }),
    run('tpgm', 0, { 'conv1/kernel': 0.05, 'conv1/bias': 1, 'conv2/kernel': 0, 'head/kernel': 4 }),
  ];

  it('takes each backbone kernel’s drift per method and seed, in forward order, without biases or the head', () => {
    expect(layerDrifts(runs, ['full-ft', 'tpgm'])).toEqual([
      {
        layer: 'conv1/kernel',
        byMethod: [
          { method: 'full-ft', seeds: [0.1, 0.3] },
          { method: 'tpgm', seeds: [0.05] },
        ],
      },
      {
        layer: 'conv2/kernel',
        byMethod: [
          { method: 'full-ft', seeds: [0.2, 0.2] },
          { method: 'tpgm', seeds: [0] },
        ],
      },
    ]);
  });

  it('draws a bar of the mean and a dot per seed, on a round percent axis', () => {
    const svg = layerPictureSvg(layerDrifts(runs, ['full-ft', 'tpgm']), 'Title <x>', ['measured here']);
    expect(svg).toContain('Title &lt;x&gt;');
    expect(svg).toContain('full-ft conv1/kernel: 20.00 % (mean of 2)');
    expect(svg).toContain('tpgm conv2/kernel: 0.00 % (mean of 1)');
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).toContain('>30 %<'); // the largest seed, 30 %, sets the axis
    expect(svg).not.toContain('head');
  });
});
