/**
 * The guided story: each step sets up the view (which runs, where the replay stands, which panel is
 * highlighted) and says in two or three plain sentences what to look at. The numbers it quotes are the
 * recordings' own, read when the step is shown. Every symbol is explained where it first appears.
 */
import type { ReactNode } from 'react';

import type { MethodId } from '../../core/spec/config';
import { Formula } from '../math/Formula';
import { againstLp, newClassesCost, verdict, type Facts } from './story-facts';
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
