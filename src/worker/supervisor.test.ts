import { describe, expect, it } from 'vitest';

import type { Command, WorkerEvent, WorkerMessage } from './protocol';
import { superviseWorker, type WorkerEndpoint } from './supervisor';

/** Fake workers and a hand-driven clock: each spawn is recorded, the interval runs when told. */
function harness(silenceMs = 5000) {
  let t = 0;
  let tick: (() => void) | null = null;
  const workers: {
    sent: Command[];
    terminated: boolean;
    say(m: WorkerMessage): void;
    fail(message: string): void;
  }[] = [];
  const spawn = (): WorkerEndpoint => {
    let onMessage: (m: WorkerMessage) => void = () => {};
    let onError: (m: string) => void = () => {};
    const w = {
      sent: [] as Command[],
      terminated: false,
      say: (m: WorkerMessage) => onMessage(m),
      fail: (m: string) => onError(m),
    };
    workers.push(w);
    return {
      post: (c) => w.sent.push(c),
      terminate: () => (w.terminated = true),
      onMessage: (l) => (onMessage = l),
      onError: (l) => (onError = l),
    };
  };
  const client = superviseWorker({
    spawn,
    silenceMs,
    checkEveryMs: 1000,
    now: () => t,
    setInterval: (f) => (tick = f),
    clearInterval: () => (tick = null),
  });
  const events: WorkerEvent[] = [];
  client.subscribe((e) => events.push(e));
  /** Let `ms` pass, checking once a second as the real interval would. */
  const advance = (ms: number, alive = false): void => {
    for (let i = 0; i < ms / 1000; i++) {
      t += 1000;
      if (alive) workers[workers.length - 1].say({ type: 'alive' });
      tick?.();
    }
  };
  return { client, workers, events, advance };
}

const init: Command = { type: 'init', baseUrl: 'http://x/', forcedBackend: null };

describe('the supervised worker', () => {
  it('passes events through, keeps sign-of-life messages to itself, and leaves a living worker alone', () => {
    const { client, workers, events, advance } = harness();
    client.send(init);
    workers[0].say({ type: 'alive' });
    workers[0].say({ type: 'deviceLost', message: 'x' }); // replaced below; first it is passed on
    expect(events[0]).toEqual({ type: 'deviceLost', message: 'x' });
    expect(events[1]).toMatchObject({ type: 'workerLost', restarted: true });
    advance(60_000, true);
    expect(workers).toHaveLength(2);
    expect(events).toHaveLength(2);
  });

  it('replaces a silent worker (killed, crashed or hung), says why, and sends the fresh one the same init', () => {
    const { client, workers, events, advance } = harness(5000);
    client.send(init);
    client.send({ type: 'loadDataset', requestId: 1, datasetId: 'mnist' });
    advance(5000);
    expect(workers).toHaveLength(1); // 5 s of silence is allowed
    advance(1000);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(events).toEqual([
      {
        type: 'workerLost',
        reason: 'stopped answering (no sign of life for 6 s: it crashed, was killed or hangs)',
        restarted: true,
      },
    ]);
    expect(workers[1].sent).toEqual([init]);
    // commands now reach the fresh worker; the old one's late words are ignored
    client.send({ type: 'loadDataset', requestId: 2, datasetId: 'mnist' });
    expect(workers[1].sent).toHaveLength(2);
    workers[0].say({ type: 'failed', requestId: 1, error: { name: 'E', message: 'late' } });
    expect(events).toHaveLength(1);
  });

  it('passes an uncaught worker error on without replacing a worker that still answers', () => {
    const { client, workers, events, advance } = harness();
    client.send(init);
    workers[0].fail('boom');
    advance(10_000, true);
    expect(workers).toHaveLength(1);
    expect(events).toEqual([{ type: 'failed', requestId: null, error: { name: 'WorkerError', message: 'boom' } }]);
  });

  it('gives up after three losses within a minute, and says so', () => {
    const { client, workers, events, advance } = harness(2000);
    client.send(init);
    for (let i = 0; i < 4; i++) advance(3000);
    expect(workers).toHaveLength(4); // the first and three replacements
    const lost = events.filter((e) => e.type === 'workerLost');
    expect(lost.map((e) => e.type === 'workerLost' && e.restarted)).toEqual([true, true, true, false]);
    advance(60_000);
    expect(workers).toHaveLength(4);
    client.send({ type: 'loadDataset', requestId: 9, datasetId: 'mnist' });
    expect(workers[3].sent).toEqual([init]);
  });
});
