/**
 * Classification loss on logits. Mean softmax cross-entropy with integer labels, written from the
 * formula so that the same code runs on every backend:
 *   L = mean_b( logsumexp(z_b) − z_b[y_b] )        ∂L/∂z_b = (softmax(z_b) − onehot(y_b)) / B
 * The gradient is written out (a custom gradient) rather than traced through logsumexp, the one-hot
 * product and the mean: 4 kernels instead of ~20, in every backward pass of every method and in TPGM's
 * validation pass (kernels per step, issue #16).
 */
import * as tf from '@tensorflow/tfjs';

/**
 * @param logits [B, C] unnormalised scores
 * @param labels [B] int32 class indices
 * @returns scalar mean cross-entropy (nats)
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const [batch, numClasses] = logits.shape;
    // tfjs types a custom gradient's arguments as one list of tensors and the save function
    const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
      // a constant (no gradient flows to it), saved with the rest: the backward pass runs after this tidy
      const oneHot = tf.cast(tf.oneHot(labels, numClasses), 'float32');
      const logSumExp = tf.logSumExp(z, 1, true); // [B, 1]
      const picked = tf.sum(tf.mul(z, oneHot), 1); // [B]
      save([z, logSumExp, oneHot]);
      return {
        value: tf.mean(tf.sub(tf.reshape(logSumExp, [batch]), picked)),
        gradFunc: (dy: tf.Tensor, [zs, lse, target]: tf.Tensor[]) =>
          tf.mul(tf.sub(tf.exp(tf.sub(zs, lse)), target), tf.div(dy, batch)),
      };
    });
    return loss(logits) as tf.Scalar;
  });
}

/** Number of correct top-1 predictions in the batch, as an int32 scalar (stays on the device). */
export function numCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
}
