/**
 * TPGM's projection of one tensor (../shared/METHODS.md §1, `projectionRatio` / `projectWeights`):
 *   γ ← clamp(γ, 1e-8, max(n));  r = clamp(γ / (n + 1e-8), 0, 1);  θ̂ = θ0 + r ⊙ d
 * r is a scalar (l2, 1-D vector MARS) or one value per output unit, broadcast over d's last axis.
 * What depends on n alone (max n, the divisor n + 1e-8) is computed once per deviation and passed in:
 * TPGM projects twice and takes a radius gradient at every step from the same n.
 */
import * as tf from '@tensorflow/tfjs';

/** Added to norms in the ratio (official code). */
export const EPS_NORM = 1e-8;
/** Lower clip of a radius (official code). */
export const CLIP_MIN = 1e-8;

/**
 * Whether n + 1e-8 can round to 0 on the current backend: where floats are stored in fewer than 32 bits,
 * and on WebGL in any case (its float32 textures say nothing of the precision its shaders compute in).
 * Elsewhere (CPU, WASM, WebGPU: IEEE float32) it cannot. A NaN n (a diverged run) then gives a NaN ratio
 * rather than 0; θ is NaN either way.
 */
export function needsDivisorGuard(): boolean {
  return tf.getBackend() === 'webgl' || tf.backend().floatPrecision() < 32;
}

/**
 * The divisor of the ratio, n + 1e-8, with +∞ where it is 0 so that x / divisor = divNoNan(x, n + 1e-8):
 * float16 WebGL rounds n + 1e-8 to 0 for an unmoved tensor, where r must be 0, not NaN (d = 0 there anyway).
 * `guard`: whether to look for that 0 at all, by default only where it can happen (`needsDivisorGuard`):
 * in float32 n ≥ 0 makes n + 1e-8 ≥ 1e-8, the guard would keep every value, and skipping it saves two
 * kernels a step (three with the fill). `infinities`: +∞ shaped like n, where the caller
 * keeps one (a kernel fewer every step); else made here.
 */
export function ratioDivisor(
  n: tf.Tensor,
  { guard = needsDivisorGuard(), infinities }: { guard?: boolean; infinities?: tf.Tensor } = {},
): tf.Tensor {
  return tf.tidy(() => {
    const denom = tf.add(n, EPS_NORM);
    if (!guard) return denom;
    return tf.where(tf.greater(denom, 0), denom, infinities ?? tf.fill(denom.shape, Number.POSITIVE_INFINITY));
  });
}

/** γ ← clamp(γ, 1e-8, max(n)), given max(n). A tensor that has not moved (max n = 0) gets γ = 0. */
export function clampRadius(radius: tf.Tensor, maxN: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.minimum(tf.maximum(radius, CLIP_MIN), maxN) as tf.Scalar);
}

/** r = clamp(γ / (n + 1e-8), 0, 1), shaped like n, given `ratioDivisor(n)`. */
export function projectionRatio(radius: tf.Tensor, divisor: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.clipByValue(tf.div(radius, divisor), 0, 1));
}

/** θ̂ = θ0 + r ⊙ d. */
export function project(anchor: tf.Tensor, d: tf.Tensor, ratio: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(anchor, tf.mul(ratio, d)));
}

/**
 * The drift a step wanted before it was projected, [‖d‖₂, max n] with d = θ̃ − θ0: its Euclidean length
 * (comparable with the drift after projection) and its largest unit norm in the norm γ bounds
 * (comparable with γ: the projection clipped where max n > γ).
 */
export function wantedDrift(d: tf.Tensor, maxN: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.stack([tf.norm(d), tf.reshape(maxN, [])]) as tf.Tensor1D);
}

/** `wantedDrift` of every tensor, [2P], from each one's d and max n. */
export function wantedDrifts(d: readonly tf.Tensor[], maxN: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => tf.concat(d.map((di, i) => wantedDrift(di, maxN[i]))) as tf.Tensor1D);
}

/** Initial radius on the first update: γ = min(n) / 2. */
export function initialRadius(n: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.min(n), 2) as tf.Scalar);
}

/**
 * ∂L/∂γ by the closed form, from g = ∂L/∂θ̂ (strict mask: 0 where r is exactly 0 or 1):
 *   ∂L/∂γ = Σ_units 1[0 < γ/(n+ε) < 1] · ⟨g, d⟩_unit / (n + ε)
 * @param divisor `ratioDivisor(n)`
 * @param inner ⟨g, d⟩ per unit (unitInner), shaped like n
 */
export function radiusGradient(radius: tf.Tensor, divisor: tf.Tensor, inner: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(radiusGradientTerms(radius, divisor, inner)));
}

/**
 * The terms of `radiusGradient` per unit from the ratio r = clamp(γ/(n+ε), 0, 1) of the same γ and n:
 * 0 < γ/(n+ε) < 1 exactly where 0 < r < 1 (the clamp returns γ/(n+ε) itself there), so the mask is
 * taken from r, and TPGM's radius step, which has just projected with r, does not divide again.
 */
export function radiusGradientTermsOfRatio(ratio: tf.Tensor, divisor: tf.Tensor, inner: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const mask = tf.logicalAnd(tf.greater(ratio, 0), tf.less(ratio, 1));
    return tf.where(mask, tf.div(inner, divisor), tf.zerosLike(inner));
  });
}

/** The terms of `radiusGradient` per unit, before the sum: 1[0 < γ/(n+ε) < 1] · ⟨g, d⟩_unit / (n + ε). */
export function radiusGradientTerms(radius: tf.Tensor, divisor: tf.Tensor, inner: tf.Tensor): tf.Tensor {
  return tf.tidy(() => radiusGradientTermsOfRatio(projectionRatio(radius, divisor), divisor, inner));
}
