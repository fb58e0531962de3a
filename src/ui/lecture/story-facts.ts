/**
 * What the lecture's story quotes, measured from the recordings shown, and its sentences about them:
 * never a claim the recordings do not support. No JSX: the story (story.tsx) renders them.
 */
import type { MethodId } from '../../core/spec/config';
import { formatClassList } from '../../core/spec/class-list';
import { isKernel } from '../../core/spec/layer-stat';
import { recordingEnd, runAt } from '../../store/replay';
import { idAndOodMean } from '../../store/runs';
import type { Recording } from '../../worker/recording';

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
