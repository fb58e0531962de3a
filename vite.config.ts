/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
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
