/**
 * The run specification: everything that defines a run (with its seed it reproduces the run), as the
 * form edits it, a link carries it, the worker runs it and the headless runner scripts it. tfjs-free.
 */
import type { ArchitectureId } from './architecture-ids';
import type { TrainConfig } from './config';
import type { DomainId } from './domain-ids';

export interface DomainChoice {
  id: DomainId;
  severity: number;
}

/**
 * The network a run starts from: a fresh, seeded network of a zoo architecture, or a shipped
 * pre-trained checkpoint (`<baseUrl>models/<id>/model.json`) whose head is replaced for the dataset.
 */
export type ModelChoice =
  { kind: 'architecture'; id: ArchitectureId } | { kind: 'pretrained'; id: string } | { kind: 'uploaded'; id: string };

/**
 * `finetune` trains on the train split (the app's runs); `pretrain` on the pretrain split, every
 * batch restyled, evaluated on the select split (what `npm run pretrain` drives).
 */
export type RunPurpose = 'finetune' | 'pretrain';

/** Everything that defines a run; with its seed it reproduces the run. */
export interface RunSpec {
  datasetId: string;
  /**
   * The dataset's classes this run sees, by index, renumbered 0…k−1 in this order (a new head of k
   * classes); absent = every class. The split-class lesson fine-tunes on digits 5–9 a model pre-trained
   * on 0–4 (core/data/class-view.ts).
   */
  classes?: number[];
  model: ModelChoice;
  purpose: RunPurpose;
  /** Post the trained network as `modelExported` when the run ends. */
  exportModel: boolean;
  config: TrainConfig;
  idDomain: DomainChoice;
  oodDomains: DomainChoice[];
  /** Training images per class from the train split; null = the whole split. */
  trainPerClass: number | null;
  /** Test images per class for every domain's accuracy; null = the whole test split. */
  testPerClass: number | null;
  /**
   * Live evaluations (during training) measure a fixed, seeded, class-balanced subset of each domain's
   * test set, this many images per class; null = the whole test set every time. The final evaluation
   * always measures the whole test set.
   */
  liveTestPerClass: number | null;
  /** Steps between loss read-backs (one `await data()` each). */
  logEvery: number;
  /** Steps between evaluations of every test set and the per-layer statistics. */
  evalEvery: number;
}

/**
 * The domains a run measures, in the order of its test sets: the ID domain, then each OOD domain once.
 * A test set's place seeds its domain's transform, so two runs saw the same images of a domain only if
 * it sits at the same place with the same severity.
 */
export const testDomainsOf = (spec: Pick<RunSpec, 'idDomain' | 'oodDomains'>): DomainChoice[] => [
  spec.idDomain,
  ...spec.oodDomains.filter((d) => d.id !== spec.idDomain.id),
];
