/** One tensor's statistics at an evaluation, as the worker sends them and the charts draw them. tfjs-free. */
export interface LayerStat {
  name: string;
  isHead: boolean;
  /** ‖θ − θ0‖₂ */
  deviation: number;
  /** ‖θ0‖₂ */
  anchorNorm: number;
  /** ‖θ − θ0‖₂ / ‖θ0‖₂ (0 when θ0 = 0 and θ did not move) */
  relativeDeviation: number;
  /** γ, for tensors with a radius */
  radius: number | null;
  /** The deviation in the norm γ bounds (max over units of n: ‖d‖₂ for L2, the largest row L1 for MARS) */
  boundedDeviation: number | null;
  /** Mean projection ratio r at the last projection, for tensors with a radius */
  projectionRatio: number | null;
  /**
   * ‖θ̃ − θ0‖₂ of the unprojected weights the last projection started from: the drift the step wanted
   * (compare with `deviation`, after). Null without a projection; absent in runs saved before it was measured.
   */
  wantedDeviation?: number | null;
  /** The same θ̃'s deviation in the norm γ bounds (compare with `radius`: clipped where it is above γ). */
  wantedBoundedDeviation?: number | null;
}

/** A backbone kernel: the tensors every method's drift is compared on (biases start at 0; the head is new). */
export const isKernel = (l: LayerStat): boolean => !l.isHead && l.name.endsWith('/kernel');
