/**
 * A tfjs LayersModel seen as fine-tuning needs it: the trainable tensors under stable names, a frozen
 * anchor copy θ0 of each, the classification head found by identity (the last layer, a Dense), and a
 * forward pass in training or inference mode. Not a model loader (see load.ts) and not an optimiser.
 * Reference: ../shared/METHODS.md, notation (θ0 = anchor) and §5 (match the head by identity).
 */
import * as tf from '@tensorflow/tfjs';

import type { ProjectionScope } from '../spec/config';
import type { StateReader, StateWriter, Stateful } from '../train/run-state';

/** One trainable tensor of the model. */
export interface Param {
  /** Stable name `layerName/weightName`, e.g. `conv1/kernel` (tfjs variable names are not stable). */
  readonly name: string;
  readonly layer: tf.layers.Layer;
  /** The live weights θ, shared with the LayersModel. */
  readonly variable: tf.Variable;
  /** θ0: the weights at wrap time, a kept tensor that no optimiser touches. */
  readonly anchor: tf.Tensor;
  /** True for the classification head's kernel and bias (identity, not name). */
  readonly isHead: boolean;
  /** The block the tensor belongs to, for surgical fine-tuning (see `blockName`); 'head' for the head. */
  readonly block: string;
}

/** 'train': BatchNorm uses batch statistics and updates its moving ones; 'inference': moving statistics. */
export type ForwardMode = 'train' | 'inference';

function asVariable(t: tf.Tensor, name: string): tf.Variable {
  if (!(t instanceof tf.Variable)) throw new Error(`weight ${name} is not a tf.Variable`);
  return t;
}

/** The stable short name of a layer weight: `conv1/kernel` from tfjs' `conv1/kernel_3` style names. */
function weightName(layer: tf.layers.Layer, originalName: string): string {
  const short = originalName.split('/').pop() ?? originalName;
  return `${layer.name}/${short}`;
}

/**
 * A layer's block: its name up to the first '_' (`stem_bn` joins `stem`, `block2_proj` joins `block2`),
 * with a residual branch letter dropped (`block1a`, `block1b` → `block1`). tfjs' automatic names
 * (`conv2d_Conv2D1`) are their own block.
 */
export function blockName(layerName: string): string {
  if (/^[A-Za-z0-9]+_[A-Z][A-Za-z0-9]*\d+$/.test(layerName)) return layerName;
  return layerName.split('_')[0].replace(/^([A-Za-z]+\d+)[a-z]$/, '$1');
}

export class TunableModel implements Stateful {
  readonly model: tf.LayersModel;
  /** The classification head: the model's last layer, which must be a Dense layer. */
  readonly head: tf.layers.Layer;
  readonly params: readonly Param[];
  private readonly byName: ReadonlyMap<string, Param>;

  /**
   * Wrap `model` and snapshot its trainable weights as the anchor θ0.
   * The wrapper owns the anchors; `dispose()` frees them (and the model).
   */
  constructor(model: tf.LayersModel) {
    this.model = model;
    const last = model.layers[model.layers.length - 1];
    if (last === undefined || last.getClassName() !== 'Dense') {
      throw new Error(
        `the model's last layer must be a Dense classification head, got ${last?.getClassName() ?? 'none'}`,
      );
    }
    this.head = last;
    const params: Param[] = [];
    for (const layer of model.layers) {
      for (const lv of layer.trainableWeights) {
        const name = weightName(layer, lv.originalName);
        const variable = asVariable(lv.read(), name);
        const isHead = layer === last;
        const block = isHead ? 'head' : blockName(layer.name);
        params.push({ name, layer, variable, anchor: tf.keep(variable.clone()), isHead, block });
      }
    }
    if (params.length === 0) throw new Error('the model has no trainable weights');
    const byName = new Map(params.map((p) => [p.name, p]));
    if (byName.size !== params.length) {
      throw new Error('two trainable weights share a name: give every layer a unique name');
    }
    this.params = params;
    this.byName = byName;
  }

  /** Logits [B, numClasses] for inputs [B, ...inputShape]. */
  forward(x: tf.Tensor, mode: ForwardMode): tf.Tensor2D {
    const out = this.model.apply(x, { training: mode === 'train' });
    if (Array.isArray(out) || !(out instanceof tf.Tensor)) throw new Error('the model must have one tensor output');
    return out as tf.Tensor2D;
  }

  get numClasses(): number {
    const shape = this.model.outputs[0].shape;
    return shape[shape.length - 1] ?? 0;
  }

  param(name: string): Param {
    const p = this.byName.get(name);
    if (!p) throw new Error(`unknown parameter "${name}"; known: ${[...this.byName.keys()].join(', ')}`);
    return p;
  }

  /** The tensors that get a radius and are projected under `scope` (head excluded by default). */
  projectedParams(scope: ProjectionScope): Param[] {
    for (const name of scope.excluded) this.param(name); // an unknown name is a config error, not a no-op
    const excluded = new Set(scope.excluded);
    return this.params.filter((p) => !(scope.excludeHead && p.isHead) && !excluded.has(p.name));
  }

  /** The backbone's blocks in forward order (the head is not one). */
  blocks(): string[] {
    return [...new Set(this.params.filter((p) => !p.isHead).map((p) => p.block))];
  }

  /** The tensors of the named blocks (`first` / `last` allowed); an unknown name is an error that lists the blocks. */
  blockParams(names: readonly string[]): Param[] {
    const blocks = this.blocks();
    const chosen = new Set(
      names.map((n) => {
        const resolved = n === 'first' ? blocks[0] : n === 'last' ? blocks[blocks.length - 1] : n;
        if (resolved === undefined || !blocks.includes(resolved)) {
          throw new Error(`unknown block "${n}"; this model's blocks are ${blocks.join(', ')} (or first / last)`);
        }
        return resolved;
      }),
    );
    return this.params.filter((p) => chosen.has(p.block));
  }

  /** The trainable tf.Variables, for gradients: `tf.variableGrads(f, model.variables())`. */
  variables(params: readonly Param[] = this.params): tf.Variable[] {
    return params.map((p) => p.variable);
  }

  /**
   * Every weight of the network, trainable or not (BatchNorm's moving statistics move in training
   * mode), by its place in the model: the anchors θ0 are not saved, they are the starting network's.
   */
  saveState(w: StateWriter): void {
    this.model.weights.forEach((lv, i) => w.tensor(`${i}`, lv.read()));
  }

  loadState(r: StateReader): void {
    tf.tidy(() => this.model.weights.forEach((lv, i) => lv.write(r.tensor(`${i}`, lv.read()))));
  }

  /** Put every weight back to θ0. */
  resetToAnchor(): void {
    for (const p of this.params) p.variable.assign(p.anchor);
  }

  dispose(): void {
    for (const p of this.params) p.anchor.dispose();
    this.model.dispose();
  }
}
