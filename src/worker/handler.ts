/**
 * Command -> action map of the worker. Takes a `post` function, so it runs under a test with a spy as
 * well as in trainer.worker.ts. Every failure is posted as data with the command's requestId; nothing
 * the worker already holds (loaded datasets, the backend) is lost by a failed command.
 */
import type * as tf from '@tensorflow/tfjs';

import { fetchSource, type ByteSource } from '../core/data/dataset-loader';
import { modelProblems } from '../core/model/load';
import { loadShippedModel, ModelError, readModelIndex, type ShippedModels } from '../core/model/model-repository';
import { loadUserModel, userModelArtifacts } from '../core/model/user-model';
import { DOMAINS } from '../core/data/domains/registry';
import { datasetFromUpload } from './upload';
import { selectBackend, simulateDeviceLoss } from './backend';
import { DatasetStore, summarize } from './datasets';
import { renderGallery } from './gallery';
import { RunSession } from './session';
import { renderTestImages } from './test-images';
import { runDataset } from './run-sets';
import { evaluateAsIs, expandZips, withCard } from './model-upload';
import {
  PROTOCOL_VERSION,
  type BackendInfo,
  type Command,
  type CommandOf,
  type ErrorInfo,
  type WorkerEvent,
} from './protocol';

export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;

type Handlers = { [K in Command['type']]: (cmd: CommandOf<K>) => Promise<void> };

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

function assertNever(x: never): never {
  throw new Error(`unhandled command ${JSON.stringify(x)}`);
}

export interface HandlerOptions {
  /** The files under `<baseUrl>datasets/<path>`; fetch in the worker, the file system in Node tests. */
  datasetFolder?: (baseUrl: string) => (path: string) => ByteSource;
  /** Let queued messages in between training steps. */
  yieldNow?: () => Promise<void>;
  /** The files under `<baseUrl>models/`; fetch in the worker, the file system in Node tests. */
  modelFolder?: (baseUrl: string) => ByteSource;
}

const fetchModelFolder = (baseUrl: string) => fetchSource(new URL('models/', baseUrl).href);

const fetchFolder = (baseUrl: string) => (path: string) => fetchSource(new URL(`datasets/${path}`, baseUrl).href);
const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function createHandler(post: Post, options: HandlerOptions = {}): (cmd: Command) => Promise<void> {
  let datasets: DatasetStore | null = null;
  let backend: BackendInfo | null = null;
  let models: { folder: ByteSource; shipped: ShippedModels } | null = null;
  /** The user's models as artifacts: every run builds a fresh network from them. */
  const userModels = new Map<string, tf.io.ModelArtifacts>();
  let session: RunSession | null = null;
  const running = (runId: number): RunSession | null => (session?.runId === runId ? session : null);
  const store = (): DatasetStore => {
    if (!datasets) throw new Error('the worker is not initialised yet');
    return datasets;
  };

  const handlers: Handlers = {
    init: async (cmd) => {
      backend = await selectBackend(
        cmd.forcedBackend,
        { onDeviceLost: (message) => post({ type: 'deviceLost', message }) },
        cmd.wasmThreads ?? null,
      );
      const domains = Object.values(DOMAINS).map((d) => ({
        id: d.id,
        name: d.name,
        description: d.description,
        severity: d.severity,
      }));
      post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, backend, domains });
      datasets = new DatasetStore((options.datasetFolder ?? fetchFolder)(cmd.baseUrl));
      const folder = (options.modelFolder ?? fetchModelFolder)(cmd.baseUrl);
      let shipped: ShippedModels;
      try {
        shipped = await readModelIndex(folder);
      } catch (err) {
        shipped = { cards: [], problems: [errorInfo(err).message] };
      }
      models = { folder, shipped };
      const zoo = { models: shipped.cards, modelProblems: shipped.problems };
      try {
        post({ type: 'catalog', datasets: await datasets.catalog(), error: null, ...zoo });
      } catch (err) {
        post({ type: 'catalog', datasets: [], error: errorInfo(err), ...zoo });
      }
    },
    loadDataset: async (cmd) => {
      const ds = await store().get(cmd.datasetId, (p) =>
        post({
          type: 'progress',
          requestId: cmd.requestId,
          stage: `loading ${p.file}`,
          fraction: p.loadedBytes / p.totalBytes,
        }),
      );
      post({
        type: 'datasetLoaded',
        requestId: cmd.requestId,
        dataset: summarize(ds.meta, ds.meta.id.startsWith('upload:'), ds.skipped),
      });
    },
    gallery: async (cmd) => {
      const ds = await store().get(cmd.datasetId);
      const rows = await renderGallery(ds, cmd.perDomain, cmd.seed, cmd.severities);
      const transfer = rows.flatMap((r) => r.images.map((im) => im.rgba.buffer as ArrayBuffer));
      post({ type: 'gallery', requestId: cmd.requestId, datasetId: cmd.datasetId, rows }, transfer);
    },
    testImages: async (cmd) => {
      const ds = runDataset(await store().get(cmd.spec.datasetId), cmd.spec);
      const rows = await renderTestImages(ds, cmd.spec, cmd.recorded, cmd.query);
      const transfer = rows.flatMap((r) => r.images.map((im) => im.rgba.buffer as ArrayBuffer));
      post({ type: 'testImages', requestId: cmd.requestId, rows }, transfer);
    },
    uploadDataset: async (cmd) => {
      const ds = await datasetFromUpload(cmd.source, cmd.imageShape, (stage, fraction) =>
        post({ type: 'progress', requestId: cmd.requestId, stage, fraction }),
      );
      store().add(ds);
      post({ type: 'datasetLoaded', requestId: cmd.requestId, dataset: summarize(ds.meta, true, ds.skipped) });
    },
    uploadModel: async (cmd) => {
      const picked = await Promise.all(
        cmd.files.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.data.arrayBuffer()) })),
      );
      const { files, card } = await withCard(expandZips(picked));
      const artifacts = userModelArtifacts(files);
      const model = await loadUserModel(artifacts);
      try {
        const problems = modelProblems(model, cmd.imageShape);
        if (problems.length > 0) throw new ModelError(`this model cannot be fine-tuned here: ${problems.join('; ')}`);
        const id = `upload-${userModels.size + 1}`;
        userModels.set(id, artifacts);
        const name = card?.name ?? files.find((f) => f.name.endsWith('.json'))?.name ?? id;
        post({
          type: 'modelUploaded',
          requestId: cmd.requestId,
          model: {
            id,
            name,
            parameters: model.countParams(),
            inputShape: model.inputs[0].shape.slice(1),
            layers: model.layers.length,
            ...(card ? { card } : {}),
          },
        });
      } finally {
        model.dispose();
      }
    },
    evaluateModel: async (cmd) => {
      const artifacts = userModels.get(cmd.modelId);
      if (!artifacts) throw new Error(`no loaded model "${cmd.modelId}" (models you load last until the page reloads)`);
      const ds = runDataset(await store().get(cmd.spec.datasetId), cmd.spec);
      const results = await evaluateAsIs(artifacts, ds, cmd.spec, options.yieldNow ?? macrotask);
      post({ type: 'modelEvaluated', requestId: cmd.requestId, modelId: cmd.modelId, results });
    },
    start: async (cmd) => {
      if (session) throw new Error(`run ${session.runId} is still going: stop it first`);
      const datasetStore = store();
      const current = new RunSession(
        cmd.runId,
        cmd.spec,
        {
          post,
          dataset: (id) => datasetStore.get(id),
          uploaded: (id) => {
            const artifacts = userModels.get(id);
            if (!artifacts) throw new Error(`no loaded model "${id}" (models you load last until the page reloads)`);
            return loadUserModel(artifacts);
          },
          pretrained: (id) => {
            const card = models?.shipped.cards.find((c) => c.id === id);
            if (!models || !card) throw new Error(`no shipped model "${id}"`);
            return loadShippedModel(models.folder, card);
          },
          backend: () => backend?.name ?? 'cpu',
          read: (t) => t.data(),
          yieldNow: options.yieldNow ?? macrotask,
          now: () => performance.now(),
        },
        cmd.from ?? null,
      );
      session = current;
      try {
        await current.run();
      } catch (err) {
        post({ type: 'runFailed', runId: cmd.runId, error: errorInfo(err) });
      } finally {
        session = null;
      }
    },
    pause: async (cmd) => running(cmd.runId)?.pause(),
    resume: async (cmd) => running(cmd.runId)?.resume(),
    stop: async (cmd) => running(cmd.runId)?.stop(),
    stepOnce: async (cmd) => running(cmd.runId)?.stepOnce(),
    radiusStepOnce: async (cmd) => running(cmd.runId)?.radiusStepOnce(),
    checkReference: async (cmd) => {
      // loaded on first use: only check:reference and its e2e ask for it
      const [{ parseFixture }, conformance] = await Promise.all([
        import('../core/tpgm/fixture'),
        import('../core/tpgm/conformance'),
      ]);
      const results = await conformance.checkFixture(parseFixture(cmd.fixture));
      const tfjs = conformance.TFJS_VERSION;
      post({ type: 'referenceChecked', requestId: cmd.requestId, backend: backend?.name ?? 'cpu', tfjs, results });
    },
    simulateDeviceLoss: async () => {
      if (!simulateDeviceLoss())
        throw new Error(`no GPU device to lose: the backend is ${backend?.name ?? 'not chosen yet'}, not webgpu`);
    },
  };

  const dispatch = (cmd: Command): Promise<void> => {
    switch (cmd.type) {
      case 'init':
        return handlers.init(cmd);
      case 'loadDataset':
        return handlers.loadDataset(cmd);
      case 'gallery':
        return handlers.gallery(cmd);
      case 'testImages':
        return handlers.testImages(cmd);
      case 'uploadDataset':
        return handlers.uploadDataset(cmd);
      case 'evaluateModel':
        return handlers.evaluateModel(cmd);
      case 'uploadModel':
        return handlers.uploadModel(cmd);
      case 'start':
        return handlers.start(cmd);
      case 'pause':
        return handlers.pause(cmd);
      case 'resume':
        return handlers.resume(cmd);
      case 'stop':
        return handlers.stop(cmd);
      case 'stepOnce':
        return handlers.stepOnce(cmd);
      case 'radiusStepOnce':
        return handlers.radiusStepOnce(cmd);
      case 'checkReference':
        return handlers.checkReference(cmd);
      case 'simulateDeviceLoss':
        return handlers.simulateDeviceLoss(cmd);
      default:
        return assertNever(cmd);
    }
  };

  return async (cmd) => {
    try {
      await dispatch(cmd);
    } catch (err) {
      if ('runId' in cmd) post({ type: 'runFailed', runId: cmd.runId, error: errorInfo(err) });
      else post({ type: 'failed', requestId: 'requestId' in cmd ? cmd.requestId : null, error: errorInfo(err) });
    }
  };
}
