/**
 * What a run measured, read back from a runs export (runs-import.ts): evaluations with each domain's
 * results (confusion counts and per-image predictions checked against each other), per-layer
 * statistics and the radius history. Each check names the field it refuses.
 */
import { DOMAIN_IDS, type DomainId } from '../core/spec/domain-ids';
import { decodePredictions } from '../core/spec/predictions';
import type { DomainResult, EvalPoint, LayerPoint } from '../worker/protocol';
import { bool, count, list, measured, num, obj, oneOf, orNull, str, wrong } from './json-checks';
import type { RadiusHistoryPoint } from './runs';

function domainResult(v: unknown, path: string): DomainResult {
  const r = obj(v, path);
  const accuracy = num(r.accuracy, `${path}.accuracy`);
  if (accuracy < 0 || accuracy > 1) throw wrong(`${path}.accuracy`, accuracy, 'an accuracy between 0 and 1');
  return {
    ...r,
    domain: oneOf<DomainId>(r.domain, `${path}.domain`, DOMAIN_IDS, 'a domain this app knows'),
    isId: bool(r.isId, `${path}.isId`),
    accuracy,
    loss: measured(r.loss, `${path}.loss`),
    ...(r.confusion === undefined ? {} : { confusion: confusion(r.confusion, `${path}.confusion`) }),
    ...(r.predictions === undefined ? {} : { predictions: predictions(r.predictions, r.confusion, path) }),
  };
}

/** One predicted class per test image (base64 bytes), as many as the confusion counts and each a class of it. */
function predictions(v: unknown, counts: unknown, path: string): string {
  const text = str(v, `${path}.predictions`);
  const bytes = decodePredictions(text);
  if (!bytes) throw wrong(`${path}.predictions`, text, 'base64 (one byte per test image)');
  if (counts === undefined)
    throw wrong(`${path}.confusion`, undefined, 'the confusion counts the predictions come with');
  const table = confusion(counts, `${path}.confusion`);
  const images = table.flat().reduce((a, b) => a + b, 0);
  if (bytes.length !== images || bytes.some((c) => c >= table.length))
    throw wrong(
      `${path}.predictions`,
      `${bytes.length} predictions`,
      `${images} classes below ${table.length}, one per test image`,
    );
  return text;
}

/** A square table of image counts (the errors by class); the panel draws it as it is. */
function confusion(v: unknown, path: string): number[][] {
  const rows = list(v, path).map((row, t) => list(row, `${path}[${t}]`).map((c, p) => count(c, `${path}[${t}][${p}]`)));
  if (rows.some((row) => row.length !== rows.length)) throw wrong(path, `${rows.length} rows`, 'a square table');
  return rows;
}

export const results = (v: unknown, path: string): DomainResult[] =>
  list(v, path).map((r, i) => domainResult(r, `${path}[${i}]`));

export function evalPoint(v: unknown, path: string): EvalPoint {
  const e = obj(v, path);
  return { ...e, step: count(e.step, `${path}.step`), results: results(e.results, `${path}.results`) };
}

export function layerPoint(v: unknown, path: string): LayerPoint {
  const p = obj(v, path);
  const layers = list(p.layers, `${path}.layers`).map((x, i) => {
    const at = `${path}.layers[${i}]`;
    const l = obj(x, at);
    // absent in runs saved before it was measured
    const wanted = (key: 'wantedDeviation' | 'wantedBoundedDeviation') =>
      l[key] === undefined ? {} : { [key]: orNull(l[key], `${at}.${key}`) };
    return {
      ...l,
      name: str(l.name, `${at}.name`),
      isHead: bool(l.isHead, `${at}.isHead`),
      deviation: measured(l.deviation, `${at}.deviation`),
      anchorNorm: measured(l.anchorNorm, `${at}.anchorNorm`),
      relativeDeviation: measured(l.relativeDeviation, `${at}.relativeDeviation`),
      radius: orNull(l.radius, `${at}.radius`),
      boundedDeviation: orNull(l.boundedDeviation, `${at}.boundedDeviation`),
      projectionRatio: orNull(l.projectionRatio, `${at}.projectionRatio`),
      ...wanted('wantedDeviation'),
      ...wanted('wantedBoundedDeviation'),
    };
  });
  return { step: count(p.step, `${path}.step`), layers };
}

/** γ per projected tensor at each evaluation, by tensor name. */
export function radiusHistory(v: unknown): RadiusHistoryPoint[] {
  return list(v, 'radiusHistory').map((x, i) => {
    const at = `radiusHistory[${i}]`;
    const p = obj(x, at);
    const radii = obj(p.radii, `${at}.radii`);
    return {
      step: count(p.step, `${at}.step`),
      radii: Object.fromEntries(Object.entries(radii).map(([name, r]) => [name, measured(r, `${at}.radii.${name}`)])),
    };
  });
}
