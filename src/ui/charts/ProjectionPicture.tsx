/**
 * The projection picture: for one layer at one step, θ0 at the centre, the ball of radius γ around it,
 * the weights θ̃ the optimiser step wanted and the projected θ on the same ray, all on one linear scale
 * (projection-geometry.ts), with the numbers printed beside it. Pure and presentational: the caller
 * passes the worker's per-layer statistics; changes glide (projection-picture.css, off under
 * prefers-reduced-motion). TPGM's projection: METHODS.md §1.
 */
import { memo } from 'react';

import './projection-picture.css';
import { ChartSaveButtons } from './ChartSaveButtons';
import {
  formatSig3,
  pointOnRay,
  projectionAriaLabel,
  projectionGeometry,
  projectionStatement,
  type ProjectionGeometry,
  type ProjectionPictureProps,
} from './projection-geometry';

export type { ProjectionPictureProps } from './projection-geometry';

/** The SVG's side in user units; drawn at this size in CSS pixels (projection-picture.css). */
const SIZE = 320;
const HALF = SIZE / 2;
/** The ray θ0 → θ̃ → θ points this many degrees above the horizontal (up and to the right). */
const RAY_DEG = 30;
/** The radius line that labels γ points this many degrees below the horizontal. */
const RADIUS_DEG = -30;
/** A ball smaller than this (px) is too small for its γ label, which would sit on θ0's and θ's. */
const MIN_LABELLED_RADIUS = 24;
/** The arrow θ̃ → θ runs beside the ray, this far from it, so that it does not hide the step's line. */
const ARROW_OFFSET = 18;

/** θ0 as maths: θ with a subscript 0 (in SVG text). */
function Theta0Svg() {
  return (
    <>
      θ<tspan className="pp-sub">0</tspan>
    </>
  );
}

/** A point's group: moved along the x axis of its (rotated) parent by a CSS transform, so it glides. */
function along(px: number) {
  return { transform: `translateX(${px}px)` };
}

/** A segment from the parent's origin along its x axis, `px` long: a unit line stretched by a CSS transform. */
function stretched(px: number) {
  return { transform: `scaleX(${px})` };
}

function Drawing({ g }: { g: ProjectionGeometry }) {
  const { radiusPx, wantedPx, projectedPx, clipped } = g;
  const radiusMid = pointOnRay(radiusPx / 2, RADIUS_DEG);
  return (
    <g transform={`translate(${HALF} ${HALF})`}>
      <circle className="pp-ball" data-testid="projection-ball" cx={0} cy={0} r={radiusPx} />
      {/* γ: a radius of the ball, below the ray */}
      <g transform={`rotate(${-RADIUS_DEG})`}>
        <line className="pp-radius pp-glide" x1={0} y1={0} x2={1} y2={0} style={stretched(radiusPx)} />
      </g>
      {radiusPx >= MIN_LABELLED_RADIUS && (
        <text
          className="pp-label pp-glide"
          style={{ transform: `translate(${radiusMid.x}px, ${radiusMid.y}px)` }}
          dx={-4}
          dy={26}
          textAnchor="middle"
        >
          γ
        </text>
      )}
      {/* the ray of the step: θ0 → θ̃, and θ on it */}
      <g transform={`rotate(${-RAY_DEG})`}>
        <line className="pp-step pp-glide" x1={0} y1={0} x2={1} y2={0} style={stretched(wantedPx)} />
        {/* always there, hidden when nothing was projected, so that it fades in and out as θ̃ moves */}
        <g className={clipped ? 'pp-arrow' : 'pp-arrow pp-hidden'} data-testid="projection-arrow" data-shown={clipped}>
          <g className="pp-glide" style={along(projectedPx)}>
            <line
              className="pp-arrow-shaft pp-glide"
              x1={0}
              y1={-ARROW_OFFSET}
              x2={1}
              y2={-ARROW_OFFSET}
              style={stretched(Math.max(0, wantedPx - projectedPx))}
            />
            <path className="pp-arrow-head" d={`M 0 ${-ARROW_OFFSET} l 12 -6 l 0 12 z`} />
          </g>
        </g>
        <g className="pp-glide" data-testid="projection-wanted" data-px={wantedPx} style={along(wantedPx)}>
          <circle className="pp-wanted" r={8} />
          <text className="pp-label" transform={`rotate(${RAY_DEG})`} x={14} y={clipped ? 10 : -10}>
            θ̃
          </text>
        </g>
        <g className="pp-glide" data-testid="projection-projected" data-px={projectedPx} style={along(projectedPx)}>
          <circle className="pp-projected" r={clipped ? 6 : 4} />
          <text className="pp-label" transform={`rotate(${RAY_DEG})`} x={clipped ? 4 : 14} y={clipped ? 30 : 16}>
            θ
          </text>
        </g>
      </g>
      <circle className="pp-anchor" data-testid="projection-anchor" r={5} />
      <text className="pp-label" x={-12} y={6} textAnchor="end">
        <Theta0Svg />
      </text>
    </g>
  );
}

/**
 * One layer's projection at one step, to scale, with its numbers. The raw numbers are on the figure's
 * data attributes (data-radius, data-wanted, data-projected, data-step) for tests to compare.
 */
export const ProjectionPicture = memo(function ProjectionPicture(
  props: ProjectionPictureProps & {
    /** The run and its settings in one line, for a saved picture's caption (chart-caption.ts runLine). */
    about?: string;
  },
) {
  const { layer, radius, wanted, projected, step, normLabel } = props;
  const g = projectionGeometry({ radius, wanted, projected }, HALF);
  const statement = projectionStatement(props, g);
  const label = projectionAriaLabel(props, g);
  const outcome = g.state !== 'drawn' ? g.state : g.clipped ? 'clipped' : 'inside';
  return (
    <figure
      className="projection-picture"
      data-testid="projection-picture"
      data-layer={layer}
      data-radius={String(radius)}
      data-wanted={String(wanted)}
      data-projected={String(projected)}
      data-step={String(step)}
      data-state={g.state}
      data-clipped={g.clipped}
    >
      <figcaption>
        Projection of <code>{layer}</code> at step {step}
        {g.state === 'drawn' ? ', drawn to scale' : ''}
        {normLabel ? ` (norm: ${normLabel})` : ''}
      </figcaption>
      <div className="pp-body">
        {g.state === 'invalid' ? (
          <div className="pp-canvas pp-placeholder" role="img" aria-label={label}>
            No picture
          </div>
        ) : (
          <svg
            className="pp-canvas"
            role="img"
            aria-label={label}
            viewBox={`0 0 ${SIZE} ${SIZE}`}
            width={SIZE}
            height={SIZE}
          >
            {g.state === 'drawn' ? (
              <Drawing g={g} />
            ) : (
              <g transform={`translate(${HALF} ${HALF})`}>
                <circle className="pp-anchor" data-testid="projection-anchor" r={5} />
                <text className="pp-label" y={-16} textAnchor="middle">
                  θ̃ = θ = <Theta0Svg />
                </text>
              </g>
            )}
          </svg>
        )}
        <dl className="pp-numbers">
          <div>
            <dt>radius γ</dt>
            <dd data-testid="projection-radius">{formatSig3(radius)}</dd>
          </div>
          <div>
            <dt>
              step wanted <span className="pp-norm">‖θ̃ − θ0‖</span>
            </dt>
            <dd data-testid="projection-wanted-value">{formatSig3(wanted)}</dd>
          </div>
          <div>
            <dt>
              after projection <span className="pp-norm">‖θ − θ0‖</span>
            </dt>
            <dd data-testid="projection-projected-value">{formatSig3(projected)}</dd>
          </div>
          <div>
            <dt>ratio r = after / wanted</dt>
            <dd data-testid="projection-ratio">{g.ratio === null ? '—' : formatSig3(g.ratio)}</dd>
          </div>
          <div className="pp-step-row">
            <dt>step</dt>
            <dd>{step}</dd>
          </div>
        </dl>
      </div>
      <p className={`pp-statement pp-is-${outcome}`} data-testid="projection-statement" data-outcome={outcome}>
        {statement}
      </p>
      {g.state !== 'invalid' && (
        <ChartSaveButtons
          what="projection picture"
          caption={() => [
            statement,
            `radius γ ${formatSig3(radius)} · step wanted ‖θ̃ − θ0‖ ${formatSig3(wanted)} · after projection ‖θ − θ0‖ ${formatSig3(projected)}`,
            ...(props.about ? [props.about] : []),
          ]}
        />
      )}
    </figure>
  );
});
