import { describe, expect, it } from 'vitest';

import { DEFAULT_CONFIG } from '../core/spec/config';
import { defaultDraft } from '../core/spec/default-run';
import { encodePredictions } from '../core/spec/predictions';
import { importRuns, runsFromJson, tooLargeToImport } from './runs-import';
import { outcomeLabel, runOutcome, runRow, runsToJson, type FinishedRun } from './runs';

function run(runId: number, patch: Partial<FinishedRun> = {}): FinishedRun {
  const spec = defaultDraft('mnist');
  spec.config = { ...DEFAULT_CONFIG, method: runId % 2 === 0 ? 'tpgm' : 'full-ft', seed: 3 };
  const results = [
    {
      domain: 'clean' as const,
      isId: true,
      accuracy: 0.9,
      loss: 0.3,
      confusion: [
        [5, 1],
        [0, 6],
      ],
      predictions: encodePredictions([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
    },
    { domain: 'sketch' as const, isId: false, accuracy: 0.5, loss: 1.2 },
  ];
  const layer = {
    name: 'conv1/kernel',
    isHead: false,
    deviation: 0.5,
    anchorNorm: 4,
    relativeDeviation: 0.125,
    radius: 0.6,
    boundedDeviation: 0.5,
    projectionRatio: 1,
    wantedDeviation: 0.7,
    wantedBoundedDeviation: null,
  };
  return {
    uid: `uid-${runId}`,
    runId,
    spec,
    summary: {
      steps: 10,
      stopped: false,
      lossBound: 230,
      wallMs: 1500,
      medianStepMs: 12.5,
      final: { step: 10, results, scope: { kind: 'full', images: 3000 } },
      layers: { step: 10, layers: [layer, { ...layer, name: 'head/bias', isHead: true, radius: null }] },
      backend: 'wasm',
    },
    evals: [
      { step: 0, results, scope: { kind: 'live', perClass: 30, images: 300 } },
      { step: 10, results },
    ],
    steps: [
      { step: 1, loss: 2.3, lr: 0.01 },
      { step: 2, loss: 2.1, lr: 0.01 },
    ],
    finishedAt: `2026-12-02T10:0${runId}:00.000Z`,
    ...patch,
  };
}

/** The export of `runs` with each field at a dotted path (`runs.1.runId`) set to a value, or deleted for undefined. */
function exported(runs: FinishedRun[], ...edits: [string, unknown][]): string {
  const json: unknown = JSON.parse(runsToJson(runs));
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let at = json as Record<string, unknown>;
    for (const k of keys) at = at[k] as Record<string, unknown>;
    if (value === undefined) delete at[last];
    else at[last] = value;
  }
  return JSON.stringify(json);
}

const refusedFile = (text: string): string => {
  const file = runsFromJson(text);
  if (file.ok) throw new Error('the file was read');
  return file.why;
};

describe('importing a runs export', () => {
  it('reads back what runsToJson wrote: the same runs, without the export-only state', () => {
    const interrupted = run(3, {
      summary: { ...run(3).summary, stopped: true, interrupted: { step: 4, reason: 'the worker stopped answering' } },
    });
    const swept = run(4, {
      summary: {
        ...run(4).summary,
        sweep: { label: 'α', points: [{ value: 0.5, results: run(4).summary.final.results }] },
      },
    });
    const recorded = run(5, { uid: 'recording:mnist-b1-tpgm-s0', recorded: 'recorded 2026-12-02 · wasm · seed 0' });
    const continued = run(6, {
      summary: {
        ...run(6).summary,
        continuedFrom: { step: 3, savedAt: '2026-12-03T08:00:00.000Z', backend: 'webgpu' },
      },
      radiusHistory: [
        { step: 0, radii: { 'fc1/kernel': 0.01, 'fc1/bias': 0 } },
        { step: 5, radii: { 'fc1/kernel': 0.04, 'fc1/bias': 0.002 } },
      ],
    });
    const runs = [run(1), run(2), interrupted, swept, recorded, continued];
    const text = runsToJson(runs);
    expect(JSON.parse(text).runs[2].state).toBe('interrupted at step 4');
    const file = runsFromJson(text);
    expect(file).toEqual({ ok: true, runs, refused: [] });
    if (!file.ok) return;
    expect(file.runs.some((r) => 'state' in r)).toBe(false);
    expect(file.runs[4].recorded).toBe('recorded 2026-12-02 · wasm · seed 0'); // still labelled recorded
    expect(file.runs.map((r) => runRow(r).methodLabel)).toEqual(['FT', 'TPGM', 'FT', 'TPGM', 'FT', 'TPGM']);
    expect(runRow(file.runs[5]).continuedFrom).toBe(3);
  });

  it('reads a diverged run back: a loss JSON wrote as null is NaN again, and the run is still diverged', () => {
    const summary = run(1).summary;
    const diverged = run(1, {
      summary: {
        ...summary,
        steps: 3,
        diverged: { step: 3, loss: Number.NaN, lr: 0.01, reason: 'non-finite', bound: 230 },
      },
      steps: [{ step: 3, loss: Number.POSITIVE_INFINITY, lr: 0.01 }],
    });
    const file = runsFromJson(runsToJson([diverged]));
    if (!file.ok) throw new Error(file.why);
    const [back] = file.runs;
    expect(back.summary.diverged).toEqual({ step: 3, loss: Number.NaN, lr: 0.01, reason: 'non-finite', bound: 230 });
    expect(back.steps[0].loss).toBeNaN(); // Infinity is written as null too
    expect(outcomeLabel(runOutcome(back.summary, back.spec.config.steps))).toBe('diverged at step 3');
  });

  it('refuses a file that is not a runs export of this app, saying what it found', () => {
    expect(refusedFile('{"runs": []}')).toBe(
      'it has no "format" field, so it is not a runs export of this app (its fields: runs)',
    );
    const packageJson = JSON.stringify({
      name: 'x',
      version: '1.0.0',
      private: true,
      type: 'module',
      scripts: {},
      dependencies: {},
    });
    expect(refusedFile(packageJson)).toBe(
      'it has no "format" field, so it is not a runs export of this app (its fields: name, version, private, type, scripts, …)',
    );
    expect(refusedFile('[]')).toBe('it holds a list, not a runs export (an object with "format": "tpgm-runs/1")');
    expect(refusedFile('{"format": "tpgm-recording/1", "entries": []}')).toBe(
      'its format is "tpgm-recording/1", not "tpgm-runs/1"',
    );
    expect(refusedFile('{"format": "tpgm-runs/2", "runs": []}')).toBe(
      'its format "tpgm-runs/2" is newer than this app reads ("tpgm-runs/1")',
    );
    expect(refusedFile('{"format": 1}')).toBe('its format is 1, not "tpgm-runs/1"');
    expect(refusedFile('{"format": "tpgm-runs/1"}')).toBe('its "runs" is missing, not a list of runs');
    expect(refusedFile('{"format": "tpgm-runs/1", "runs": {}}')).toBe('its "runs" is an object, not a list of runs');
  });

  it('refuses a damaged file (cut short) whole, and says the table is unchanged', () => {
    const text = runsToJson([run(1), run(2)]);
    expect(refusedFile(text.slice(0, text.length / 2))).toBe('it is not valid JSON (damaged or cut short)');
    expect(importRuns(text.slice(0, 100), 'tpgm-runs.json', [run(7)])).toEqual({
      added: [],
      text: 'tpgm-runs.json was not imported: it is not valid JSON (damaged or cut short). The table is unchanged.',
      tone: 'alert',
    });
    expect(tooLargeToImport('video.json', 300 * 2 ** 20).text).toBe(
      'video.json was not imported: it is 300 MiB, more than a runs export of this app (at most 256 MiB). The table is unchanged.',
    );
  });

  it('imports the valid runs and refuses each invalid one by entry, naming the field at fault', () => {
    const text = exported(
      [run(1), run(2), run(3), run(4), run(5)],
      ['runs.1.summary.final.results.0.accuracy', '0.9'],
      ['runs.2.summary.final.results', undefined],
      ['runs.3.spec.config.method', 'magic'],
      ['runs.4.runId', null],
    );
    const file = runsFromJson(text);
    if (!file.ok) throw new Error(file.why);
    expect(file.runs.map((r) => r.uid)).toEqual(['uid-1']);
    expect(file.refused).toEqual([
      { entry: 2, why: 'entry 2 (run 2): summary.final.results[0].accuracy is "0.9", not a number' },
      { entry: 3, why: 'entry 3 (run 3): summary.final.results is missing' },
      { entry: 4, why: 'entry 4 (run 4): spec.config.method "magic" is not a method this app knows' },
      { entry: 5, why: 'entry 5: runId is null, not a whole number ≥ 0' },
    ]);
    expect(importRuns(text, 'mixed.json', []).text).toBe(
      'Imported 1 run from mixed.json; 4 refused: entry 2 (run 2): summary.final.results[0].accuracy is "0.9", not a number; ' +
        'entry 3 (run 3): summary.final.results is missing; entry 4 (run 4): spec.config.method "magic" is not a method this app knows; and 1 more.',
    );
  });

  it('checks what the charts read: layer statistics, domains, evaluations, steps, dates', () => {
    const why = (path: string, value: unknown): string | undefined => {
      const file = runsFromJson(exported([run(1)], [`runs.0.${path}`, value]));
      return file.ok ? file.refused[0]?.why : file.why;
    };
    expect(why('summary.layers.layers.1.name', 7)).toBe(
      'entry 1 (run 1): summary.layers.layers[1].name is 7, not text',
    );
    expect(why('evals.1.results.1.domain', 'mars')).toBe(
      'entry 1 (run 1): evals[1].results[1].domain is "mars", not a domain this app knows',
    );
    expect(why('steps.0', 'step')).toBe('entry 1 (run 1): steps[0] is "step", not an object');
    expect(why('finishedAt', 'yesterday')).toBe('entry 1 (run 1): finishedAt is "yesterday", not a date and time');
    expect(why('summary.backend', 'tpu')).toBe(
      'entry 1 (run 1): summary.backend is "tpu", not a backend (webgpu, webgl, wasm, cpu)',
    );
    expect(why('summary.final.results.0.accuracy', 90)).toBe(
      'entry 1 (run 1): summary.final.results[0].accuracy is 90, not an accuracy between 0 and 1',
    );
    expect(why('summary.layers', [])).toBe('entry 1 (run 1): summary.layers is a list, not an object');
    expect(why('spec.config.steps', 2.5)).toBe('entry 1 (run 1): spec.config.steps is 2.5, not a whole number ≥ 0');
    expect(why('summary.diverged', { step: 3, loss: null, lr: 0.1, reason: 'boredom', bound: 9 })).toBe(
      'entry 1 (run 1): summary.diverged.reason is "boredom", not a reason this app knows',
    );
    expect(why('recorded', false)).toBe('entry 1 (run 1): recorded is false, not text');
    expect(why('radiusHistory', [{ step: 0, radii: { 'fc1/kernel': 'wide' } }])).toBe(
      'entry 1 (run 1): radiusHistory[0].radii.fc1/kernel is "wide", not a number',
    );
    expect(why('runId', 1e300)).toBe('entry 1 (run 1e+300): runId is 1e+300, not a run number up to 1,000,000');
    // the errors by class: whole counts in a square table
    expect(why('summary.final.results.0.confusion', [[1, 2]])).toBe(
      'entry 1 (run 1): summary.final.results[0].confusion is "1 rows", not a square table',
    );
    expect(why('summary.final.results.0.confusion.1', 'x')).toBe(
      'entry 1 (run 1): summary.final.results[0].confusion[1] is "x", not a list',
    );
    expect(why('summary.final.results.0.confusion.0.1', -1)).toBe(
      'entry 1 (run 1): summary.final.results[0].confusion[0][1] is -1, not a whole number ≥ 0',
    );
    // the per-image predictions: base64, one per image the confusion counts, each a class of it
    expect(why('summary.final.results.0.predictions', 'AA$A')).toBe(
      'entry 1 (run 1): summary.final.results[0].predictions is "AA$A", not base64 (one byte per test image)',
    );
    expect(why('summary.final.results.0.predictions', encodePredictions([0, 1, 1]))).toBe(
      'entry 1 (run 1): summary.final.results[0].predictions is "3 predictions", not 12 classes below 2, one per test image',
    );
    expect(why('summary.final.results.0.predictions', encodePredictions(Array(12).fill(2)))).toMatch(
      /is "12 predictions", not 12 classes below 2/,
    );
    expect(why('summary.final.results.1.predictions', encodePredictions([0]))).toBe(
      'entry 1 (run 1): summary.final.results[1].confusion is missing',
    );
  });

  it('recognises runs already in the table (by uid) and does not add them again', () => {
    const text = runsToJson([run(1), run(2)]);
    const again = importRuns(text, 'tpgm-runs.json', [run(1), run(2)]);
    expect(again).toEqual({
      added: [],
      text: 'No run imported from tpgm-runs.json; 2 were already here.',
      tone: 'status',
    });
    const half = importRuns(text, 'tpgm-runs.json', [run(2)]);
    expect(half.added.map((r) => r.uid)).toEqual(['uid-1']);
    expect(half.text).toBe('Imported 1 run from tpgm-runs.json; 1 was already here.');
    expect(importRuns(text, 'tpgm-runs.json', []).text).toBe('Imported 2 runs from tpgm-runs.json.');
    // a run listed twice in the file is added once
    const twice = runsFromJson(runsToJson([run(1), run(1)]));
    expect(twice.ok && twice.refused).toEqual([{ entry: 2, why: 'entry 2 (run 1): the same run (uid) as entry 1' }]);
  });

  it('says so when nothing could be imported: every run refused, or none in the file', () => {
    const broken = exported([run(1)], ['runs.0', 3]);
    expect(importRuns(broken, 'tpgm-runs.json', [])).toEqual({
      added: [],
      text: 'No run imported from tpgm-runs.json; 1 refused: entry 1: it is 3, not a run. The table is unchanged.',
      tone: 'alert',
    });
    expect(importRuns(runsToJson([]), 'empty.json', []).text).toBe('No run imported: empty.json holds no runs.');
  });
});
