/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';

import { noTfjsOnMainThread } from './scripts/lib/main-thread-bundle.ts';

/**
 * The Content-Security-Policy: everything from this origin only; WebAssembly compiled from our own
 * .wasm files ('wasm-unsafe-eval', which allows no JS eval); no inline script; the worker from this
 * origin. `vite preview` sends it as a header (which also covers the worker's own script); the built
 * index.html carries it as a meta tag for any static host (frame-ancestors works only as a header).
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

/**
 * The header adds `blob:` to script-src and worker-src for tfjs-wasm's threads: in the training worker
 * it starts each pthread as a Worker from a blob: URL, which importScripts() the glue from another blob:
 * URL (src/worker/wasm-threaded-glue.ts). A worker's policy is its script's response header (the meta tag
 * never reaches it) and the pthreads inherit it; without these the threaded build fails to start.
 */
const withThreads = (directive: string): string =>
  /^(script|worker)-src /.test(directive) ? `${directive} blob:` : directive;
export const CSP_HEADER = [...CSP_DIRECTIVES.map(withThreads), "frame-ancestors 'none'"].join('; ');

/**
 * Cross-origin isolation, which gives the page and its workers SharedArrayBuffer, so tfjs-wasm runs its
 * threaded build (README, "Threads"). Without these headers the app runs WASM on one thread.
 * require-corp: every file is from this origin, so none needs a Cross-Origin-Resource-Policy of its own.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_DIRECTIVES.join('; ') },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * The web app manifest, so that the app installs. Colours: the header's surface and the page background
 * of the light theme (--color-surface, --color-bg in src/ui/styles.css; a manifest cannot read CSS).
 * The icons are drawn by scripts/make-icons.ts; the 512 px one keeps its picture in the maskable safe
 * zone, so it serves as both.
 */
const WEB_APP_MANIFEST: Partial<ManifestOptions> = {
  name: 'TPGM Playground',
  short_name: 'TPGM',
  description: 'Fine-tune small pre-trained vision models in the browser with TPGM and robust fine-tuning baselines.',
  id: './',
  start_url: './',
  scope: './',
  display: 'standalone',
  theme_color: '#ffffff',
  background_color: '#f6f7f9',
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

/** The largest file the service worker saves: a dataset shard is 3.9 MB, the worker bundle 2.4 MB. */
const MAX_PRECACHED_BYTES = 8 * 1024 * 1024;

/**
 * Offline use: a Workbox service worker (src/worker/service-worker.ts) precaches every file of the build,
 * 33 MB with the datasets. A file over MAX_PRECACHED_BYTES fails the build (the plugin's default) rather
 * than silently leaving the app half-offline. No registration script is injected (the CSP forbids inline
 * script): src/app/offline.ts registers it, in the production build only.
 */
const offline = () =>
  VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/worker',
    filename: 'service-worker.ts',
    injectRegister: null,
    manifest: WEB_APP_MANIFEST,
    includeManifestIcons: false, // they are under public/, globbed with every other file
    injectManifest: {
      globPatterns: ['**/*'],
      // the plugin lists the manifest itself, with a revision of its own
      globIgnores: ['manifest.webmanifest'],
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_BYTES,
      // each entry keeps its size (workbox-build drops `size`), for the page's "n %" (offline-protocol.ts)
      manifestTransforms: [async (entries) => ({ manifest: entries.map((e) => ({ ...e, bytes: e.size })) })],
      // a classic script: module service workers are not in every browser yet
      rollupFormat: 'iife',
    },
  });

export default defineConfig({
  plugins: [react(), cspMeta(), noTfjsOnMainThread(), offline()],
  preview: { headers: { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS } },
  // the dev server sends no CSP (React's refresh runs inline script) but isolates the page, for threads
  server: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // the app, and the headless runner page that scripts drive (src/runner)
    rollupOptions: { input: { main: 'index.html', runner: 'runner.html' } },
  },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    setupFiles: ['src/testing/setup-tfjs.ts'],
    // tfjs on the pure-JS CPU backend is single-threaded; forks keep suites isolated without oversubscribing 2 cores
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
