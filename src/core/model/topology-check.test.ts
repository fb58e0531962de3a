import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { checkTopology, MAX_LAYER_CALLS, MAX_LAYERS } from './topology-check';

type Inbound = [string, number, number, object][][];
interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: Inbound | unknown;
}
interface Topology {
  class_name: string;
  config: { name: string; layers: LayerJson[]; input_layers: unknown; output_layers: unknown };
}

/** Every shipped model (public/models/index.json; model-repository.test.ts pins the list). */
const SHIPPED = (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { models: string[] }).models;
const shipped = (id: string): Topology =>
  (JSON.parse(readFileSync(join('public/models', id, 'model.json'), 'utf8')) as { modelTopology: Topology })
    .modelTopology;
const mlp = (): Topology => shipped('mlp-mnist');
const layer = (t: Topology, name: string): LayerJson => {
  const found = t.config.layers.find((l) => l.name === name);
  if (!found) throw new Error(`no layer ${name}`);
  return found;
};
const from = (...names: string[]): Inbound => [names.map((n) => [n, 0, 0, {}])];

/** An input and `n - 1` Dense layers, each fed by the one before. */
function chain(n: number): Topology {
  const layers: LayerJson[] = [
    { name: 'x', class_name: 'InputLayer', config: { name: 'x', batch_input_shape: [null, 4] }, inbound_nodes: [] },
  ];
  for (let i = 1; i < n; i++) {
    const name = `d${i}`;
    layers.push({ name, class_name: 'Dense', config: { name, units: 4 }, inbound_nodes: from(layers[i - 1].name) });
  }
  const last = layers[layers.length - 1].name;
  return {
    class_name: 'Model',
    config: { name: 'chain', layers, input_layers: [['x', 0, 0]], output_layers: [[last, 0, 0]] },
  };
}

describe('the graph of an uploaded model, checked before tfjs sees it', () => {
  it('accepts every shipped model', () => {
    for (const id of SHIPPED) expect(() => checkTopology(shipped(id)), id).not.toThrow();
  });

  it('refuses a cycle, naming its layers in the direction data flows (issue #15: tfjs loops on it forever)', () => {
    const t = mlp();
    layer(t, 'fc1').inbound_nodes = from('head');
    expect(() => checkTopology(t)).toThrow(
      "the model's layers form a cycle: fc1 → fc2 → head → fc1 (each takes its input from the one before), " +
        'so it can never be built',
    );
    const self = mlp();
    layer(self, 'fc2').inbound_nodes = from('fc2');
    expect(() => checkTopology(self)).toThrow('cycle: fc2 → fc2 (');
  });

  it('refuses a cycle among 1,000 layers listed backwards, at once, starting at the first listed, and without deep recursion', () => {
    const t = chain(MAX_LAYERS);
    t.config.layers[1].inbound_nodes = from(`d${MAX_LAYERS - 1}`);
    t.config.layers.reverse();
    const start = performance.now();
    expect(() => checkTopology(t)).toThrow(
      /cycle: d999 → d1 → d2 → d3 → d4 → d5 → d6 → d7 → … \(999 layers\) → d999 \(/,
    );
    expect(performance.now() - start).toBeLessThan(1_000); // linear: a few ms; tfjs never returns
    const fine = chain(MAX_LAYERS);
    fine.config.layers.reverse(); // tfjs re-queues until each input exists: order does not matter
    expect(() => checkTopology(fine)).not.toThrow();
  });

  it('refuses an input from a layer or a node that is not there (tfjs would wait for it forever)', () => {
    const unknown = mlp();
    layer(unknown, 'fc1').inbound_nodes = from('nope');
    expect(() => checkTopology(unknown)).toThrow(
      'layer fc1 takes its input from nope, which is not a layer of the model',
    );
    const node = mlp();
    layer(node, 'fc1').inbound_nodes = [[['flatten', 1, 0, {}]]];
    expect(() => checkTopology(node)).toThrow(
      'layer fc1 takes its input from node 1 of flatten, which has only 1 node',
    );
    const keras3 = mlp();
    layer(keras3, 'fc1').inbound_nodes = [{ args: [], kwargs: {} }];
    expect(() => checkTopology(keras3)).toThrow(
      "layer fc1's inbound node 0 is not a list of [layer, node, tensor] inputs, the form tfjs reads",
    );
  });

  it('refuses input or output layers that do not exist, and names that do not add up', () => {
    const out = mlp();
    out.config.output_layers = [['gone', 0, 0]];
    expect(() => checkTopology(out)).toThrow("the model's output is gone, which is not a layer of the model");
    const none = mlp();
    none.config.input_layers = [];
    expect(() => checkTopology(none)).toThrow('model.json lists no input layers');
    const flat = mlp();
    flat.config.input_layers = ['input1', 0, 0];
    expect(() => checkTopology(flat)).toThrow('an input of model.json is not [layer, node, tensor]: "input1"');
    const twice = mlp();
    const fc2 = layer(twice, 'fc2');
    fc2.name = 'fc1';
    expect(() => checkTopology(twice)).toThrow('layer fc1\'s config names it "fc2"');
    fc2.config.name = 'fc1';
    expect(() => checkTopology(twice)).toThrow('two layers are named fc1');
  });

  it('reads keys as tfjs does: camelCase too, the last one written winning, and a model_config wrapper', () => {
    const t = mlp();
    const fc1 = layer(t, 'fc1') as unknown as Record<string, unknown>;
    fc1.inboundNodes = from('head'); // after inbound_nodes: this is the one tfjs uses
    expect(() => checkTopology(t)).toThrow('cycle: fc1 → fc2 → head → fc1');
    const wrapped = mlp();
    layer(wrapped, 'fc2').inbound_nodes = from('head');
    expect(() => checkTopology({ model_config: wrapped, training_config: {} })).toThrow('cycle: fc2 → head → fc2');
  });

  it('accepts a shared layer called at two depths, A(B(A(x))), which tfjs builds', async () => {
    const x = tf.input({ shape: [8] });
    const shared = tf.layers.dense({ units: 8, name: 'shared' });
    const mid = tf.layers.dense({ units: 8, name: 'mid' });
    const y = shared.apply(mid.apply(shared.apply(x))) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: x,
      outputs: tf.layers.dense({ units: 3, name: 'out' }).apply(y) as tf.SymbolicTensor,
    });
    const t = model.toJSON(null, false) as unknown as Topology;
    model.dispose();
    t.config.layers.reverse();
    expect(() => checkTopology(t)).not.toThrow();
    const rebuilt = await tf.models.modelFromJSON(t as unknown as tf.io.ModelJSON);
    expect(rebuilt.getLayer('shared').inboundNodes).toHaveLength(2);
    rebuilt.dispose();
    layer(t, 'out').inbound_nodes = [[['shared', 2, 0, {}]]]; // shared is called only twice
    expect(() => checkTopology(t)).toThrow('layer out takes its input from node 2 of shared, which has only 2 nodes');
  });

  it('looks inside nested models and Sequential ones', () => {
    const inner = mlp();
    layer(inner, 'fc1').inbound_nodes = from('head');
    const outer = chain(2);
    outer.config.layers.push({
      name: 'mlp',
      class_name: 'Model',
      config: inner.config,
      inbound_nodes: from('d1'),
    });
    outer.config.output_layers = [['mlp', 1, 0]];
    expect(() => checkTopology(outer)).toThrow("in the nested model mlp: the model's layers form a cycle: fc1 →");
    const sequential = { class_name: 'Sequential', config: { name: 'seq', layers: [outer.config.layers[2]] } };
    expect(() => checkTopology(sequential)).toThrow('in the nested model mlp: ');
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    expect(() => checkTopology(plain.toJSON(null, false))).not.toThrow();
    plain.dispose();
  });

  it('refuses absurd sizes: more than 1,000 layers or 10,000 layer calls', () => {
    expect(() => checkTopology(chain(MAX_LAYERS + 1))).toThrow('the model has 1,001 layers; at most 1,000 can be');
    const busy = chain(2);
    busy.config.layers[1].inbound_nodes = Array.from({ length: MAX_LAYER_CALLS + 1 }, () => from('x')[0]);
    expect(() => checkTopology(busy)).toThrow("the model's layers are called 10,001 times; at most 10,000 here");
  });
});
