/** What a run session needs from the worker around it (the handler gives the real ones, tests fakes). */
import type * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../core/data/dataset-loader';
import type { BackendName, WorkerEvent } from './protocol';

export interface SessionDeps {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  dataset(id: string): Promise<Dataset>;
  /** A shipped pre-trained model by id, as saved (with its pre-training head). */
  pretrained(id: string): Promise<tf.LayersModel>;
  /** A fresh copy of a model the user loaded, as loaded. */
  uploaded(id: string): Promise<tf.LayersModel>;
  backend(): BackendName;
  /** GPU -> CPU read (`await t.data()` in the worker; see backend.ts for why never dataSync). */
  read(t: tf.Tensor): Promise<ArrayLike<number>>;
  /** Let queued messages (pause, stop) in; setTimeout(0) in the worker. */
  yieldNow(): Promise<void>;
  now(): number;
}
