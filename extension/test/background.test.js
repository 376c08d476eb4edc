// The worker's wiring (background.js) under a fake chrome.*: the message
// gate (sender and fields), a record's lifetime (dropped when a new document
// commits, kept through a 204 and a same-document navigation), and
// tabs.onReplaced (the old tab's record goes, its Undo offer moves).
import { test } from 'node:test';
import assert from 'node:assert/strict';

const session = new Map();
const listeners = {};
const on = (name) => ({ addListener: (fn) => { listeners[name] = fn; } });
globalThis.chrome = {
  runtime: { id: 'extid', getURL: (p) => 'chrome-extension://extid/' + p, onMessage: on('message') },
  webRequest: {
    onSendHeaders: on('send'), onHeadersReceived: on('headers'), onAuthRequired: on('auth'), onCompleted: on('completed'), onErrorOccurred: on('error'),
  },
  tabs: {
    onUpdated: on('updated'), onRemoved: on('removed'), onReplaced: on('replaced'),
    async get(id) { return { id, url: 'https://app.test/' }; },
  },
  alarms: { onAlarm: on('alarm'), async create() {}, async clear() {} },
  storage: {
    session: {
      async get(keys) {
        const out = {};
        for (const k of keys === null ? [...session.keys()] : [].concat(keys)) if (session.has(k)) out[k] = structuredClone(session.get(k));
        return out;
      },
      async getKeys() { return [...session.keys()]; },
      async set(o) { for (const [k, v] of Object.entries(o)) session.set(k, structuredClone(v)); },
      async remove(keys) { for (const k of [].concat(keys)) session.delete(k); },
    },
    local: { async get() { return {}; } },
  },
  action: { async setBadgeText() {}, async setBadgeBackgroundColor() {} },
  cookies: { async getAll() { return []; }, async getAllCookieStores() { return []; } },
};
await import('../background.js');

const settle = () => new Promise((r) => setTimeout(r, 30));
const ask = (msg, sender) => new Promise((resolve) => {
  const async = listeners.message(msg, sender, resolve);
  if (async !== true && async !== false) resolve({ noAnswer: true });
});
const popup = { id: 'extid', url: 'chrome-extension://extid/extension/popup.html?tab=1' };
const failure = (id, time) => ({ id, request: { url: 'https://app.test/api', method: 'GET', time, headers: [] }, response: { status: 401, headers: [] }, redirects: [] });

test('messages from anything but the extension\'s pages are refused', async () => {
  for (const sender of [{ id: 'extid', url: 'https://evil.test/', tab: { id: 3 } }, { id: 'other', url: 'chrome-extension://other/p.html' }, {}]) {
    assert.deepEqual(await ask({ type: 'record-ids', tabId: 1 }, sender), { ok: false, error: 'refused: only the extension\'s own pages may send messages' });
  }
  assert.equal((await ask({ type: 'record-ids', tabId: 1 }, popup)).ok, true);
});

test('a malformed message is answered with the reason and not acted on', async () => {
  assert.deepEqual(await ask({ type: 'clear-site-data', tabId: '1', exchangeId: '', include: [] }, popup), { ok: false, error: 'bad message: tabId must be a non-negative integer' });
  assert.deepEqual(await ask({ type: 'clear-site-data', tabId: 1, exchangeId: '', include: 'https://x.test' }, popup), { ok: false, error: 'bad message: include must be an array of origins' });
});

test('a record is dropped when a new document commits, not on a 204 or a same-document navigation', async () => {
  session.set('tab:5', { failures: [failure('old', 100)], badge: { text: '401', color: '#000' } });
  // A navigation answered 204: it never commits.
  const nav204 = { requestId: 'n1', tabId: 5, type: 'main_frame', method: 'GET', url: 'https://app.test/204', timeStamp: 200, requestHeaders: [] };
  listeners.send(nav204);
  listeners.headers(Object.assign({}, nav204, { statusCode: 204, statusLine: 'HTTP/1.1 204 No Content', responseHeaders: [] }));
  listeners.completed(Object.assign({}, nav204, { statusCode: 204 }));
  listeners.updated(5, { status: 'loading', url: 'https://app.test/#x' }); // a same-document navigation commits
  await settle();
  assert.deepEqual(session.get('tab:5').failures.map((f) => f.id), ['old'], 'kept through a 204 and a fragment');
  // A real navigation: its own failure (an error page commits after it) stays.
  const nav = { requestId: 'n2', tabId: 5, type: 'main_frame', method: 'GET', url: 'https://app.test/next', timeStamp: 300, requestHeaders: [] };
  listeners.send(nav);
  session.set('tab:5', { failures: [failure('n2', 300), failure('old', 100)], badge: null });
  listeners.updated(5, { status: 'loading', url: nav.url });
  await settle();
  assert.deepEqual(session.get('tab:5').failures.map((f) => f.id), ['n2']);
  // The next page commits: nothing of the last one is left.
  listeners.send(Object.assign({}, nav, { requestId: 'n3', timeStamp: 400 }));
  listeners.updated(5, { status: 'loading' });
  await settle();
  assert.equal(session.has('tab:5'), false);
});

test('a replaced tab loses its record and hands its Undo offer to the new tab', async () => {
  session.set('tab:7', { failures: [failure('a', 1)], badge: null });
  session.set('undo:7:1:x', { until: Date.now() + 60000, tabId: 7, cookies: [] });
  session.set('undo-tab:7', { token: 'undo:7:1:x', until: Date.now() + 60000, count: 1 });
  listeners.replaced(8, 7);
  await settle();
  assert.equal(session.has('tab:7'), false);
  assert.equal(session.has('undo-tab:7'), false);
  assert.equal(session.get('undo-tab:8').token, 'undo:7:1:x');
  assert.equal(session.get('undo:7:1:x').tabId, 8, 'the backup now belongs to the new tab (dropped when it closes)');
  listeners.removed(8);
  await settle();
  assert.deepEqual([...session.keys()].filter((k) => k.startsWith('undo')), [], 'closing the new tab drops both');
});
