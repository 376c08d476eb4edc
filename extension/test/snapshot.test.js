// Snapshot assembly: what the engine is asked on record (the exchange after
// its context, clipped, with the page) and on diagnosis (the stored failures
// with their context flattened once, oldest first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordSnapshot, snapshotExchanges, urlsOf } from '../diagnosis.js';
import { MAX_CONTEXT, MAX_HEADERS } from '../store.js';

const ex = (id, time, o = {}) => Object.assign({
  id, request: { url: 'https://app.test/' + id, method: 'GET', type: 'xmlhttprequest', initiator: 'https://app.test', time, headers: [] },
  response: { status: 200, headers: [] }, error: '', redirects: [],
}, o);

test('recordSnapshot: the page, the context and the exchange, oldest first, clipped', () => {
  const failure = ex('9', 50, { response: { status: 401, headers: Array.from({ length: 200 }, () => ({ name: 'a', value: 'b' })) } });
  const ctx = [ex('3', 30), ex('1', 10), ex('5:p', 51, { request: { url: 'https://app.test/9', method: 'OPTIONS', time: 51, headers: [] } })];
  const s = recordSnapshot(failure, ctx, 'https://app.test/page');
  assert.equal(s.page, 'https://app.test/page');
  assert.equal(typeof s.now, 'number');
  assert.deepEqual(s.exchanges.map((e) => e.id), ['1', '3', '9', '5:p']);
  assert.equal(s.exchanges[2].response.headers.length, MAX_HEADERS);
  assert.ok(s.exchanges.every((e) => e.context === undefined));
  const many = Array.from({ length: 30 }, (_, i) => ex('c' + i, i));
  assert.equal(recordSnapshot(ex('f', 100), many, '').exchanges.length, MAX_CONTEXT + 1);
});

test('snapshotExchanges flattens context once, oldest first, failures never duplicated', () => {
  const shared = ex('c1', 5);
  const failures = [ // newest first, as the record keeps them
    ex('f2', 40, { response: { status: 401, headers: [] }, context: [shared, ex('c2', 35), ex('f1', 20)] }),
    ex('f1', 20, { response: { status: 403, headers: [] }, preflight: ex('p1', 19), context: [shared, ex('p1', 19)] }),
  ];
  const out = snapshotExchanges(failures);
  assert.deepEqual(out.map((e) => e.id), ['c1', 'f1', 'c2', 'f2']);
  assert.ok(out.every((e) => e.context === undefined), 'no context is left nested');
  assert.equal(out[1].response.status, 403, 'a failure is its own stored entry, not a context copy');
  assert.equal(out[1].preflight.id, 'p1', 'a linked preflight stays where the engine put it');
  assert.ok(failures[0].context, 'the record is not modified');
});

test('snapshotExchanges keeps the input order for equal times', () => {
  const out = snapshotExchanges([ex('b', 1, { context: [ex('a', 1)] })]);
  assert.deepEqual(out.map((e) => e.id), ['a', 'b']);
});

test('urlsOf: request, hops, initiator and preflight URLs, http(s) only, once each', () => {
  const e = ex('1', 1, {
    redirects: [{ url: 'https://sso.test/login', status: 302, headers: [] }],
    preflight: ex('p', 0, { request: { url: 'https://api.test/x', initiator: 'https://app.test', headers: [] } }),
  });
  const other = ex('2', 2, { request: { url: 'chrome-extension://x/y', initiator: 'null', headers: [] } });
  assert.deepEqual(urlsOf([e, other]), ['https://app.test/1', 'https://sso.test/login', 'https://app.test/', 'https://api.test/x']);
});
