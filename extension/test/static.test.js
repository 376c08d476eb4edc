// Checks on the extension's files as shipped: the module worker is declared
// the same way for Chromium and Firefox, the popup is a module, nothing puts
// markup on a page, and no second copy of the engine's judgment is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const sources = readdirSync(new URL('extension/', root)).filter((f) => f.endsWith('.js') && f !== 'wasm_exec.js');

test('the manifest declares one module worker for Chromium and Firefox', () => {
  const bg = JSON.parse(read('manifest.json')).background;
  assert.equal(bg.type, 'module');
  assert.equal(bg.service_worker, 'extension/background.js');
  assert.deepEqual(bg.scripts, ['extension/background.js']);
});

test('the popup loads one module script', () => {
  assert.deepEqual([...read('extension/popup.html').matchAll(/<script[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="popup.js">']);
});

test('no markup is parsed and no code is evaluated', () => {
  for (const f of sources) {
    const s = read('extension/' + f);
    for (const bad of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'importScripts']) {
      assert.ok(!s.includes(bad), f + ' uses ' + bad);
    }
  }
});

test('the engine\'s judgment has no second copy in the extension', () => {
  for (const f of sources) {
    const s = read('extension/' + f);
    for (const gone of ['FAILURE_STATUS', 'AUTH_ERRORS', 'isAuthFailure', 'isCrossOrigin', 'broadestDomain', 'badgeFor', 'findPreflight', 'severityWord']) {
      assert.ok(!s.includes(gone), f + ' has ' + gone);
    }
  }
});
