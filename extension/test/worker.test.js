// The worker's recording path with the real engine (extension/authdoctor.wasm,
// `make build`) under Node and a fake chrome.*: the engine's triage decides
// what is stored and badged, and its report's badge replaces it. Also the
// engine bridge's errors-as-values and the one no-engine redaction.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const wasm = new URL('../authdoctor.wasm', import.meta.url);
const built = existsSync(wasm);

// A fake of the chrome.* the worker uses, in memory.
const session = new Map();
const badges = new Map();
globalThis.chrome = {
  runtime: { getURL: (p) => 'fake:' + p },
  storage: {
    session: {
      async get(keys) {
        const out = {};
        for (const k of keys === null ? [...session.keys()] : [].concat(keys)) if (session.has(k)) out[k] = structuredClone(session.get(k));
        return out;
      },
      async set(o) { for (const [k, v] of Object.entries(o)) session.set(k, structuredClone(v)); },
      async remove(keys) { for (const k of [].concat(keys)) session.delete(k); },
    },
    local: { async get() { return {}; } },
  },
  action: {
    async setBadgeText({ tabId, text }) { badges.set(tabId, text); },
    async setBadgeBackgroundColor() {},
  },
  tabs: { async get(id) { return { id, url: 'https://app.shop.test/page', active: false }; } },
  cookies: { async getAll() { return []; } },
};
const realFetch = globalThis.fetch;
globalThis.fetch = async (url) => {
  if (url === 'fake:extension/authdoctor.wasm') return new Response(readFileSync(wasm), { headers: { 'Content-Type': 'application/wasm' } });
  return realFetch(url);
};

const { call, redactSnapshot } = await import('../engine.js');
const { record, diagnoseTab, cancelDiagnosis } = await import('../diagnosis.js');

const ex = (id, o = {}) => Object.assign({
  id, request: { url: 'https://app.shop.test/api?access_token=SECRETQZ', method: 'GET', type: 'xmlhttprequest', initiator: 'https://app.shop.test', time: Number(id), headers: [{ name: 'Authorization', value: 'Bearer SECRETQZ' }] },
  response: { status: 401, statusText: '', fromCache: false, ip: '', time: Number(id), headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }] },
  error: '', redirects: [], browserAuthenticated: false,
}, o);

test('call returns errors as values', () => {
  assert.deepEqual(call({ api: null, error: 'boom' }, 'triage', {}), { ok: false, error: 'the engine is not loaded: boom' });
  assert.equal(call({ api: {} }, 'triage', {}).missing, true);
  assert.equal(call({ api: { triage: () => '{"error":"bad"}' } }, 'triage', {}).error, 'triage: bad');
  assert.equal(call({ api: { triage: () => { throw new Error('x'); } } }, 'triage', {}).ok, false);
  assert.deepEqual(call({ api: { triage: (s) => s } }, 'triage', { a: 1 }), { ok: true, value: { a: 1 } });
});

test('without the engine, redaction drops every header value and the URL\'s query', () => {
  const [s] = redactSnapshot({ api: null }, { exchanges: [ex('1')] });
  assert.equal(s.request.url, 'https://app.shop.test/api');
  assert.deepEqual(s.request.headers, [{ name: 'Authorization', value: '' }]);
  assert.ok(!JSON.stringify(s).includes('SECRETQZ'));
});

test('with the real engine: a 401 is stored redacted and badged by triage, then by the report', { skip: !built && 'run make build first' }, async () => {
  await record(ex('5'), [], 3);
  const rec = session.get('tab:3');
  assert.equal(rec.failures.length, 1);
  assert.deepEqual(rec.badge, { text: '401', color: '#b3261e' });
  assert.equal(badges.get(3), '401');
  assert.ok(!JSON.stringify(rec).includes('SECRETQZ'), 'stored redacted');
  const res = await diagnoseTab(3);
  cancelDiagnosis(3);
  assert.equal(res.ok, true);
  assert.equal(res.report.failures[0].exchangeId, '5');
  assert.equal(typeof res.report.failures[0].markdown, 'string');
  assert.equal(session.get('report:3').for, '5');
  assert.deepEqual(session.get('tab:3').badge, res.report.badge);
});

test('with the real engine: an exchange the engine does not call a failure is not stored', { skip: !built && 'run make build first' }, async () => {
  // Worth recording (a redirect was followed) but nothing failed.
  await record(ex('8', {
    request: { url: 'https://app.shop.test/home', method: 'GET', type: 'main_frame', initiator: '', time: 8, headers: [] },
    response: { status: 200, headers: [] },
    redirects: [{ url: 'https://app.shop.test/', status: 302, headers: [{ name: 'Location', value: '/home' }] }],
  }), [], 4);
  cancelDiagnosis(4);
  assert.equal(session.has('tab:4'), false);
  assert.equal(badges.has(4), false);
});
