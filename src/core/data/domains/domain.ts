/**
 * The domain contract: a deterministic image transform on a batch of images as a tensor, so it runs on
 * the training backend (WebGPU in the app). ID is `clean`; the others are the OOD domains, analogues of
 * DomainNet's Sketch / Painting / Clipart / Infograph at 28×28.
 */
import type * as tf from '@tensorflow/tfjs';

import type { DomainId, Severity } from '../../spec/domain-ids';

export interface Domain {
  id: DomainId;
  name: string;
  /** One line for the UI. */
  description: string;
  severity: Severity;
  /**
   * @param x [B, H, W, C] float32 in [0, 1]
   * @param severity within `severity.min..max`
   * @param seed the same (x, severity, seed) always gives the same output
   * @returns [B, H, W, C] float32 in [0, 1]; the caller owns it
   */
  apply(x: tf.Tensor4D, severity: number, seed: number): tf.Tensor4D;
}
