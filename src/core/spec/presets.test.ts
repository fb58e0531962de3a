import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { defaultDraft } from './default-run';
import type { ModelCard } from './model-card';
import { NEW_CLASSES, PRESETS, presetOf } from './presets';

describe('recipes (presets)', () => {
  it('the default draft is B1: SGD lr 0.01, 640 steps of batch 32 on 100 images per class, whole test split', () => {
    const d = defaultDraft('mnist');
    expect(presetOf(d)?.id).toBe('b1-sgd');
    expect(d.config.optimizer).toMatchObject({
      kind: 'sgd',
      lr: 0.01,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 5e-4,
    });
    expect([d.config.steps, d.config.batchSize, d.trainPerClass, d.testPerClass]).toEqual([640, 32, 100, null]);
  });

  it('B2 uses Adam at 1e-3, and LP gets its own lr in each recipe', () => {
    const b2 = PRESETS[1].apply(defaultDraft('mnist'));
    expect(b2.config.optimizer).toMatchObject({ kind: 'adam', lr: 1e-3 });
    const lp = (i: number) => PRESETS[i].apply({ ...b2, config: { ...b2.config, method: 'lp' } }).config.optimizer;
    expect(lp(0)).toMatchObject({ kind: 'sgd', lr: 0.05 });
    expect(lp(1)).toMatchObject({ kind: 'adam', lr: 0.01 });
  });

  it('an edited recipe is custom; the model, data, domains and seed are not part of a recipe', () => {
    const d = defaultDraft('mnist');
    expect(presetOf({ ...d, config: { ...d.config, optimizer: { ...d.config.optimizer, lr: 0.02 } } })).toBeNull();
    expect(presetOf({ ...d, config: { ...d.config, seed: 7 }, model: { kind: 'architecture', id: 'mlp' } })?.id).toBe(
      'b1-sgd',
    );
  });
});

describe('the new-classes lesson', () => {
  const lesson = PRESETS.find((p) => p.id === 'new-classes')!;
  const card = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../../public/models', NEW_CLASSES.model, 'meta.json'), 'utf8'),
  ) as ModelCard;

  it('fine-tunes the shipped 0–4 model on digits 5–9: classes its card says it never saw', () => {
    const d = lesson.apply(defaultDraft('mnist'));
    expect(d.model).toEqual({ kind: 'pretrained', id: NEW_CLASSES.model });
    expect(d.classes).toEqual([5, 6, 7, 8, 9]);
    expect([d.datasetId, d.trainPerClass, d.config.steps]).toEqual(['mnist', null, 625]);
    expect(card.classSubset).toEqual([0, 1, 2, 3, 4]);
    expect(card.datasetId).toBe(d.datasetId);
    expect(d.classes!.filter((c) => card.classSubset!.includes(c))).toEqual([]);
    expect(presetOf(d)?.id).toBe('new-classes');
    expect(presetOf({ ...d, config: { ...d.config, method: 'lp' } })).toBeNull(); // LP's lr is the recipe's
    expect(presetOf(lesson.apply({ ...d, config: { ...d.config, method: 'lp' } }))?.id).toBe('new-classes');
  });

  it('is offered for MNIST only, and B1 or B2 from it go back to the dataset’s own model and every class', () => {
    expect(lesson.datasets).toEqual(['mnist']);
    const d = lesson.apply(defaultDraft('mnist'));
    for (const p of PRESETS.slice(0, 2)) {
      const back = p.apply(d);
      expect(back.classes, p.id).toBeUndefined();
      expect(back.model).toEqual({ kind: 'pretrained', id: 'cnn-small-mnist' });
      expect(back.trainPerClass).toBe(100);
    }
    // a subset a person chose is theirs: B1 keeps it
    const own = { ...defaultDraft('mnist'), classes: [1, 7] };
    expect(PRESETS[0].apply(own).classes).toEqual([1, 7]);
  });
});
