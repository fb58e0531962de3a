/**
 * Classification loss on logits. Mean softmax cross-entropy with integer labels, written from the
 * formula so that the same code runs on every backend: L = mean_b( logsumexp(z_b) − z_b[y_b] ).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * @param logits [B, C] unnormalised scores
 * @param labels [B] int32 class indices
 * @returns scalar mean cross-entropy (nats)
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[1];
    const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, numClasses)), 1); // [B, C] -> [B]
    return tf.mean(tf.sub(tf.logSumExp(logits, 1), picked));
  });
}

/** Number of correct top-1 predictions in the batch, as an int32 scalar (stays on the device). */
export function numCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
}
