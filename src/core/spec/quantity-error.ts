/** One quantity of the TPGM reference fixture as the project's code computed it (core/tpgm/conformance.ts). tfjs-free. */
export interface QuantityError {
  /** `case/quantity`, e.g. `mars/grad_radii`. */
  quantity: string;
  /** Number of values compared. */
  count: number;
  /**
   * Normwise relative error ‖a − e‖∞ / ‖e‖∞, per tensor for tensor-valued quantities (weights, norms,
   * ratios, logits) and over the vector for per-tensor scalars (radii, ∂L/∂γ) — the pass criterion.
   * A radius gradient near zero is a sum of larger terms of both signs and carries float32 rounding of
   * their size in any implementation, the reference included, so it is judged at the vector's scale.
   */
  relativeError: number;
  /** max_i |a_i − e_i| / max(|e_i|, 1e-6): the strictest view, for information. */
  maxElementRelativeError: number;
  maxAbsoluteError: number;
}
