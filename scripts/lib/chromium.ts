/**
 * How this project launches Chromium, for Playwright's e2e tests and the headless scripts alike:
 * Debian's /usr/bin/chromium when present (Playwright cannot download browsers here), else
 * Playwright's own; CHROMIUM_PATH overrides. WebGPU is enabled through SwiftShader where no GPU exists.
 */
import { existsSync } from 'node:fs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: [
    '--enable-unsafe-webgpu',
    '--use-webgpu-adapter=swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(isRoot ? ['--no-sandbox'] : []),
  ],
};
