/** The experiment a fine-tuning run's spec describes, in one place: its run builds it, and its images are found by it later. */
import { datasetForClasses } from '../core/data/class-view';
import type { Dataset } from '../core/data/dataset-loader';
import { splitPlanOf } from '../core/data/splits';
import type { ExperimentSpec } from '../core/experiment/experiment-sets';
import type { RunSpec } from '../core/spec/run-spec';

/** The dataset a run sees: the whole of `ds`, or its view through the run's classes. */
export const runDataset = (ds: Dataset, spec: Pick<RunSpec, 'classes'>): Dataset => datasetForClasses(ds, spec.classes);

/** `ds` is the run's dataset (`runDataset`). */
export const experimentSpecOf = (spec: RunSpec, ds: Dataset): ExperimentSpec => ({
  plan: splitPlanOf(ds),
  seed: spec.config.seed,
  trainPerClass: spec.trainPerClass,
  testPerClass: spec.testPerClass,
  liveTestPerClass: spec.liveTestPerClass,
  idDomain: spec.idDomain,
  oodDomains: spec.oodDomains,
});
