/** The experiment a fine-tuning run's spec describes, in one place: its run builds it, and its images are found by it later. */
import type { DatasetMeta } from '../core/data/dataset-meta';
import { splitPlanFor } from '../core/data/splits';
import type { ExperimentSpec } from '../core/experiment/experiment-sets';
import type { RunSpec } from '../core/spec/run-spec';

export const experimentSpecOf = (spec: RunSpec, meta: DatasetMeta): ExperimentSpec => ({
  plan: splitPlanFor(meta),
  seed: spec.config.seed,
  trainPerClass: spec.trainPerClass,
  testPerClass: spec.testPerClass,
  liveTestPerClass: spec.liveTestPerClass,
  idDomain: spec.idDomain,
  oodDomains: spec.oodDomains,
});
