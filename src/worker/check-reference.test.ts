import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { TOLERANCE } from '../core/tpgm/conformance';
import { DATASETS_DIR } from '../testing/worker-run';
import { fileSource } from '../testing/node-source';
import { createHandler } from './handler';
import type { WorkerEvent } from './protocol';

const FIXTURE = join(import.meta.dirname, '..', 'testing', 'fixtures', 'tpgm_reference.json');

describe('checkReference through the worker (Node, CPU backend)', () => {
  it('runs the shipped TPGM fixture on the worker backend and answers every quantity within the CPU tolerance', async () => {
    const events: WorkerEvent[] = [];
    const handle = createHandler((e) => events.push(e), {
      datasetFolder: () => (path) => fileSource(join(DATASETS_DIR, path)),
      modelFolder: () => fileSource(join(DATASETS_DIR, '..', 'models')),
    });
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    const fixture: unknown = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    await handle({ type: 'checkReference', requestId: 5, fixture });
    const answer = events.find((e) => e.type === 'referenceChecked');
    if (answer?.type !== 'referenceChecked') throw new Error(JSON.stringify(events.filter((e) => e.type === 'failed')));
    expect(answer.requestId).toBe(5);
    expect(answer.backend).toBe('cpu');
    expect(answer.results.length).toBeGreaterThan(20);
    expect(new Set(answer.results.map((r) => r.quantity)).size).toBe(answer.results.length);
    expect(answer.results.filter((r) => !(r.relativeError <= TOLERANCE.cpu))).toEqual([]);
  }, 120_000);

  it('refuses a file that is no fixture, with the reason', async () => {
    const events: WorkerEvent[] = [];
    const handle = createHandler((e) => events.push(e), {
      datasetFolder: () => (path) => fileSource(join(DATASETS_DIR, path)),
      modelFolder: () => fileSource(join(DATASETS_DIR, '..', 'models')),
    });
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'checkReference', requestId: 6, fixture: { format: 'something else' } });
    const failed = events.find((e) => e.type === 'failed');
    expect(failed?.type === 'failed' && failed.requestId).toBe(6);
    expect(failed?.type === 'failed' && failed.error.message.length).toBeGreaterThan(10);
  });
});
