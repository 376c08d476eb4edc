// The record's bounds: at most 20 failures and 96 KB per tab, and per stored
// exchange a bounded number of headers (each value cut), redirect hops and
// context exchanges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addFailure, clipExchange, keepSince, size, MAX_FAILURES_PER_TAB, MAX_RECORD_BYTES, MAX_HEADERS, MAX_HEADER_VALUE, MAX_REDIRECTS, MAX_CONTEXT,
} from '../store.js';

const headers = (n, len) => Array.from({ length: n }, (_, i) => ({ name: 'X-H' + i, value: 'v'.repeat(len) }));
const ex = (id, o = {}) => Object.assign({
  id: String(id), request: { url: 'https://a.test/' + id, method: 'GET', type: 'xmlhttprequest', initiator: '', time: id, headers: [] },
  response: { status: 401, headers: [] }, error: '', redirects: [],
}, o);

test('clipExchange bounds headers, values, hops and context', () => {
  const big = ex(1, {
    request: { url: 'https://a.test/', method: 'GET', time: 1, headers: headers(500, 10000) },
    response: { status: 401, headers: headers(500, 10) },
    redirects: Array.from({ length: 50 }, (_, i) => ({ url: 'https://a.test/' + i, status: 302, headers: headers(100, 10) })),
    context: Array.from({ length: 30 }, (_, i) => ex(100 + i, { context: [ex(999)], request: { url: 'u', time: i, headers: headers(200, 5) } })),
    preflight: ex(2, { request: { url: 'u', method: 'OPTIONS', headers: headers(200, 5) } }),
  });
  const c = clipExchange(big);
  assert.equal(c.request.headers.length, MAX_HEADERS);
  assert.ok(c.request.headers.every((h) => h.value.length === MAX_HEADER_VALUE));
  assert.equal(c.response.headers.length, MAX_HEADERS);
  assert.equal(c.redirects.length, MAX_REDIRECTS);
  assert.equal(c.redirects[MAX_REDIRECTS - 1].url, 'https://a.test/49', 'the newest hops are kept');
  assert.ok(c.redirects.every((r) => r.headers.length === MAX_HEADERS));
  assert.equal(c.context.length, MAX_CONTEXT);
  assert.deepEqual(c.context.map((x) => x.id), ['122', '123', '124', '125', '126', '127', '128', '129'], 'the newest context is kept');
  assert.ok(c.context.every((x) => x.context === undefined && x.request.headers.length === MAX_HEADERS), 'context has no context of its own');
  assert.equal(c.preflight.request.headers.length, MAX_HEADERS);
  assert.equal(big.request.headers.length, 500, 'the input is not modified');
});

test('a record keeps the newest 20 failures, newest first, replacing one with the same id', () => {
  let rec = { failures: [], badge: null };
  for (let i = 1; i <= 25; i++) rec = addFailure(rec, ex(i));
  assert.equal(rec.failures.length, MAX_FAILURES_PER_TAB);
  assert.equal(rec.failures[0].id, '25');
  assert.equal(rec.failures[19].id, '6');
  rec = addFailure(rec, ex(10, { error: 'again' }));
  assert.equal(rec.failures.length, MAX_FAILURES_PER_TAB);
  assert.equal(rec.failures[0].error, 'again');
  assert.equal(rec.failures.filter((f) => f.id === '10').length, 1);
});

test('a record stays within 96 KB, dropping the oldest failures', () => {
  let rec = { failures: [] };
  for (let i = 1; i <= 20; i++) rec = addFailure(rec, clipExchange(ex(i, { request: { url: 'https://a.test/', time: i, headers: headers(8, 1000) } })));
  assert.ok(size(rec.failures) <= MAX_RECORD_BYTES, size(rec.failures) + ' bytes');
  assert.ok(rec.failures.length < 20 && rec.failures.length > 5, rec.failures.length + ' failures');
  assert.equal(rec.failures[0].id, '20');
});

test('one failure too big on its own is shrunk to fit, never dropped', () => {
  const huge = clipExchange(ex(1, {
    request: { url: 'https://a.test/?q=' + 'x'.repeat(200000), time: 1, headers: headers(64, 4096) },
    response: { status: 401, headers: headers(64, 4096) },
    redirects: Array.from({ length: 20 }, () => ({ url: 'https://a.test/' + 'y'.repeat(5000), status: 302, headers: headers(64, 4096) })),
    context: [ex(2, { request: { url: 'u', time: 0, headers: headers(64, 4096) } })],
  }));
  const rec = addFailure({ failures: [ex(0)] }, huge);
  assert.equal(rec.failures.length, 1);
  assert.equal(rec.failures[0].id, '1');
  assert.ok(size(rec.failures) <= MAX_RECORD_BYTES, size(rec.failures) + ' bytes');
  assert.equal(rec.failures[0].response.status, 401);
});

test('even header names alone cannot push a failure over the bound', () => {
  const names = (n) => Array.from({ length: n }, (_, i) => ({ name: String(i).padEnd(256, 'n'), value: '' }));
  const huge = clipExchange(ex(1, {
    request: { url: 'https://a.test/', time: 1, headers: names(64) },
    response: { status: 401, headers: names(64) },
    redirects: Array.from({ length: 20 }, () => ({ url: 'https://a.test/r', status: 302, headers: names(64) })),
  }));
  const rec = addFailure({ failures: [] }, huge);
  assert.ok(size(rec.failures) <= MAX_RECORD_BYTES, size(rec.failures) + ' bytes');
  assert.equal(rec.failures[0].redirects.length, 20);
});

test('the bound is in UTF-8 bytes, as Chromium counts storage, for the whole record', () => {
  // 50 headers of 1,500 three-byte characters: 75,000 characters, 225 KB.
  const wide = clipExchange(ex(1, { response: { status: 401, headers: Array.from({ length: 50 }, (_, i) => ({ name: 'X-Note-' + i, value: '認'.repeat(1500) })) } }));
  const rec = addFailure({ failures: [], badge: { text: '401', color: '#b3261e' } }, wide);
  assert.ok(size(rec) <= MAX_RECORD_BYTES, size(rec) + ' bytes');
  assert.equal(rec.failures[0].id, '1');
  assert.equal(rec.failures[0].response.status, 401);
  assert.equal(size(rec), Buffer.byteLength(JSON.stringify(rec)), 'size counts bytes');
});

test('over the bound, older failures lose their context before any failure is dropped', () => {
  const withContext = (id) => clipExchange(ex(id, { context: [ex(id * 100, { request: { url: 'https://a.test/c', time: 0, headers: headers(40, 1000) } })] }));
  let rec = { failures: [] };
  for (let i = 1; i <= 4; i++) rec = addFailure(rec, withContext(i));
  assert.deepEqual(rec.failures.map((f) => f.id), ['4', '3', '2', '1'], 'no failure dropped');
  assert.ok(size(rec) <= MAX_RECORD_BYTES, size(rec) + ' bytes');
  assert.ok(rec.failures[0].context, 'the newest keeps its context');
  assert.equal(rec.failures[3].context, undefined, 'the oldest lost its context first');
});

test('keepSince drops the failures of earlier documents, never the navigation itself', () => {
  const rec = { failures: [ex(30), ex(20), ex(10)], badge: null };
  assert.deepEqual(keepSince(rec, 20, 'x').failures.map((f) => f.id), ['30', '20']);
  assert.deepEqual(keepSince(rec, 25, '10').failures.map((f) => f.id), ['30', '10']);
  assert.deepEqual(keepSince(rec, 99, 'x').failures, []);
});
