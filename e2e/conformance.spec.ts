import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { openRunner } from './helpers/runner';

/** TOLERANCE.gpu of src/core/tpgm/conformance.ts (not imported: it would load tfjs into the test runner). */
const GPU_TOLERANCE = 1e-4;

/**
 * The project's TPGM code on tfjs-backend-webgpu in the browser (SwiftShader here): the worker of
 * runner.html (the page `npm run check:reference -- --backend webgpu` drives) runs the shipped fixture.
 */
test('the TPGM reference fixture on WebGPU: every quantity within 1e-4 of PyTorch', async ({ page }) => {
  test.setTimeout(300_000);
  const { events, send, backend } = await openRunner(page, { forcedBackend: 'webgpu' });
  expect(backend.name).toBe('webgpu');

  const fixture: unknown = JSON.parse(readFileSync('src/testing/fixtures/tpgm_reference.json', 'utf8'));
  await send({ type: 'checkReference', requestId: 1, fixture });
  await expect
    .poll(() => events.find((e) => e.type === 'referenceChecked' || e.type === 'failed')?.type, { timeout: 240_000 })
    .toBe('referenceChecked');
  const answer = events.find((e) => e.type === 'referenceChecked');
  if (answer?.type !== 'referenceChecked') throw new Error('no answer');
  expect(answer.backend).toBe('webgpu');
  expect(answer.results.length).toBeGreaterThan(20);
  const worst = answer.results.reduce((a, r) => (r.relativeError > a.relativeError ? r : a));
  console.log(
    `WebGPU conformance: ${answer.results.length} quantities, worst ${worst.quantity} ${worst.relativeError}`,
  );
  expect(answer.results.filter((r) => !(r.relativeError <= GPU_TOLERANCE))).toEqual([]);
});
