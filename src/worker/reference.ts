/**
 * The measured 3-seed means the lecture's trade-off chart shows as reference points: per experiment and
 * method, mean ± std (sample, n − 1) of ID accuracy and OOD mean over the seeds of the committed result
 * files (docs/results/, the README's tables), with the file and command that measured them. Written by
 * `npm run record`, shipped as public/recordings/reference.json (in the index, with its SHA-256).
 */
export const REFERENCE_FORMAT = 'tpgm-reference/1';

export interface MeanStd {
  mean: number;
  std: number;
}

export interface ReferencePoint {
  method: string;
  seeds: number[];
  /** Accuracy in %, whole test sets. */
  id: MeanStd;
  ood: MeanStd;
  /** The result files (docs/results/…) and the command that wrote the first one. */
  sources: string[];
  command: string;
  /** ISO date of the measurement. */
  date: string;
}

export interface ReferenceFile {
  format: typeof REFERENCE_FORMAT;
  /** By experiment, `<datasetId>/<recipe>` as in the recordings' index. */
  experiments: Record<string, ReferencePoint[]>;
}

/** The part of an experiment report (scripts/experiment.ts) a reference point needs. */
export interface ReportRun {
  method: string;
  seed: number;
  summary: { final: { results: { isId: boolean; accuracy: number }[] } };
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std };
}

/** One method's point from its runs (every seed once), in %. */
export function referencePoint(
  method: string,
  runs: readonly ReportRun[],
  sources: string[],
  command: string,
  date: string,
): ReferencePoint {
  const of = runs.filter((r) => r.method === method);
  if (of.length === 0) throw new Error(`no ${method} runs in ${sources.join(', ')}`);
  const id = of.map((r) => 100 * (r.summary.final.results.find((x) => x.isId)?.accuracy ?? Number.NaN));
  const ood = of.map((r) => {
    const o = r.summary.final.results.filter((x) => !x.isId);
    return (100 * o.reduce((a, x) => a + x.accuracy, 0)) / o.length;
  });
  return {
    method,
    seeds: of.map((r) => r.seed).sort((a, b) => a - b),
    id: meanStd(id),
    ood: meanStd(ood),
    sources,
    command,
    date,
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** The reference file from parsed JSON, checked enough to draw. */
export function parseReference(json: unknown): ReferenceFile {
  if (!isObject(json) || json.format !== REFERENCE_FORMAT || !isObject(json.experiments))
    throw new Error(`recordings/reference.json is not a ${REFERENCE_FORMAT} file`);
  for (const points of Object.values(json.experiments)) {
    if (!Array.isArray(points)) throw new Error('recordings/reference.json: an experiment is not a list');
    for (const p of points)
      if (!isObject(p) || !isObject(p.id) || !isObject(p.ood) || typeof p.method !== 'string')
        throw new Error('recordings/reference.json: a point lacks its method, ID or OOD');
  }
  return json as unknown as ReferenceFile;
}
