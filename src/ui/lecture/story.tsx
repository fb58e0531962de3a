/**
 * The guided story: each step sets up the view (which runs, where the replay stands, which panel is
 * highlighted) and says in two or three plain sentences what to look at. The numbers it quotes are the
 * recordings' own, read when the step is shown. Every symbol is explained where it first appears.
 */
import type { ReactNode } from 'react';

import type { MethodId } from '../../core/spec/config';
import { recordingEnd, runAt } from '../../store/replay';
import { idAndOodMean } from '../../store/runs';
import type { Recording } from '../../worker/recording';
import { formatClassList } from '../../core/spec/class-list';
import { isKernel } from '../charts/DriftChart';
import { Formula } from '../math/Formula';
import { pct } from './tracks';

export type Panel = 'examples' | 'accuracy' | 'drift' | 'radius' | 'projection' | 'tradeoff';

export interface StoryStep {
  title: string;
  methods: MethodId[];
  /** Where the replay stands: at the end, playing from the start, or at the step of a clipped projection. */
  at: 'end' | 'play' | 'clipped';
  focus: Panel[];
  body(f: Facts): ReactNode;
}

/** What the story quotes, measured from the recordings shown. */
export interface Facts {
  theta0: { id: number; ood: number } | null;
  ft: { id: number; ood: number } | null;
  tpgm: { id: number; ood: number } | null;
  /** The linear probe: only the new head trained on θ0's frozen features. */
  lp: { id: number; ood: number } | null;
  /** FT's kernel that moved most, and how far (%). */
  ftMost: { layer: string; percent: number } | null;
  tpgmMost: { layer: string; percent: number } | null;
  steps: number;
  trainImages: number | null;
  /** Chance accuracy (%), 100 / classes; null while the dataset's classes are unknown. */
  chance: number | null;
  /** What the images are, in words ("digits", "clothing images"). */
  noun: string;
  /**
   * The new-classes lesson: the classes θ0 was pre-trained on (its card's) and those the runs fine-tune
   * on, as written ("0–4", "5–9"); null when the runs use the classes θ0 learned.
   */
  classes: { seen: string; fresh: string } | null;
}

const NOUNS: Record<string, string> = { mnist: 'digits', 'fashion-mnist': 'clothing images' };

function most(r: Recording | undefined): Facts['ftMost'] {
  const layers = r ? runAt(r, recordingEnd(r)).layers?.layers : undefined;
  if (!layers) return null;
  const top = layers.filter(isKernel).sort((a, b) => b.relativeDeviation - a.relativeDeviation)[0];
  return top ? { layer: top.name.replace(/\/kernel$/, ''), percent: 100 * top.relativeDeviation } : null;
}

/** "0-4" as a person writes it: "0–4". */
const written = (classes: readonly number[]): string => formatClassList(classes).replace(/-/g, '–');

/**
 * `classes`: how many classes the runs see (the dataset's, or the runs' subset), null while unknown;
 * `pretrainedOn`: the classes θ0's card says it saw, when only some.
 */
export function factsOf(
  recordings: readonly Recording[],
  classes: number | null,
  pretrainedOn: readonly number[] | null = null,
): Facts {
  const of = (m: MethodId): Recording | undefined => recordings.find((r) => r.spec.config.method === m);
  const final = (r: Recording | undefined) => {
    const s = r ? runAt(r, recordingEnd(r)).summary : null;
    return s ? idAndOodMean(s.final.results) : null;
  };
  const first = recordings[0] ? runAt(recordings[0], 0).evals[0] : undefined;
  const spec = recordings[0]?.spec;
  return {
    theta0: first ? idAndOodMean(first.results) : null,
    ft: final(of('full-ft')),
    tpgm: final(of('tpgm')),
    lp: final(of('lp')),
    ftMost: most(of('full-ft')),
    tpgmMost: most(of('tpgm')),
    steps: spec?.config.steps ?? 0,
    trainImages: spec?.trainPerClass && classes ? spec.trainPerClass * classes : null,
    chance: classes ? 100 / classes : null,
    noun: NOUNS[spec?.datasetId ?? ''] ?? 'images',
    classes: spec?.classes && pretrainedOn ? { seen: written(pretrainedOn), fresh: written(spec.classes) } : null,
  };
}

/** Points between a and b, signed, as words: "5.3 points above", "2.1 points below", "within a point of". */
const against = (a: number, b: number): string =>
  Math.abs(a - b) <= 1 ? 'within a point of' : `${Math.abs(a - b).toFixed(1)} points ${a > b ? 'above' : 'below'}`;

/** How TPGM compares with the linear probe, honestly: close to it when its radii stayed almost shut. */
export function againstLp(f: Facts): string {
  if (!f.tpgm || !f.lp) return '';
  const frozen = f.tpgmMost !== null && f.tpgmMost.percent < 1;
  return (
    `Against the linear probe, TPGM is ${against(f.tpgm.id, f.lp.id)} it in distribution and ` +
    `${against(f.tpgm.ood, f.lp.ood)} it out of distribution` +
    (frozen ? ': here its learned radii stayed almost shut, so it kept the backbone nearly frozen.' : '.')
  );
}

/** What the numbers say, in words: never a claim the recordings do not support. */
export function verdict(f: Facts): string {
  if (!f.ft || !f.tpgm) return '';
  const dId = f.tpgm.id - f.ft.id;
  const dOod = f.tpgm.ood - f.ft.ood;
  const id =
    Math.abs(dId) <= 1
      ? 'TPGM matched FT in distribution'
      : dId > 0
        ? `TPGM beat FT in distribution by ${dId.toFixed(1)} points`
        : `TPGM paid ${(-dId).toFixed(1)} points in distribution`;
  const ood =
    dOod >= 0
      ? `kept ${dOod.toFixed(1)} points more out of distribution`
      : `lost ${(-dOod).toFixed(1)} points more out of distribution`;
  return `${id} and ${ood}.`;
}

/** In the new-classes lesson, what keeping θ0's features cost the linear probe in distribution. */
export function newClassesCost(f: Facts): string {
  if (!f.classes || !f.ft || !f.lp) return '';
  return (
    `The linear probe reads ${f.noun} ${f.classes.fresh} with features learned for ${f.classes.seen}: it is ` +
    `${against(f.lp.id, f.ft.id)} FT in distribution.`
  );
}

const Term = ({ children, title }: { children: ReactNode; title: string }) => <dfn title={title}>{children}</dfn>;

export const STORY: readonly StoryStep[] = [
  {
    title: 'A robust pre-trained model',
    methods: ['lp'],
    at: 'end',
    focus: ['examples', 'tradeoff'],
    body: (f) => (
      <>
        <p>
          <Term title="the pre-trained weights">θ0</Term>, the pre-trained weights, learned {f.noun}
          {f.classes ? ` ${f.classes.seen} only,` : ''} in many styles. We fine-tune on clean{' '}
          {f.classes ? `${f.noun} ${f.classes.fresh}, classes θ0 never saw,` : f.noun} the{' '}
          <Term title="in-distribution: the data we fine-tune on">ID</Term> data; the other styles are{' '}
          <Term title="out-of-distribution: never seen while fine-tuning">OOD</Term>.
        </p>
        <p>
          Its last layer (the head) is new and random, so at step 0 it guesses (ID {pct(f.theta0?.id)} %
          {f.chance !== null ? `; chance is ${f.chance.toFixed(0)} %` : ''}). Train only the head, a{' '}
          <Term title="linear probe: only the head trains, θ0 stays frozen">linear probe (LP)</Term>, and θ0&rsquo;s
          features read ID at {pct(f.lp?.id)} % and OOD at {pct(f.lp?.ood)} % on average.
        </p>
      </>
    ),
  },
  {
    title: 'Fine-tune on the clean images',
    methods: ['full-ft'],
    at: 'play',
    focus: ['accuracy'],
    body: (f) => (
      <p>
        <Term title="full fine-tuning">FT</Term> (full fine-tuning) trains every layer on{' '}
        {f.trainImages ? `${f.trainImages.toLocaleString('en')} ` : ''}clean {f.noun} for {f.steps} steps. Watch the
        solid line (ID) and the dashed one (OOD mean).
      </p>
    ),
  },
  {
    title: 'OOD accuracy collapses',
    methods: ['lp', 'full-ft'],
    at: 'end',
    focus: ['accuracy'],
    body: (f) => (
      <p>
        FT reached ID {pct(f.ft?.id)} %, but its OOD mean ended at {pct(f.ft?.ood)} %:{' '}
        {f.ft && f.lp ? `${(f.lp.ood - f.ft.ood).toFixed(1)} points below` : 'below'} the {pct(f.lp?.ood)} % that
        θ0&rsquo;s own features give a linear probe. Fine-tuning got better at what it was shown and lost what θ0 knew.
      </p>
    ),
  },
  {
    title: 'Why: the layers moved far from θ0',
    methods: ['full-ft'],
    at: 'end',
    focus: ['drift'],
    body: (f) => (
      <p>
        Each bar is how far a layer&rsquo;s weights θ moved from θ0, relative to their size: ‖θ − θ0‖ / ‖θ0‖. Under FT,{' '}
        {f.ftMost ? `${f.ftMost.layer} moved ${f.ftMost.percent.toPrecision(2)} %` : 'every layer moved'}: the features
        that made θ0 robust were rewritten for clean {f.noun}.
      </p>
    ),
  },
  {
    title: 'TPGM: a learned radius per layer',
    methods: ['full-ft', 'tpgm'],
    at: 'end',
    focus: ['radius', 'drift'],
    body: (f) => (
      <>
        <p>
          TPGM gives each layer a radius <Term title="gamma: the allowed distance from θ0">γ</Term>, the distance it may
          move from θ0. γ is learned on held-out validation images (clean {f.noun} not used for training): it opens
          where moving lowers their loss. Here TPGM&rsquo;s kernels moved at most{' '}
          {f.tpgmMost ? `${f.tpgmMost.percent.toPrecision(2)} % (${f.tpgmMost.layer})` : 'a little'}, FT&rsquo;s up to{' '}
          {f.ftMost ? `${f.ftMost.percent.toPrecision(2)} %` : 'far more'}.
        </p>
        <p>
          The γ chart measures in the <Term title="MARS: the largest L1 norm of a row of the layer">MARS</Term> norm
          (the largest row L1 norm of θ − θ0), not in %: its own scale.
        </p>
      </>
    ),
  },
  {
    title: 'The projection',
    methods: ['tpgm'],
    at: 'clipped',
    focus: ['projection'],
    body: () => (
      <>
        <p>
          After every step, the weights the step wanted, θ̃, are pulled back into the ball of radius γ (the{' '}
          <Term title="projection: the nearest point inside the ball">projection</Term>):
        </p>
        <Formula
          display
          tex={String.raw`\theta \leftarrow \theta_0 + \min\!\left(1, \frac{\gamma}{\|\tilde\theta - \theta_0\|}\right)(\tilde\theta - \theta_0)`}
          text="θ ← θ0 + min(1, γ / ‖θ̃ − θ0‖)(θ̃ − θ0)"
        />
        <p>
          The distance is measured in the <Term title="MARS: the largest L1 norm of a row of the layer">MARS</Term> norm
          (the largest row L1 norm). Press “step ▶” to watch it.
        </p>
      </>
    ),
  },
  {
    title: 'The result',
    methods: ['lp', 'full-ft', 'tpgm'],
    at: 'end',
    focus: ['tradeoff'],
    body: (f) => (
      <p>
        FT: ID {pct(f.ft?.id)} %, OOD mean {pct(f.ft?.ood)} %. TPGM: ID {pct(f.tpgm?.id)} %, OOD mean {pct(f.tpgm?.ood)}{' '}
        %. {verdict(f)} {againstLp(f)} {newClassesCost(f)}
      </p>
    ),
  },
  {
    title: 'Now try it live',
    methods: ['full-ft', 'tpgm'],
    at: 'end',
    focus: ['accuracy', 'drift'],
    body: () => (
      <p>
        Start a live TPGM run: it trains here, in this browser, and draws beside the recordings. Or open the lab to
        change the model, the data, the method and every setting.
      </p>
    ),
  },
];
