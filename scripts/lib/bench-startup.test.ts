import { describe, expect, it } from 'vitest';

import type { RunSummary, WorkerEvent } from '../../src/worker/protocol';
import { evaluatedImages, imagesPerSecond, startTiming } from './bench-startup';

const state = (s: string): WorkerEvent => ({ type: 'runState', runId: 1, state: s, detail: '' }) as WorkerEvent;
const summary = {
  final: {
    results: [
      {
        confusion: [
          [3, 1],
          [0, 4],
        ],
      },
      {
        confusion: [
          [2, 0],
          [2, 0],
        ],
      },
      {}, // a domain saved without its matrix counts nothing
    ],
  },
} as unknown as RunSummary;

describe('the start-up timeline of a run', () => {
  it('times Start to data, to training, to the first step, and the final evaluation', () => {
    const t = startTiming(
      'wasm',
      100,
      [
        { at: 101, event: state('preparing') },
        { at: 400, event: state('evaluating') },
        { at: 900, event: state('warming-up') },
        { at: 950, event: { type: 'steps', runId: 1 } as unknown as WorkerEvent },
        { at: 990, event: { type: 'steps', runId: 1 } as unknown as WorkerEvent },
        { at: 2000, event: state('evaluating') },
        { at: 2400, event: { type: 'finished', runId: 1 } as unknown as WorkerEvent },
      ],
      summary,
    );
    expect(t).toEqual({ backend: 'wasm', toData: 300, toTraining: 800, toFirstStep: 850, evalImages: 12, evalMs: 400 });
    expect(imagesPerSecond(t)).toBe(30);
  });

  it('counts the images of every confusion matrix', () => {
    expect(evaluatedImages(summary)).toBe(12);
  });

  it('refuses a run with no final evaluation rather than time the wrong span', () => {
    expect(() =>
      startTiming(
        'wasm',
        0,
        [
          { at: 1, event: state('evaluating') },
          { at: 2, event: state('warming-up') },
        ],
        summary,
      ),
    ).toThrow(/no final evaluation/);
  });
});
