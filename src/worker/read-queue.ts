/**
 * The run's read-backs (GPU → CPU), queued without waiting and posted in the order they were queued:
 * on WebGPU through SwiftShader a read takes seconds of latency but almost no GPU time, so training
 * goes on while it is in flight. Each queued read holds one small tensor until it arrives.
 */
import type * as tf from '@tensorflow/tfjs';

export class ReadQueue {
  /** Read-backs in flight, chained so their results are posted in order. */
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly read: (t: tf.Tensor) => Promise<ArrayLike<number>>) {}

  /** Reads in flight (each holds one tensor until it arrives). */
  get inFlight(): number {
    return this.pending;
  }

  /** Queue one read-back of `packed` (freed when it arrives); `post` runs in queue order. */
  enqueue<T>(packed: tf.Tensor, decode: (values: ArrayLike<number>) => T, post: (value: T) => void): Promise<T> {
    const read = this.read(packed).then((values) => {
      packed.dispose();
      return decode(values);
    });
    this.pending += 1;
    const posted = this.chain
      .then(() => read)
      .then((value) => {
        this.pending -= 1;
        post(value);
        return value;
      });
    this.chain = posted.then(
      () => undefined,
      () => undefined,
    );
    return posted;
  }

  /** Resolves once everything queued so far has been posted. */
  drained(): Promise<void> {
    return this.chain;
  }

  /** Bound the reads in flight by waiting for the oldest ones. */
  async throttle(max: number): Promise<void> {
    while (this.pending > max) await this.chain;
  }
}
