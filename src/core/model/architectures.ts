/**
 * The model zoo's architectures, built with seeded initialisation (every kernel gets its own seed from
 * the run's RNG, so a seed gives the same network). Layer names are stable: they name the tensors
 * (`conv1/kernel`), the radii and the charts. Input [28, 28, C] in [0, 1]; output: logits of a Dense head.
 *   cnn-small   3×3 convs 16-32-64-64, two max-pools, global average pooling, dense head (60,874 params)
 *   resnet-mini conv stem + 3 residual blocks (BatchNorm), global average pooling, dense head
 *   mlp         784-256-128 with ReLU, dense head
 */
import * as tf from '@tensorflow/tfjs';

import type { Rng } from '../rng';

import { ARCHITECTURE_IDS, type ArchitectureId } from '../spec/architecture-ids';

export interface ArchitectureSpec {
  inputShape: [number, number, number];
  numClasses: number;
}

type Seeds = () => ReturnType<typeof tf.initializers.heNormal>;

/** He-normal kernels (ReLU networks), each with its own 31-bit seed drawn from `rng`. */
function heSeeds(rng: Rng): Seeds {
  return () => tf.initializers.heNormal({ seed: rng.int(2 ** 31) });
}

function sym(x: tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[]): tf.SymbolicTensor {
  if (Array.isArray(x) || !(x instanceof tf.SymbolicTensor)) throw new Error('expected one symbolic tensor');
  return x;
}

function head(features: tf.SymbolicTensor, numClasses: number, rng: Rng): tf.SymbolicTensor {
  const init = tf.initializers.glorotUniform({ seed: rng.int(2 ** 31) });
  return sym(tf.layers.dense({ name: 'head', units: numClasses, kernelInitializer: init }).apply(features));
}

function cnnSmall(spec: ArchitectureSpec, rng: Rng): tf.LayersModel {
  const seed = heSeeds(rng);
  const input = tf.input({ shape: spec.inputShape });
  const conv = (name: string, filters: number, x: tf.SymbolicTensor): tf.SymbolicTensor =>
    sym(
      tf.layers
        .conv2d({ name, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: seed() })
        .apply(x),
    );
  let h = conv('conv1', 16, input); // [28, 28, 16]
  h = sym(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }).apply(h)); // [14, 14, 16]
  h = conv('conv2', 32, h);
  h = sym(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }).apply(h)); // [7, 7, 32]
  h = conv('conv3', 64, h);
  h = conv('conv4', 64, h);
  h = sym(tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(h)); // [64]
  return tf.model({ name: 'cnn-small', inputs: input, outputs: head(h, spec.numClasses, rng) });
}

function resnetMini(spec: ArchitectureSpec, rng: Rng): tf.LayersModel {
  const seed = heSeeds(rng);
  const input = tf.input({ shape: spec.inputShape });
  const convBn = (
    name: string,
    filters: number,
    strides: number,
    x: tf.SymbolicTensor,
    relu: boolean,
  ): tf.SymbolicTensor => {
    const c = sym(
      tf.layers
        .conv2d({ name, filters, kernelSize: 3, strides, padding: 'same', useBias: false, kernelInitializer: seed() })
        .apply(x),
    );
    const b = sym(tf.layers.batchNormalization({ name: `${name}_bn` }).apply(c));
    return relu ? sym(tf.layers.reLU({ name: `${name}_relu` }).apply(b)) : b;
  };
  const block = (name: string, filters: number, strides: number, x: tf.SymbolicTensor): tf.SymbolicTensor => {
    const a = convBn(`${name}a`, filters, strides, x, true);
    const b = convBn(`${name}b`, filters, 1, a, false);
    const inFilters = x.shape[x.shape.length - 1];
    const skip = strides === 1 && inFilters === filters ? x : convBn(`${name}_proj`, filters, strides, x, false);
    return sym(
      tf.layers.reLU({ name: `${name}_out` }).apply(sym(tf.layers.add({ name: `${name}_add` }).apply([b, skip]))),
    );
  };
  let h = convBn('stem', 16, 1, input, true); // [28, 28, 16]
  h = block('block1', 16, 1, h); // [28, 28, 16]
  h = block('block2', 32, 2, h); // [14, 14, 32]
  h = block('block3', 48, 2, h); // [7, 7, 48]
  h = sym(tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(h));
  return tf.model({ name: 'resnet-mini', inputs: input, outputs: head(h, spec.numClasses, rng) });
}

function mlp(spec: ArchitectureSpec, rng: Rng): tf.LayersModel {
  const seed = heSeeds(rng);
  const input = tf.input({ shape: spec.inputShape });
  let h = sym(tf.layers.flatten({ name: 'flatten' }).apply(input)); // [H·W·C]
  h = sym(tf.layers.dense({ name: 'fc1', units: 256, activation: 'relu', kernelInitializer: seed() }).apply(h));
  h = sym(tf.layers.dense({ name: 'fc2', units: 128, activation: 'relu', kernelInitializer: seed() }).apply(h));
  return tf.model({ name: 'mlp', inputs: input, outputs: head(h, spec.numClasses, rng) });
}

const BUILDERS: Record<ArchitectureId, (spec: ArchitectureSpec, rng: Rng) => tf.LayersModel> = {
  'cnn-small': cnnSmall,
  'resnet-mini': resnetMini,
  mlp,
};

/** A freshly initialised network; the same (id, spec, rng state) gives the same weights. */
export function buildArchitecture(id: ArchitectureId, spec: ArchitectureSpec, rng: Rng): tf.LayersModel {
  const build = BUILDERS[id];
  if (!build) throw new Error(`unknown architecture "${id}"; known: ${ARCHITECTURE_IDS.join(', ')}`);
  return build(spec, rng);
}
