// Clearing and Undo under a fake chrome.*: the Undo backup is written before
// anything is cleared and the clear is refused when it cannot be; the
// cookies are read from, and restored into, the tab's own cookie store (an
// incognito tab's), never the regular jar; the Undo offer is kept with the
// tab and dropped with it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const session = new Map();
const calls = [];
let jar; // storeId -> cookies
let quotaFull = false;
const plan = { primary: true, origins: ['https://app.shop.test'], types: ['cookies', 'localStorage', 'indexedDB'], cookieDomains: ['shop.test'], optional: [] };

globalThis.chrome = {
  runtime: { getURL: (p) => 'fake:' + p, id: 'x' },
  storage: {
    session: {
      async get(keys) {
        const out = {};
        for (const k of keys === null ? [...session.keys()] : [].concat(keys)) if (session.has(k)) out[k] = structuredClone(session.get(k));
        return out;
      },
      async getKeys() { return [...session.keys()]; },
      async set(o) {
        if (quotaFull) throw new Error('Session storage quota bytes exceeded. Values were not stored.');
        calls.push(['session.set', Object.keys(o).join(',')]);
        for (const [k, v] of Object.entries(o)) session.set(k, structuredClone(v));
      },
      async remove(keys) { for (const k of [].concat(keys)) session.delete(k); },
    },
    local: { async get() { return {}; } },
  },
  alarms: {
    async create(name, o) { calls.push(['alarms.create', name, o.when]); },
    async clear(name) { calls.push(['alarms.clear', name]); },
  },
  action: { async setBadgeText() {}, async setBadgeBackgroundColor() {} },
  tabs: {
    async get(id) { if (id === 1 || id === 2) return { id, url: 'https://app.shop.test/page', incognito: id === 2 }; throw new Error('No tab with id: ' + id); },
    async reload() {},
  },
  cookies: {
    async getAllCookieStores() { return [{ id: '0', tabIds: [1] }, { id: '1', tabIds: [2] }]; },
    async getAll(f) {
      calls.push(['cookies.getAll', f.storeId]);
      return (jar[f.storeId === undefined ? '0' : f.storeId] || []).filter((c) => !f.domain || c.domain.replace(/^\./, '').endsWith(f.domain)).map((c) => Object.assign({}, c));
    },
    async set(d) {
      calls.push(['cookies.set', d.storeId]);
      (jar[d.storeId || '0'] ||= []).push({ name: d.name, value: d.value, domain: d.domain || d.url.split('/')[2], path: d.path, storeId: d.storeId || '0' });
      return d;
    },
  },
  browsingData: {
    async remove(scope) {
      calls.push(['browsingData.remove', scope.origins.join(',')]);
      // What Chromium does in split mode: the calling (incognito) profile's data.
      jar[incognito ? '1' : '0'] = [];
    },
  },
};
let incognito = false;
// The real engine when built (make build), so a diagnosis reads the jar.
const wasm = new URL('../authdoctor.wasm', import.meta.url);
const built = existsSync(wasm);
const realFetch = globalThis.fetch;
globalThis.fetch = async (url) => {
  if (url === 'fake:extension/authdoctor.wasm') return new Response(readFileSync(wasm), { headers: { 'Content-Type': 'application/wasm' } });
  return realFetch(url);
};

const { clearSiteData, undoClear, dropExpiredUndo } = await import('../clear.js');
const { diagnoseTab } = await import('../diagnosis.js');

const cookie = (name, storeId) => ({ name, value: 'V-' + name, domain: 'app.shop.test', path: '/', secure: true, httpOnly: true, sameSite: 'lax', hostOnly: true, session: true, storeId });

function seed(tabId) {
  session.set('tab:' + tabId, { failures: [{ id: '9', request: { url: 'https://app.shop.test/api', method: 'GET', time: 1, headers: [] }, response: { status: 401, headers: [] }, redirects: [] }], badge: null });
  session.set('report:' + tabId, { for: '9', engine: { loaded: true }, report: { failures: [{ exchangeId: '9', clear: plan }] } });
}

beforeEach(() => {
  session.clear();
  calls.length = 0;
  quotaFull = false;
  incognito = false;
  jar = { 0: [cookie('regular', '0')], 1: [cookie('private', '1')] };
});

test('the backup is written before anything is cleared', async () => {
  seed(1);
  const res = await clearSiteData(1, '9', []);
  assert.equal(res.ok, true);
  const order = calls.map((c) => c[0]).filter((c) => c === 'session.set' || c === 'browsingData.remove');
  assert.deepEqual(order, ['session.set', 'browsingData.remove', 'session.set']);
  assert.match(res.token, /^undo:1:\d+:[a-z0-9]+$/);
  assert.deepEqual(session.get('undo-tab:1'), { token: res.token, until: res.undoUntil, count: 1 }, 'the offer is kept with the tab');
  assert.equal(session.get(res.token).cookies[0].value, 'V-regular');
  assert.ok(calls.some((c) => c[0] === 'alarms.create' && c[2] >= res.undoUntil), 'an alarm drops it when it expires');
});

test('no room for the backup: the clear is refused and nothing is touched', async () => {
  seed(1);
  quotaFull = true;
  const res = await clearSiteData(1, '9', []);
  assert.equal(res.ok, false);
  assert.equal(res.refused, true);
  assert.match(res.error, /^Nothing was cleared/);
  assert.ok(!calls.some((c) => c[0] === 'browsingData.remove'), 'browsingData.remove was never called');
  assert.equal(jar[0].length, 1);
  assert.ok(session.has('tab:1'), 'the record stays');
  assert.deepEqual([...session.keys()].filter((k) => k.startsWith('undo')), []);
});

test('a clear that fails leaves no backup', async () => {
  seed(1);
  const real = chrome.browsingData.remove;
  chrome.browsingData.remove = async () => { throw new Error('injected'); };
  try {
    await assert.rejects(clearSiteData(1, '9', []), /injected/);
  } finally {
    chrome.browsingData.remove = real;
  }
  assert.deepEqual([...session.keys()].filter((k) => k.startsWith('undo')), []);
});

test('an incognito tab reads, clears and restores only its own cookie store', { skip: !built && 'run make build first' }, async () => {
  incognito = true;
  seed(2);
  const diag = await diagnoseTab(2); // reads the jar for the engine
  assert.equal(diag.ok, true);
  assert.ok(calls.some((c) => c[0] === 'cookies.getAll'), 'the diagnosis read the jar');
  const res = await clearSiteData(2, '9', []);
  assert.equal(res.ok, true);
  assert.deepEqual(res.cookies.map((c) => c.name), ['private']);
  assert.equal(jar[0].length, 1, 'the regular jar is untouched');
  const undo = await undoClear(res.token);
  assert.deepEqual(undo, { ok: true, restored: 1, total: 1 });
  assert.deepEqual(jar[1].map((c) => c.name), ['private'], 'restored into the incognito store');
  assert.deepEqual(jar[0].map((c) => c.name), ['regular']);
  const stores = calls.filter((c) => c[0] === 'cookies.getAll' || c[0] === 'cookies.set').map((c) => c[0] + ' ' + c[1]);
  assert.ok(stores.length >= 3, stores.join('; '));
  assert.deepEqual([...new Set(stores.map((s) => s.split(' ')[1]))], ['1'], 'every read and write names store 1: ' + stores.join('; '));
  assert.ok(!session.has('undo-tab:2') && !session.has(res.token), 'Undo drops the backup and the offer');
});

test('expired backups and the offers of closed tabs are dropped', async () => {
  session.set('undo:1:1:old', { until: Date.now() - 1, tabId: 1, cookies: [cookie('a', '0')] });
  session.set('undo-tab:1', { token: 'undo:1:1:old', until: Date.now() - 1, count: 1 });
  session.set('undo:2:1:live', { until: Date.now() + 60000, tabId: 2, cookies: [cookie('b', '1')] });
  session.set('undo-tab:2', { token: 'undo:2:1:live', until: Date.now() + 60000, count: 1 });
  session.set('undo:3:1:live', { until: Date.now() + 60000, tabId: 3, cookies: [cookie('c', '0')] });
  await dropExpiredUndo();
  assert.deepEqual([...session.keys()].sort(), ['undo-tab:2', 'undo:2:1:live', 'undo:3:1:live']);
  await dropExpiredUndo(2); // tab 2 closed
  assert.deepEqual([...session.keys()].sort(), ['undo:3:1:live']);
  assert.equal((await undoClear('undo:2:1:live')).ok, false, 'nothing to undo once its tab closed');
});
