/**
 * End-to-end tests against the production build (`vite preview` on localhost, a secure context), in
 * Chromium with WebGPU through SwiftShader. Uses Debian's /usr/bin/chromium when present (Playwright
 * cannot download browsers here), else Playwright's own browser; CHROMIUM_PATH overrides.
 */
import { defineConfig } from '@playwright/test';

import { chromiumLaunchOptions } from './scripts/lib/chromium';

// E2E_PORT and E2E_DIST let a second checkout (or a second build) be tested beside a running one
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    // the app's service worker would save 33 MB in the background of every test; only
    // e2e/offline.spec.ts allows it (the app then says "Offline use unavailable: … blocked")
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
