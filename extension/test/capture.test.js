// The capture's bounds and what it hands on: a success costs nothing beyond
// the in-flight map; an exchange worth recording goes to the sink with its
// context (the tab's preflights for its URL, cookie-setting successes), as
// standalone wire exchanges, oldest first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCapture, TabLists, MAX_INFLIGHT, MAX_PREFLIGHTS_PER_TAB, MAX_CONTEXT_PER_TAB, MAX_TABS,
} from '../capture.js';

function rig() {
  const got = { failures: [] };
  const cap = createCapture({
    failure: (ex, context, tabId) => got.failures.push({ ex, context, tabId }),
  });
  return { cap, got };
}

let seq = 0;
const ev = (o) => Object.assign({ requestId: String(++seq), tabId: 7, method: 'GET', type: 'xmlhttprequest', url: 'https://api.shop.test/x', initiator: 'https://app.shop.test', timeStamp: seq }, o);

function exchange(cap, d, status, resHeaders = [], reqHeaders = []) {
  cap.onSendHeaders(Object.assign({}, d, { requestHeaders: reqHeaders }));
  cap.onHeadersReceived(Object.assign({}, d, { statusCode: status, statusLine: 'HTTP/1.1 ' + status + ' X', responseHeaders: resHeaders }));
  cap.onCompleted(Object.assign({}, d, { statusCode: status }));
}

test('TabLists keeps at most perTab items per tab, newest last, and at most maxTabs tabs', () => {
  const l = new TabLists(3, 2);
  for (let i = 0; i < 5; i++) l.push(1, i);
  assert.deepEqual(l.get(1), [2, 3, 4]);
  l.push(2, 'a');
  l.push(1, 5); // tab 1 is now the most recently pushed
  l.push(3, 'b'); // evicts tab 2, the least recently pushed
  assert.equal(l.size, 2);
  assert.deepEqual(l.get(2), []);
  assert.deepEqual(l.get(1), [3, 4, 5]);
  l.delete(1);
  assert.deepEqual(l.get(1), []);
});

test('a success is not handed on, and leaves nothing in flight', () => {
  const { cap, got } = rig();
  for (let i = 0; i < 50; i++) exchange(cap, ev({}), 200);
  assert.equal(got.failures.length, 0);
  assert.equal(cap.inflight.size, 0);
  assert.equal(cap.contexts.size, 0);
});

test('the in-flight map is bounded', () => {
  const { cap } = rig();
  for (let i = 0; i < MAX_INFLIGHT + 100; i++) cap.onSendHeaders(ev({ requestHeaders: [] }));
  assert.equal(cap.inflight.size, MAX_INFLIGHT);
});

test('preflights and context are bounded per tab and per worker', () => {
  const { cap } = rig();
  for (let i = 0; i < MAX_PREFLIGHTS_PER_TAB + 5; i++) {
    exchange(cap, ev({ method: 'OPTIONS' }), 204, [], [{ name: 'Access-Control-Request-Method', value: 'PUT' }]);
  }
  for (let i = 0; i < MAX_CONTEXT_PER_TAB + 5; i++) exchange(cap, ev({}), 200, [{ name: 'Set-Cookie', value: 'a=1' }]);
  assert.equal(cap.preflights.get(7).length, MAX_PREFLIGHTS_PER_TAB);
  assert.equal(cap.contexts.get(7).length, MAX_CONTEXT_PER_TAB);
  for (let t = 0; t < MAX_TABS + 10; t++) exchange(cap, ev({ tabId: 100 + t }), 200, [{ name: 'Set-Cookie', value: 'a=1' }]);
  assert.equal(cap.contexts.size, MAX_TABS);
});

test('a failure goes to the sink with its preflight and context, standalone, oldest first', () => {
  const { cap, got } = rig();
  exchange(cap, ev({ url: 'https://app.shop.test/login' }), 200, [{ name: 'Set-Cookie', value: 'sid=1; SameSite=Strict' }]);
  exchange(cap, ev({ url: 'https://api.shop.test/other', method: 'OPTIONS' }), 204, [], [{ name: 'Access-Control-Request-Method', value: 'PUT' }]);
  const pre = ev({ method: 'OPTIONS' });
  exchange(cap, pre, 401, [], [{ name: 'Access-Control-Request-Method', value: 'PUT' }]);
  // The request itself is never sent: only its error arrives.
  cap.onErrorOccurred(ev({ requestId: pre.requestId, method: 'PUT', error: 'net::ERR_FAILED' }));
  assert.equal(got.failures.length, 1);
  const { ex, context, tabId } = got.failures[0];
  assert.equal(tabId, 7);
  assert.equal(ex.error, 'net::ERR_FAILED');
  assert.equal(ex.preflight, undefined, 'the engine links preflights, not the worker');
  assert.deepEqual(context.map((c) => [c.request.method, c.request.url]), [
    ['GET', 'https://app.shop.test/login'],
    ['OPTIONS', 'https://api.shop.test/x'],
  ]);
  assert.notEqual(context[1].id, ex.id, 'a preflight has an id of its own');
  for (const c of [ex, ...context]) {
    assert.deepEqual(Object.keys(c).filter((k) => !['id', 'request', 'response', 'error', 'redirects', 'browserAuthenticated', 'auth'].includes(k)), []);
  }
});

test('a 401, a 403, a marked WAF block and a redirect loop error are handed on; a 404 is not', () => {
  const { cap, got } = rig();
  exchange(cap, ev({}), 401, [{ name: 'WWW-Authenticate', value: 'Bearer' }]);
  exchange(cap, ev({}), 403);
  exchange(cap, ev({}), 418, [{ name: 'cf-mitigated', value: 'challenge' }]);
  exchange(cap, ev({}), 404);
  cap.onErrorOccurred(ev({ type: 'main_frame', error: 'net::ERR_TOO_MANY_REDIRECTS' }));
  assert.deepEqual(got.failures.map((f) => f.ex.response ? f.ex.response.status : f.ex.error), [401, 403, 418, 'net::ERR_TOO_MANY_REDIRECTS']);
});

test('a new page drops the context before it only when it commits', () => {
  const { cap } = rig();
  exchange(cap, ev({}), 200, [{ name: 'Set-Cookie', value: 'a=1' }]);
  const nav = ev({ type: 'main_frame', url: 'https://app.shop.test/' });
  cap.onSendHeaders(Object.assign({}, nav, { requestHeaders: [] }));
  assert.equal(cap.contexts.get(7).length, 1, 'a navigation that has not committed keeps the context');
  // A redirect hop of the same navigation does not restart it.
  cap.onSendHeaders(Object.assign({}, nav, { url: 'https://app.shop.test/next', timeStamp: nav.timeStamp + 5, requestHeaders: [] }));
  cap.onHeadersReceived(Object.assign({}, nav, { statusCode: 200, statusLine: 'HTTP/1.1 200 OK', responseHeaders: [{ name: 'Set-Cookie', value: 'b=1' }] }));
  cap.onCompleted(Object.assign({}, nav, { statusCode: 200 }));
  assert.deepEqual(cap.committed(7), { id: nav.requestId, time: nav.timeStamp });
  assert.deepEqual(cap.contexts.get(7).map((c) => c.id), [nav.requestId], 'only the new page\'s own context is left');
  assert.equal(cap.committed(7), null, 'a same-document commit has no pending navigation');
});

test('a top-level request that never commits (204, 205, a download, aborted) is no new page', () => {
  const { cap } = rig();
  for (const [status, headers] of [[204, []], [205, []], [200, [{ name: 'Content-Disposition', value: 'attachment; filename=a.zip' }]]]) {
    const nav = ev({ type: 'main_frame', url: 'https://app.shop.test/dl' });
    exchange(cap, nav, status, headers);
    assert.equal(cap.committed(7), null, status + ' does not commit');
  }
  const nav = ev({ type: 'main_frame', url: 'https://app.shop.test/gone' });
  cap.onSendHeaders(Object.assign({}, nav, { requestHeaders: [] }));
  cap.onErrorOccurred(Object.assign({}, nav, { error: 'net::ERR_ABORTED' }));
  assert.equal(cap.committed(7), null, 'an aborted navigation does not commit');
  // An error page does commit: the navigation stays pending.
  const err = ev({ type: 'main_frame', url: 'https://app.shop.test/err' });
  cap.onSendHeaders(Object.assign({}, err, { requestHeaders: [] }));
  cap.onErrorOccurred(Object.assign({}, err, { error: 'net::ERR_INVALID_AUTH_CREDENTIALS' }));
  assert.deepEqual(cap.committed(7), { id: err.requestId, time: err.timeStamp });
});

test('a failure of the page before, arriving after the next page committed, is not recorded', () => {
  const { cap, got } = rig();
  const old = ev({});
  cap.onSendHeaders(Object.assign({}, old, { requestHeaders: [] }));
  const nav = ev({ type: 'main_frame', url: 'https://app.shop.test/next' });
  cap.onSendHeaders(Object.assign({}, nav, { requestHeaders: [] }));
  cap.committed(7);
  cap.onHeadersReceived(Object.assign({}, old, { statusCode: 401, statusLine: 'HTTP/1.1 401 X', responseHeaders: [] }));
  cap.onCompleted(Object.assign({}, old, { statusCode: 401 }));
  assert.deepEqual(got.failures, [], 'the old page\'s late 401');
  exchange(cap, ev({}), 401);
  assert.equal(got.failures.length, 1, 'the new page\'s own 401');
});
