/**
 * An uploaded model.json checked as plain JSON before tfjs deserialises it. tfjs 4.22's
 * `Container.fromConfig` re-queues every layer call whose input does not exist yet and loops, synchronously,
 * until none is left: a cycle, an input from a layer that is not there or from a call that never happens
 * freezes the worker for good. This replays that schedule over the JSON in linear time (Kahn's algorithm
 * over layer calls, no recursion) and names what is wrong, and it bounds the sizes. It does not check layer
 * configs or shapes: what tfjs says about those is passed on, and the weights are user-model.ts's.
 */
import { ModelError } from './model-repository';

/**
 * Bounds on what a browser tab can fine-tune. Layers: above Keras' deepest common vision networks
 * (DenseNet-201 ≈ 700, ResNet-152 ≈ 500) and 30× the largest shipped model (resnet-mini, 31), while tfjs
 * builds the graph recursively (`Container`'s buildMapOfGraph), so its depth must stay far below the JS
 * stack. Layer calls (inbound nodes): 10 per layer, as tfjs' re-queueing loop is quadratic in them.
 */
export const MAX_LAYERS = 1_000;
export const MAX_LAYER_CALLS = 10_000;

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const fmt = (n: number): string => n.toLocaleString('en-US');
/** A name as a message shows it: at most 40 characters. */
const label = (name: string): string => (name.length > 40 ? `${name.slice(0, 39)}…` : name);
const camel = (key: string): string =>
  key.includes('_') ? key.replace(/_+(\w|$)/g, (_m, c: string) => c.toUpperCase()) : key;

/** `obj[key]` as tfjs reads it: it camel-cases every key (`inbound_nodes` is `inboundNodes`); the last wins. */
function field(obj: Dict, key: string): unknown {
  let value: unknown = undefined;
  for (const k of Object.keys(obj)) if (camel(k) === key) value = obj[k];
  return value;
}

const CONTAINERS = new Set(['Model', 'Functional', 'Sequential']);
const OWN_NODE = new Set(['InputLayer', 'Model', 'Functional']);

/** A container's layer list: a Sequential's config may be the bare list. */
function layerList(className: string, config: unknown): unknown[] | null {
  if (className === 'Sequential' && Array.isArray(config)) return config;
  const layers = isDict(config) ? field(config, 'layers') : undefined;
  return Array.isArray(layers) ? layers : null;
}

interface Container {
  className: string;
  config: unknown;
  /** '' for the model itself, else which nested model a message is about */
  where: string;
}

/** Every model config in the topology, nested ones included (a Model used as a layer), without recursion. */
function findContainers(root: unknown): Container[] {
  const found: Container[] = [];
  const stack: unknown[] = [root];
  const seen = new Set<object>(); // JSON is a tree, but an object built in code may hold itself
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item); // not push(...value): a long list would overflow the stack
      continue;
    }
    if (!isDict(value)) continue;
    const className = field(value, 'className');
    const config = field(value, 'config');
    if (typeof className === 'string' && CONTAINERS.has(className) && config != null) {
      const name = field(value, 'name') ?? (isDict(config) ? field(config, 'name') : undefined);
      const where = value === root ? '' : `in the nested model ${label(String(name ?? className))}: `;
      found.push({ className, config, where });
    }
    for (const item of Object.values(value)) stack.push(item);
  }
  return found;
}

/** One layer of a functional graph: its calls (inbound nodes), each a list of inputs [layer index, node index]. */
interface GraphLayer {
  name: string;
  calls: { layer: number; node: number }[][];
  /** nodes the layer has before any call: its own input node (InputLayer, a nested model) */
  initialNodes: number;
}

/** A layer entry with its calls as written: each a list of [layer name, node, tensor, kwargs?]. */
function parseLayer(
  entry: unknown,
  i: number,
  where: string,
): { name: string; initialNodes: number; calls: unknown[][][] } {
  if (!isDict(entry)) throw new ModelError(`${where}layer #${i + 1} of model.json is not an object`);
  const name = field(entry, 'name');
  if (typeof name !== 'string' || name === '') throw new ModelError(`${where}layer #${i + 1} has no name`);
  const config = field(entry, 'config');
  const own = isDict(config) ? field(config, 'name') : undefined;
  if (own !== name) {
    // tfjs files a layer's calls under its config's name but looks them up under this one
    const said = own === undefined ? 'nothing' : JSON.stringify(own);
    throw new ModelError(`${where}layer ${label(name)}'s config names it ${label(said)}`);
  }
  const className = String(field(entry, 'className'));
  // InputLayer and a nested model make their own node when built (an empty Sequential does not)
  const sequentialNodes = (layerList(className, config)?.length ?? 0) > 0 ? 1 : 0;
  const initialNodes = className === 'Sequential' ? sequentialNodes : OWN_NODE.has(className) ? 1 : 0;
  const raw = field(entry, 'inboundNodes');
  if (!Array.isArray(raw)) throw new ModelError(`${where}layer ${label(name)} has no inbound_nodes list`);
  const calls = raw.map((call: unknown, k): unknown[][] => {
    const inputs: unknown[] = Array.isArray(call) ? call : [null];
    for (const input of inputs) {
      if (!Array.isArray(input) || typeof input[0] !== 'string' || !isIndex(input[1]) || !isIndex(input[2])) {
        throw new ModelError(
          `${where}layer ${label(name)}'s inbound node ${k} is not a list of [layer, node, tensor] inputs, ` +
            'the form tfjs reads',
        );
      }
    }
    return inputs as unknown[][];
  });
  return { name, initialNodes, calls };
}

/** Names a cycle among the calls that can never run: each waits for a node of a layer that also waits. */
function cycleMessage(layers: GraphLayer[], count: number[], done: boolean[][], where: string): string {
  const stuck = (li: number): number => done[li].findIndex((d) => !d);
  const next = (li: number): number => {
    const call = layers[li].calls[stuck(li)];
    return (call.find((input) => input.node >= count[input.layer]) ?? call[0]).layer;
  };
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = layers.findIndex((_l, li) => stuck(li) >= 0);
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = next(at);
  }
  // each layer on the path waits for the next, so data flows the other way; start at the first one listed
  const flow = path.slice(seen.get(at)).reverse();
  const first = flow.indexOf(Math.min(...flow));
  const ring = [...flow.slice(first), ...flow.slice(0, first)].map((li) => label(layers[li].name));
  const shown = ring.length > 8 ? [...ring.slice(0, 8), `… (${fmt(ring.length)} layers)`] : ring;
  return (
    `${where}the model's layers form a cycle: ${[...shown, ring[0]].join(' → ')} ` +
    '(each takes its input from the one before), so it can never be built'
  );
}

/** Checks one functional graph and returns how many layer calls it has. */
function checkGraph(config: unknown, where: string): number {
  const entries = layerList('Model', config);
  if (!isDict(config) || !entries) throw new ModelError(`${where}model.json's model config has no list of layers`);
  const parsed = entries.map((entry, i) => parseLayer(entry, i, where));
  const index = new Map<string, number>();
  parsed.forEach((l, li) => {
    if (index.has(l.name)) throw new ModelError(`${where}two layers are named ${label(l.name)}`);
    index.set(l.name, li);
  });
  // a layer has its own nodes plus one per call that has inputs (tfjs skips an empty call)
  const capacity = parsed.map((l) => l.initialNodes + l.calls.filter((c) => c.length > 0).length);
  /** [layer name, node, …] → indices; throws saying `whose` input names nothing. */
  const resolve = (ref: unknown[], whose: string): { layer: number; node: number } => {
    const [name, node] = ref as [string, number];
    const layer = index.get(name);
    if (layer === undefined) throw new ModelError(`${where}${whose} ${label(name)}, which is not a layer of the model`);
    if (node >= capacity[layer]) {
      const has = `${capacity[layer]} node${capacity[layer] === 1 ? '' : 's'}`;
      throw new ModelError(`${where}${whose} node ${node} of ${label(name)}, which has only ${has}`);
    }
    return { layer, node };
  };
  const layers: GraphLayer[] = parsed.map((l) => ({
    name: l.name,
    initialNodes: l.initialNodes,
    calls: l.calls.map((call) => call.map((ref) => resolve(ref, `layer ${label(l.name)} takes its input from`))),
  }));
  for (const [key, what] of [
    ['inputLayers', 'input'],
    ['outputLayers', 'output'],
  ] as const) {
    const refs = field(config, key);
    if (!Array.isArray(refs) || refs.length === 0) throw new ModelError(`${where}model.json lists no ${what} layers`);
    for (const ref of refs) {
      if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !isIndex(ref[1]) || !isIndex(ref[2])) {
        throw new ModelError(
          `${where}an ${what} of model.json is not [layer, node, tensor]: ${label(JSON.stringify(ref))}`,
        );
      }
      resolve(ref, `the model's ${what} is`);
    }
  }

  // The schedule tfjs runs: a call runs once every input's node exists, and running it adds a node to its layer.
  const count = layers.map((l) => l.initialNodes);
  const done = layers.map((l) => l.calls.map(() => false));
  const waiting = layers.map(() => new Map<number, [number, number][]>()); // node → calls [layer, call] waiting
  const missing = layers.map((l) => l.calls.map(() => 0));
  const ready: [number, number][] = [];
  layers.forEach((l, li) =>
    l.calls.forEach((call, ci) => {
      for (const input of call) {
        if (input.node < count[input.layer]) continue;
        missing[li][ci] += 1;
        const queue = waiting[input.layer].get(input.node) ?? [];
        queue.push([li, ci]);
        waiting[input.layer].set(input.node, queue);
      }
      if (missing[li][ci] === 0) ready.push([li, ci]);
    }),
  );
  let numDone = 0;
  for (let item = ready.pop(); item; item = ready.pop()) {
    const [li, ci] = item;
    done[li][ci] = true;
    numDone += 1;
    if (layers[li].calls[ci].length === 0) continue; // tfjs skips an empty call: no node
    const created = count[li]++;
    for (const [wl, wc] of waiting[li].get(created) ?? []) {
      missing[wl][wc] -= 1;
      if (missing[wl][wc] === 0) ready.push([wl, wc]);
    }
  }
  const numCalls = layers.reduce((n, l) => n + l.calls.length, 0);
  if (numDone < numCalls) throw new ModelError(cycleMessage(layers, count, done, where));
  return numCalls;
}

/**
 * Throws a ModelError naming what would make tfjs loop forever or exhaust the tab: a cycle, an input from a
 * layer or node that is not there, missing input or output layers, more than MAX_LAYERS layers or
 * MAX_LAYER_CALLS layer calls. Functional models (class Model or Functional) and Sequential ones, at any
 * depth; an unknown class is left to tfjs. Linear in the size of the JSON.
 */
export function checkTopology(modelTopology: unknown): void {
  if (!isDict(modelTopology)) throw new ModelError("model.json's modelTopology is not an object");
  const root = modelTopology['model_config'] != null ? modelTopology['model_config'] : modelTopology;
  const containers = findContainers(root);
  const numLayers = containers.reduce((n, c) => n + (layerList(c.className, c.config)?.length ?? 0), 0);
  if (numLayers > MAX_LAYERS) {
    throw new ModelError(`the model has ${fmt(numLayers)} layers; at most ${fmt(MAX_LAYERS)} can be fine-tuned here`);
  }
  let numCalls = 0;
  for (const c of containers) {
    if (c.className === 'Sequential') {
      if (!layerList(c.className, c.config)) {
        throw new ModelError(`${c.where}the Sequential model has no list of layers`);
      }
      continue;
    }
    numCalls += checkGraph(c.config, c.where);
    if (numCalls > MAX_LAYER_CALLS) {
      throw new ModelError(
        `the model's layers are called ${fmt(numCalls)} times; at most ${fmt(MAX_LAYER_CALLS)} here`,
      );
    }
  }
}
