/**
 * The geometry and the words of the projection picture (ProjectionPicture.tsx): where θ0, the ball of
 * radius γ, the unprojected θ̃ and the projected θ go, on one honest linear scale, and how their numbers
 * read. Pure functions, no React, no DOM. TPGM's projection (METHODS.md §1): θ = θ0 + r ⊙ (θ̃ − θ0) with
 * r = min(1, γ / ‖θ̃ − θ0‖), so θ lies on the segment θ0 → θ̃, on the ball's surface when θ̃ is outside it.
 * The picture is a 1-D cut along that segment: distances are the run's norms (L2 or MARS), not pixels.
 */

/** The run's numbers for one layer at one step (distances in the norm that γ bounds). */
export interface ProjectionPictureProps {
  /** The tensor, e.g. "conv1/kernel". */
  layer: string;
  /** γ: the learned radius, the distance the layer may move from θ0. */
  radius: number;
  /** ‖θ̃ − θ0‖: the drift the optimiser step wanted, before projection. */
  wanted: number;
  /** ‖θ − θ0‖: the drift after projection (≤ γ up to rounding). */
  projected: number;
  /** The step these numbers are from. */
  step: number;
  /** The norm γ bounds, in words, e.g. "MARS (max row L1)" or "L2". */
  normLabel?: string;
}

/** The larger of ‖θ̃ − θ0‖ and γ is drawn at this fraction of the picture's half-width. */
export const SCALE_FRACTION = 0.8;

/** Below this ratio (2 %), the smaller of γ and ‖θ̃ − θ0‖ is too small to see at the honest scale: we say so. */
export const EXTREME_RATIO = 0.02;

/**
 * Relative tolerance for "equal up to rounding": the worker's norms are float32 sums (and TPGM clamps γ
 * to the drift itself, so a layer inside its ball usually has γ = ‖θ̃ − θ0‖ exactly, or nearly).
 */
export const ROUNDING_TOLERANCE = 1e-4;

/**
 * What the picture shows.
 * - `invalid`: a distance is NaN, ±∞ or negative; nothing is drawn, a message says which.
 * - `still`: γ, ‖θ̃ − θ0‖ and ‖θ − θ0‖ are all 0, the layer has not moved; only θ0 is drawn (no scale).
 * - `drawn`: the picture, on one linear scale.
 */
export type PictureState = 'invalid' | 'still' | 'drawn';

/** A distance at the honest scale that is too small to see, and how small (percent of the other one). */
export interface ExtremeRatio {
  /** `ball`: γ < 2 % of ‖θ̃ − θ0‖ (but not 0); `step`: ‖θ̃ − θ0‖ < 2 % of γ (but not 0). */
  tiny: 'ball' | 'step';
  /** The smaller distance as a percentage of the larger one. */
  percent: number;
}

export interface ProjectionGeometry {
  state: PictureState;
  /** Pixels per unit of the norm; 0 unless `drawn`. */
  pxPerUnit: number;
  /** The ball's radius γ, the unprojected θ̃'s and the projected θ's distance from θ0, in pixels. */
  radiusPx: number;
  wantedPx: number;
  projectedPx: number;
  /** θ̃ is outside the ball (beyond rounding), so the projection moved it back: draw the arrow θ̃ → θ. */
  clipped: boolean;
  /** r = ‖θ − θ0‖ / ‖θ̃ − θ0‖ (1: no projection; 0: back to θ0); null when the step wanted no drift. */
  ratio: number | null;
  /** Set when one distance is under EXTREME_RATIO of the other, so the text must say it is barely visible. */
  extreme: ExtremeRatio | null;
  /** θ lies outside the ball beyond rounding: the numbers disagree with the projection, and the text says so. */
  projectedOutside: boolean;
}

const isDistance = (x: number): boolean => Number.isFinite(x) && x >= 0;

/**
 * Place the three distances on one linear scale: max(‖θ̃ − θ0‖, γ) maps to `fraction` × `halfWidthPx`
 * (‖θ − θ0‖ too, in the one case it is larger, numbers that contradict the projection, so that θ stays in
 * the picture). Never a log scale: a distance too small to see is reported in `extreme`, not enlarged.
 * @param halfWidthPx the picture's half-width (centre to edge), in pixels
 */
export function projectionGeometry(
  { radius, wanted, projected }: Pick<ProjectionPictureProps, 'radius' | 'wanted' | 'projected'>,
  halfWidthPx: number,
  fraction = SCALE_FRACTION,
): ProjectionGeometry {
  const none = { pxPerUnit: 0, radiusPx: 0, wantedPx: 0, projectedPx: 0, ratio: null, extreme: null };
  if (![radius, wanted, projected].every(isDistance)) {
    return { ...none, state: 'invalid', clipped: false, projectedOutside: false };
  }
  const largest = Math.max(wanted, radius, projected);
  if (largest === 0) return { ...none, state: 'still', clipped: false, projectedOutside: false };
  const pxPerUnit = (fraction * halfWidthPx) / largest;
  const clipped = wanted > radius * (1 + ROUNDING_TOLERANCE);
  const smaller = Math.min(wanted, radius);
  const larger = Math.max(wanted, radius);
  const extreme: ExtremeRatio | null =
    smaller > 0 && smaller < EXTREME_RATIO * larger
      ? { tiny: radius < wanted ? 'ball' : 'step', percent: (100 * smaller) / larger }
      : null;
  return {
    state: 'drawn',
    pxPerUnit,
    radiusPx: radius * pxPerUnit,
    wantedPx: wanted * pxPerUnit,
    projectedPx: projected * pxPerUnit,
    clipped,
    ratio: wanted > 0 ? projected / wanted : null,
    extreme,
    projectedOutside: projected > radius * (1 + ROUNDING_TOLERANCE),
  };
}

/**
 * A point `distancePx` from the centre along the picture's ray, `angleDeg` above the positive x axis
 * (SVG's y grows downward, hence the minus).
 */
export function pointOnRay(distancePx: number, angleDeg: number): { x: number; y: number } {
  const a = (angleDeg * Math.PI) / 180;
  return { x: distancePx * Math.cos(a), y: -distancePx * Math.sin(a) };
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '+': '',
  0: '⁰',
  1: '¹',
  2: '²',
  3: '³',
  4: '⁴',
  5: '⁵',
  6: '⁶',
  7: '⁷',
  8: '⁸',
  9: '⁹',
};

/**
 * A number with three significant digits, as a person reads it: 0.123, 45.6, 1.23 × 10⁻⁷, 4.56 × 10⁴;
 * "NaN", "∞", "−∞" for what is not a number; a true minus sign.
 */
export function formatSig3(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toPrecision(3).split('e');
  const sign = (s: string) => s.replace('-', '−');
  if (exponent === undefined) return sign(mantissa);
  const power = [...exponent].map((c) => SUPERSCRIPT[c]).join('');
  return `${sign(mantissa)} × 10${power}`;
}

/** A percentage with three significant digits ("1.23 %"). */
export const formatPercentSig3 = (percent: number): string => `${formatSig3(percent)} %`;

/**
 * The sentence under the picture: what happened to θ̃ at this step, in words a student reads, including
 * what the scale hides (a ball or a step too small to see) and any number that makes no sense.
 */
export function projectionStatement(props: ProjectionPictureProps, g: ProjectionGeometry): string {
  const { radius, wanted, projected } = props;
  if (g.state === 'invalid') {
    const bad = [
      ['γ', radius],
      ['‖θ̃ − θ0‖', wanted],
      ['‖θ − θ0‖', projected],
    ]
      .filter(([, v]) => !isDistance(v as number))
      .map(([name, v]) => `${String(name)} = ${formatSig3(v as number)}`);
    const verb = bad.length === 1 ? 'is not a distance' : 'are not distances';
    return `No picture: ${bad.join(', ')} ${verb} (a distance is a finite number ≥\u00a00).`;
  }
  if (g.state === 'still') {
    return 'This layer has not moved from θ0 (γ = 0 and the step wanted no drift): nothing to project.';
  }
  const parts: string[] = [];
  if (radius === 0) {
    parts.push('γ = 0: the ball is a single point, so θ is pulled all the way back to θ0.');
  } else if (g.clipped) {
    parts.push(
      `Outside the ball: the step wanted ${formatSig3(wanted / radius)} × γ, so θ is projected back to the ball (r = ${formatSig3(g.ratio ?? 0)}).`,
    );
  } else if (wanted === 0) {
    parts.push('Inside the ball: no projection. The step wanted no drift, so θ̃ = θ = θ0.');
  } else {
    parts.push('Inside the ball: no projection (θ = θ̃).');
  }
  if (g.extreme?.tiny === 'ball') {
    parts.push(
      `Drawn to one linear scale, the ball is tiny: γ is ${formatPercentSig3(g.extreme.percent)} of the wanted drift.`,
    );
  } else if (g.extreme?.tiny === 'step') {
    parts.push(
      `Drawn to one linear scale, the step is tiny: the wanted drift is ${formatPercentSig3(g.extreme.percent)} of γ.`,
    );
  }
  if (g.projectedOutside) {
    parts.push(
      `Note: θ lies outside the ball (‖θ − θ0‖ = ${formatSig3(projected)} > γ = ${formatSig3(radius)}): these numbers disagree with the projection.`,
    );
  }
  return parts.join(' ');
}

/** The picture's accessible name: the layer, the step and every number, in one sentence. */
export function projectionAriaLabel(props: ProjectionPictureProps, g: ProjectionGeometry): string {
  const { layer, step, radius, wanted, projected } = props;
  const head = `Projection of ${layer} at step ${step}: radius γ ${formatSig3(radius)}, wanted drift ${formatSig3(
    wanted,
  )}, drift after projection ${formatSig3(projected)}`;
  const ratio = g.ratio === null ? '' : `, ratio r ${formatSig3(g.ratio)}`;
  return `${head}${ratio}. ${projectionStatement(props, g)}`;
}
