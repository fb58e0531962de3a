import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { fileSource, memorySource } from '../../testing/node-source';
import { createRng } from '../rng';
import { buildArchitecture } from './architectures';
import { loadShippedModel, readModelIndex } from './model-repository';

const folder = join(import.meta.dirname, '..', '..', '..', 'public', 'models');
const ID = 'cnn-small-mnist';
const file = (path: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(join(folder, path)));

/** The shipped files of cnn-small-mnist in memory, with `patch` applied. */
function shipped(patch: Record<string, Uint8Array<ArrayBuffer>> = {}) {
  return memorySource(
    {
      'index.json': file('index.json'),
      [`${ID}/meta.json`]: file(`${ID}/meta.json`),
      [`${ID}/model.json`]: file(`${ID}/model.json`),
      [`${ID}/weights.bin`]: file(`${ID}/weights.bin`),
      ...patch,
    },
    'models/',
  );
}

describe('the shipped model zoo', () => {
  it('lists the shipped models with their cards and loads cnn-small-mnist as its card describes', async () => {
    const { cards, problems } = await readModelIndex(fileSource(folder));
    expect(problems).toEqual([]);
    const card = cards.find((c) => c.id === ID);
    expect(card?.architecture).toBe('cnn-small');
    if (!card) return;
    const model = await loadShippedModel(fileSource(folder), card);
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(model.countParams()).toBe(card.parameters);
    expect(card.parameters).toBe(60_874);
    model.dispose();
  });

  it('ships the three zoo models and the new-classes lesson’s 0–4 models for mnist, and cnn-small for fashion-mnist, each loading as its card says', async () => {
    const { cards, problems } = await readModelIndex(fileSource(folder));
    expect(problems).toEqual([]);
    expect(cards.map((c) => c.id)).toEqual([
      'cnn-small-mnist',
      'cnn-small-mnist-0to4',
      'resnet-mini-mnist',
      'resnet-mini-mnist-0to4',
      'mlp-mnist',
      'cnn-small-fashion-mnist',
    ]);
    for (const card of cards) {
      const model = await loadShippedModel(fileSource(folder), card);
      const fresh = buildArchitecture(
        card.architecture,
        { inputShape: card.inputShape, numClasses: card.classes },
        createRng(0),
      );
      expect([card.id, model.countParams()]).toEqual([card.id, fresh.countParams()]);
      expect(card.parameters).toBe(model.countParams());
      // pre-trained as a robust foundation: well above chance (10 %) on every held-out style
      for (const a of card.heldOut.accuracy)
        expect([card.id, a.domain, a.accuracy > 50]).toEqual([card.id, a.domain, true]);
      model.dispose();
      fresh.dispose();
    }
  });

  it('refuses a damaged weights file or a truncated one, naming the file', async () => {
    const { cards } = await readModelIndex(shipped());
    const weights = file(`${ID}/weights.bin`);
    const flipped = weights.slice();
    flipped[100] ^= 0xff;
    await expect(loadShippedModel(shipped({ [`${ID}/weights.bin`]: flipped }), cards[0])).rejects.toThrow(
      `models/${ID}/weights.bin does not match its card's SHA-256`,
    );
    await expect(
      loadShippedModel(shipped({ [`${ID}/weights.bin`]: weights.slice(0, 1000) }), cards[0]),
    ).rejects.toThrow(`models/${ID}/weights.bin has 1000 bytes, its card says ${weights.length}`);
  });

  it('reports a listed model without a usable card, and still lists the others', async () => {
    const index = new TextEncoder().encode(JSON.stringify({ format: 'tpgm-models/1', models: [ID, 'ghost', '../x'] }));
    const { cards, problems } = await readModelIndex(shipped({ 'index.json': index }));
    expect(cards.map((c) => c.id)).toEqual([ID]);
    expect(problems).toEqual(['models/ghost/meta.json: missing', '"../x" is not a model id']);
  });
});
