import { describe, expect, it } from 'vitest';

import {
  offlineActions,
  offlineReducer,
  offlineStore,
  percentSaved,
  type OfflineEvent,
  type OfflineState,
} from './offline-store';

const run = (events: OfflineEvent[], from: OfflineState = { kind: 'checking' }): OfflineState =>
  events.reduce(offlineReducer, from);

describe('offline state', () => {
  it('a first visit: saving with progress, then available offline', () => {
    expect(run([{ type: 'progress', savedBytes: 10, totalBytes: 100 }])).toEqual({
      kind: 'saving',
      savedBytes: 10,
      totalBytes: 100,
    });
    expect(
      run([
        { type: 'progress', savedBytes: 10, totalBytes: 100 },
        { type: 'progress', savedBytes: 100, totalBytes: 100 },
        { type: 'activated' },
      ]),
    ).toEqual({ kind: 'ready' });
  });

  it('a later visit, served by the service worker: available offline at once', () => {
    expect(run([{ type: 'active' }])).toEqual({ kind: 'ready' });
  });

  it('a new build: saved beside the old one, then said to apply on the next load', () => {
    const ready: OfflineState = { kind: 'ready' };
    expect(run([{ type: 'progress', savedBytes: 95, totalBytes: 100 }], ready)).toEqual({
      kind: 'updating',
      savedBytes: 95,
      totalBytes: 100,
    });
    expect(run([{ type: 'progress', savedBytes: 100, totalBytes: 100 }, { type: 'activated' }], ready)).toEqual({
      kind: 'updated',
    });
    // an 'active' seen late (the registration resolves after the update began) changes nothing
    expect(run([{ type: 'progress', savedBytes: 1, totalBytes: 2 }, { type: 'active' }], ready).kind).toBe('updating');
  });

  it('a failure: nothing offline on the first save, the old version kept on an update', () => {
    expect(
      run([
        { type: 'progress', savedBytes: 1, totalBytes: 2 },
        { type: 'failed', reason: 'quota' },
      ]),
    ).toEqual({
      kind: 'failed',
      reason: 'quota',
    });
    expect(run([{ type: 'failed', reason: 'quota' }], { kind: 'updating', savedBytes: 1, totalBytes: 2 })).toEqual({
      kind: 'updateFailed',
      reason: 'quota',
    });
    // the first reason is kept (the service worker's own message comes before its end)
    expect(
      run([
        { type: 'failed', reason: 'quota' },
        { type: 'failed', reason: 'stopped' },
      ]),
    ).toEqual({
      kind: 'failed',
      reason: 'quota',
    });
    // the next update can still succeed
    expect(run([{ type: 'activated' }], { kind: 'updateFailed', reason: 'quota' })).toEqual({ kind: 'updated' });
  });

  it('no service worker possible: says why and stays so', () => {
    expect(run([{ type: 'unsupported', reason: 'no https' }, { type: 'active' }])).toEqual({
      kind: 'unsupported',
      reason: 'no https',
    });
    // the dev server registers nothing, and nothing moves it out of 'off'
    expect(run([{ type: 'progress', savedBytes: 1, totalBytes: 2 }, { type: 'activated' }], { kind: 'off' })).toEqual({
      kind: 'off',
    });
  });

  it('the store starts off, and begin + dispatch move it', () => {
    expect(offlineStore.getState().state).toEqual({ kind: 'off' });
    offlineActions.begin('b1');
    offlineActions.dispatch({ type: 'active' });
    expect(offlineStore.getState()).toEqual({ state: { kind: 'ready' }, build: 'b1' });
  });
});

describe('percentSaved', () => {
  it('rounds down, and says 100 only when every byte is saved', () => {
    expect(percentSaved(0, 1000)).toBe(0);
    expect(percentSaved(425, 1000)).toBe(42);
    expect(percentSaved(999_999, 1_000_000)).toBe(99);
    expect(percentSaved(1000, 1000)).toBe(100);
    expect(percentSaved(5, 0)).toBe(0);
  });
});
