/**
 * The main thread never runs tfjs: a build check that fails when a tfjs module lands in any chunk of
 * the page's bundle (the app and the runner page). The worker is bundled on its own (Vite builds
 * `new Worker(new URL(...))` as a separate bundle), so tfjs there is expected and not seen here.
 */
import type { Plugin } from 'vite';

/** A module id that belongs to tfjs (any of its packages), wherever node_modules is. */
export const isTfjsModule = (id: string): boolean => /[\\/]node_modules[\\/]@tensorflow[\\/]/.test(id);

/** The minimal shape of a bundle this check reads (Rollup's and Rolldown's output chunks share it). */
export type BundleLike = Record<string, { type: 'chunk'; moduleIds: readonly string[] } | { type: 'asset' }>;

/** `chunk file: module id` for every tfjs module in the bundle's chunks. */
export function tfjsInBundle(bundle: BundleLike): string[] {
  const found: string[] = [];
  for (const [file, output] of Object.entries(bundle)) {
    if (output.type !== 'chunk') continue;
    for (const id of output.moduleIds) if (isTfjsModule(id)) found.push(`${file}: ${id}`);
  }
  return found;
}

/** Fails the build when tfjs is bundled for the main thread, naming the first few modules. */
export const noTfjsOnMainThread = (): Plugin => ({
  name: 'no-tfjs-on-main-thread',
  apply: 'build',
  generateBundle(_options, bundle) {
    const found = tfjsInBundle(bundle as unknown as BundleLike);
    if (found.length > 0)
      this.error(
        `tfjs is in the main-thread bundle (${found.length} modules), it must stay in the worker: ` +
          `${found.slice(0, 3).join('; ')}. Import the shared vocabulary from src/core/spec instead.`,
      );
  },
});
