// Capture: the webRequest listeners, the in-flight map, and per tab the
// recent preflights and context a later failure is explained with.
//
// Cost model (measured, see BENCHMARKS.md): every listener and every
// `extraHeaders` spec slows all browsing, and work inside a listener comes on
// top. So listeners are few and filtered by type, and a successful request
// costs one Map insert and one delete: no engine call, no storage write. Only
// an exchange worthRecording (the engine's vocabulary, vocab.js) goes on to
// the sink, where the engine's triage decides whether it is a failure.

import {
  RECORD_STATUSES, RECORD_MARKERS, RECORD_ERRORS, RECORD_MIN_REDIRECTS, RECORD_AUTH_CHALLENGE, RECORD_STOPPED_REDIRECTS,
  CHALLENGE_STATUSES, RECORD_MARKER_MIN_STATUS,
} from './vocab.js';

// Types that can carry an authentication or CORS failure worth explaining.
// Images, scripts, styles, fonts and media are most requests on most pages and
// are left out on purpose (see README: what is not diagnosed).
export const CAPTURE_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest', 'other', 'websocket', 'ping'];
export const FILTER = { urls: ['<all_urls>'], types: CAPTURE_TYPES };

// Bounds. The in-flight map only ever holds requests that have not finished;
// the cap protects against missed completion events.
export const MAX_INFLIGHT = 400;
export const MAX_PREFLIGHTS_PER_TAB = 16;
export const MAX_CONTEXT_PER_TAB = 8;
export const MAX_TABS = 64;

export function headerValue(headers, name) {
  if (!headers) return '';
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value || '';
  return '';
}

// blockMarked says a response carries one of the engine's explicit block
// markers (a WAF's header, or a Server value naming one).
function blockMarked(headers) {
  if (!headers) return false;
  for (const h of headers) {
    const name = h.name.toLowerCase();
    for (const m of RECORD_MARKERS) {
      if (m.header === name && (m.contains === '' || String(h.value || '').toLowerCase().includes(m.contains))) return true;
    }
  }
  return false;
}

// mayFail is worthRecording for a bare response.
const mayFail = (status, headers) => RECORD_STATUSES.has(status) || (status >= RECORD_MARKER_MIN_STATUS && blockMarked(headers));

// worthRecording is the cheap pre-filter built only from the engine's
// vocabulary: true for every exchange the engine may call a failure (never
// less), so that the engine sees them all; the engine's triage then decides.
export function worthRecording(ex) {
  if (RECORD_AUTH_CHALLENGE && ex.auth) return true;
  if (ex.error && RECORD_ERRORS.has(ex.error)) return true;
  if (RECORD_MIN_REDIRECTS > 0 && (ex.redirects || []).length >= RECORD_MIN_REDIRECTS) return true;
  const r = ex.response;
  if (!r) return false;
  if (mayFail(r.status, r.headers)) return true;
  return RECORD_STOPPED_REDIRECTS && r.status >= 300 && r.status < 400 && headerValue(r.headers, 'location') !== '';
}

// TabLists keeps a short list per tab, newest last, for at most maxTabs tabs
// (the least recently pushed tab goes first).
export class TabLists {
  constructor(perTab, maxTabs = MAX_TABS) {
    this.perTab = perTab;
    this.maxTabs = maxTabs;
    this.lists = new Map();
  }

  push(tabId, item) {
    const list = this.lists.get(tabId) || [];
    this.lists.delete(tabId);
    list.push(item);
    if (list.length > this.perTab) list.splice(0, list.length - this.perTab);
    this.lists.set(tabId, list);
    if (this.lists.size > this.maxTabs) this.lists.delete(this.lists.keys().next().value);
  }

  get(tabId) {
    return this.lists.get(tabId) || [];
  }

  delete(tabId) {
    this.lists.delete(tabId);
  }

  get size() {
    return this.lists.size;
  }
}

// wire is the exchange as the engine reads it (docs/wire.md).
export function wire(ex) {
  const w = {
    id: ex.id, request: ex.request, response: ex.response, error: ex.error, redirects: ex.redirects,
    browserAuthenticated: !!ex.browserAuthenticated,
  };
  if (ex.auth) w.auth = ex.auth;
  return w;
}

function statusText(line) {
  // "HTTP/1.1 <status> <reason>" -> "<reason>"
  const m = /^\S+\s+\d+\s*(.*)$/.exec(line || '');
  return m ? m[1] : '';
}

function isPreflight(d, headers) {
  return d.method === 'OPTIONS' && headerValue(headers, 'access-control-request-method') !== '';
}

// A top-level request answered like this never commits a new document: the
// tab keeps showing its page (and its failures).
const noCommit = (status, headers) => status === 204 || status === 205 ||
  /^\s*attachment/i.test(headerValue(headers, 'content-disposition'));

// createCapture returns the listeners; sink.failure(ex, context) gets each
// exchange worth recording with its context (wire exchanges, oldest first).
// A new top-level page is told in two steps: its request starting (the
// pending navigation, kept here) and its commit, which the worker learns from
// tabs.onUpdated and passes to committed(tabId): the navigation that was
// pending then, {id, time}, or null (a same-document navigation, or one
// that never committed: a 204, a download).
export function createCapture(sink) {
  // requestId (+ ":p" for a preflight) -> exchange being built, wire-shaped.
  const inflight = new Map();
  // tabId -> recent preflights (standalone; the engine links them).
  const preflights = new TabLists(MAX_PREFLIGHTS_PER_TAB);
  // tabId -> recent successes that are evidence for a later failure: a
  // response that set cookies (the engine re-checks each Set-Cookie) or one
  // the browser authenticated by itself (cached or URL credentials). Memory
  // only, stored with a failure when one is recorded.
  const contexts = new TabLists(MAX_CONTEXT_PER_TAB);

  // tabId -> the top-level navigation started and not yet committed.
  const navs = new Map();
  // tabId -> the navigation of the document the tab shows (the last commit).
  const shown = new Map();

  const keyOf = (d) => (d.method === 'OPTIONS' && inflight.has(d.requestId + ':p') ? d.requestId + ':p' : d.requestId);

  function newExchange(d, pre) {
    return {
      id: String(d.requestId) + (pre ? ':p' : ''), tabId: d.tabId,
      request: { url: d.url, method: d.method, type: d.type, initiator: d.initiator || '', time: d.timeStamp, headers: [] },
      response: null, error: '', redirects: [], isPreflight: pre,
    };
  }

  function remember(key, ex) {
    inflight.delete(key);
    inflight.set(key, ex);
    if (inflight.size > MAX_INFLIGHT) inflight.delete(inflight.keys().next().value);
  }

  function forgetTab(tabId) {
    preflights.delete(tabId);
    contexts.delete(tabId);
    navs.delete(tabId);
    shown.delete(tabId);
  }

  // committed takes the pending navigation of a tab whose document just
  // committed (null when none was pending), and forgets the preflights and
  // context of the documents before it.
  function committed(tabId) {
    const nav = navs.get(tabId) || null;
    navs.delete(tabId);
    if (nav) {
      shown.delete(tabId);
      shown.set(tabId, nav);
      if (shown.size > MAX_TABS) shown.delete(shown.keys().next().value);
      for (const lists of [preflights, contexts]) {
        const keep = lists.get(tabId).filter((x) => x.request.time >= nav.time);
        lists.delete(tabId);
        for (const x of keep) lists.push(tabId, x);
      }
    }
    return nav;
  }

  // notCommitting forgets a pending navigation that ended without a document.
  function notCommitting(d) {
    const nav = navs.get(d.tabId);
    if (nav && nav.id === String(d.requestId)) navs.delete(d.tabId);
  }

  // contextOf is what a failure is recorded with: the tab's preflights for
  // its URL (which one belongs to it is the engine's to decide:
  // diagnose.LinkPreflights) and the context kept before it, oldest first.
  function contextOf(ex) {
    const t = ex.request.time;
    const out = preflights.get(ex.tabId).filter((p) => p.request.url === ex.request.url)
      .concat(contexts.get(ex.tabId).filter((c) => c.request.time <= t));
    return out.sort((a, b) => a.request.time - b.request.time).map(wire);
  }

  function record(ex) {
    // A failure of a document the tab no longer shows (it ended after the
    // next page committed) is not that page's.
    const doc = shown.get(ex.tabId);
    if (doc && ex.request.time < doc.time && ex.id !== doc.id) return;
    sink.failure(wire(ex), contextOf(ex), ex.tabId);
  }

  function onSendHeaders(d) {
    if (d.tabId < 0) return;
    const pre = isPreflight(d, d.requestHeaders);
    const key = pre ? d.requestId + ':p' : d.requestId;
    let ex = inflight.get(key);
    // A new page may be coming; what the tab shows is dropped only when it
    // commits (a 204 or a download never does).
    if (d.type === 'main_frame' && !ex) navs.set(d.tabId, { id: String(d.requestId), time: d.timeStamp });
    if (ex) { // a redirect re-sends the request; keep the hops seen so far
      ex.request.url = d.url;
      // Re-sent after a challenge: the browser answered it itself
      // (saved or URL credentials, an Authorization webRequest never shows).
      if (ex.response && CHALLENGE_STATUSES.has(ex.response.status)) ex.browserAuthenticated = true;
    } else {
      ex = newExchange(d, pre);
    }
    ex.request.headers = d.requestHeaders || [];
    remember(key, ex);
  }

  function onHeadersReceived(d) {
    const key = keyOf(d);
    let ex = inflight.get(key);
    const status = d.statusCode;
    const failing = mayFail(status, d.responseHeaders);
    if (!ex) {
      // Evicted while it queued for a connection (a page can start thousands
      // of requests at once) or sent before the worker woke: a failure is
      // still recorded, from what this event shows, rather than lost. Its
      // request headers are gone; a page's own OPTIONS would need a
      // preflight itself.
      if (d.tabId < 0 || !failing) return;
      ex = newExchange(d, d.method === 'OPTIONS');
    }
    // A failing answer moves to the young end, so the flood behind it cannot
    // evict it before onCompleted records it.
    if (failing) remember(key, ex);
    if (status >= 300 && status < 400 && headerValue(d.responseHeaders, 'location')) {
      ex.redirects.push({ url: d.url, status, headers: d.responseHeaders || [] });
      return;
    }
    if (headerValue(d.responseHeaders, 'set-cookie') !== '') ex.setsCookie = true;
    ex.response = {
      status, statusText: statusText(d.statusLine), fromCache: !!d.fromCache, ip: d.ip || '',
      time: d.timeStamp, headers: d.responseHeaders || [],
    };
  }

  function onAuthRequired(d) {
    const ex = inflight.get(keyOf(d));
    if (!ex) return;
    const c = d.challenger || {};
    ex.auth = { scheme: d.scheme || '', realm: d.realm || '', challenger: c.host ? c.host + ':' + c.port : '', isProxy: !!d.isProxy };
  }

  function onCompleted(d) {
    const key = keyOf(d);
    const ex = inflight.get(key);
    inflight.delete(key);
    if (d.type === 'main_frame' && noCommit(d.statusCode, ex ? ex.response && ex.response.headers : null)) notCommitting(d);
    if (!ex) return;
    if (ex.response) {
      if (d.ip) ex.response.ip = d.ip; // only the end events carry it (and fromCache)
      if (d.fromCache) ex.response.fromCache = true;
      if (CHALLENGE_STATUSES.has(ex.response.status) && d.statusCode && d.statusCode !== ex.response.status) {
        // The browser answered the challenge itself (saved or URL
        // credentials, which webRequest never shows) and the retry got
        // another status; only onCompleted tells.
        ex.response = Object.assign({}, ex.response, { status: d.statusCode, statusText: statusText(d.statusLine), headers: [] });
        ex.browserAuthenticated = true;
      }
    }
    if (ex.isPreflight) return preflights.push(ex.tabId, ex);
    if (worthRecording(ex)) return record(ex);
    if (ex.setsCookie || ex.browserAuthenticated) contexts.push(ex.tabId, ex);
  }

  function onErrorOccurred(d) {
    const key = keyOf(d);
    let ex = inflight.get(key);
    inflight.delete(key);
    if (d.type === 'main_frame' && d.error === 'net::ERR_ABORTED') notCommitting(d);
    if (!ex) {
      // Never sent (its preflight failed) or sent before we woke: the event
      // itself still tells what was requested.
      if (d.tabId < 0) return;
      ex = newExchange(d, false);
    }
    ex.error = d.error || '';
    if (ex.response && d.ip) ex.response.ip = d.ip;
    if (ex.response && d.fromCache) ex.response.fromCache = true;
    if (ex.isPreflight) return preflights.push(ex.tabId, ex);
    if (worthRecording(ex)) record(ex);
  }

  return {
    onSendHeaders, onHeadersReceived, onAuthRequired, onCompleted, onErrorOccurred,
    forgetTab, committed, contextOf, inflight, preflights, contexts, navs,
  };
}
