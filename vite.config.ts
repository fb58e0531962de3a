/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

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

export default defineConfig({
  plugins: [react(), cspMeta(), noTfjsOnMainThread()],
  preview: { headers: { 'Content-Security-Policy': CSP_HEADER } },
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
