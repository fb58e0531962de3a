import { describe, expect, it } from 'vitest';

import { fakeRecording } from '../testing/fake-recording';
import { parseRecording, parseRecordingIndex, recordEvents, RecordingError } from './recording';

const recording = fakeRecording();

describe('recordings', () => {
  it('keep one run’s events in order with the step each was posted at, without runIds', () => {
    expect(recording.entries.map((e) => [e.step, e.event.type])).toEqual([
      [0, 'runState'],
      [0, 'eval'],
      [0, 'runState'],
      [10, 'steps'],
      [10, 'eval'],
      [10, 'layers'],
      [20, 'steps'],
      [20, 'eval'],
      [20, 'layers'],
      [20, 'finished'],
    ]);
    expect(recording.entries.some((e) => 'runId' in e.event)).toBe(false);
  });

  it('round-trip through JSON unchanged, and are accepted back', () => {
    const text = JSON.stringify(recording);
    expect(parseRecording(JSON.parse(text), 'x')).toEqual(recording);
  });

  it('round numbers to the digits asked for, keeping non-finite losses as they are', () => {
    const [entry] = recordEvents(
      [
        {
          type: 'steps',
          runId: 1,
          points: [{ step: 1, loss: 1.23456789, lr: 0.1 }],
          stepsPerSecond: 3.14159265,
          stepsDone: 1,
          totalSteps: 2,
          etaMs: null,
        },
      ],
      1,
      3,
    );
    expect(entry.event).toMatchObject({ points: [{ loss: 1.23 }], stepsPerSecond: 3.14 });
  });

  it('are refused by name with the reason when damaged', () => {
    const broken = (patch: object): unknown => ({ ...JSON.parse(JSON.stringify(recording)), ...patch });
    const cases: [unknown, RegExp][] = [
      [null, /not a JSON object/],
      [broken({ format: 'tpgm-recording/9' }), /format is "tpgm-recording\/9"/],
      [broken({ spec: 3 }), /not a run spec/],
      [broken({ entries: [] }), /holds no events/],
      [broken({ entries: recording.entries.slice(0, 3) }), /does not end with the run finishing/],
      [broken({ entries: [...recording.entries].reverse() }), /goes back in time/],
      [broken({ entries: [{ step: 0, event: { type: 'hack' } }] }), /unknown type "hack"/],
    ];
    for (const [json, why] of cases) {
      expect(() => parseRecording(json, 'mnist-b1-ft-s0')).toThrow(RecordingError);
      expect(() => parseRecording(json, 'mnist-b1-ft-s0')).toThrow(why);
      expect(() => parseRecording(json, 'mnist-b1-ft-s0')).toThrow(/recording mnist-b1-ft-s0/);
    }
  });

  it('index entries need an id, a size and a SHA-256', () => {
    expect(() => parseRecordingIndex({ format: 'tpgm-recordings/1', recordings: [{ id: 'a' }] })).toThrow(/SHA-256/);
    expect(() => parseRecordingIndex({ format: 'other', recordings: [] })).toThrow(/not a tpgm-recordings\/1 index/);
    const ok = { format: 'tpgm-recordings/1', recordings: [{ id: 'a', bytes: 3, sha256: 'ab' }] };
    expect(parseRecordingIndex(ok)).toEqual(ok);
  });
});
