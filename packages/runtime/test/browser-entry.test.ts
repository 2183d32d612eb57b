/** The browser entry registers wasm > js only (this file must not import the node entry). */
import { backendStatus, registeredBackends } from '@sparsecnn/kernels-api';
import { expect, it } from 'vitest';
import * as browser from '../src/browser.js';

it('registers wasm and js, not native, and exports the same API as the node entry', async () => {
  const names = registeredBackends().map((p) => p.name);
  expect(names).toContain('js');
  expect(names).not.toContain('native');
  expect(backendStatus().map((s) => s.name).filter((n) => n === 'wasm' || n === 'js')).toEqual(
    names.includes('wasm') ? ['wasm', 'js'] : ['js'],
  );
  const node = await import('../src/public.js');
  expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
});
