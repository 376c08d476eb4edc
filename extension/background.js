// Auth Doctor service worker: watches for failed requests (401/407, 403 with a
// challenge or after credentials, CORS failures), keeps a redacted record per
// tab, badges the tab, and answers the popup with the engine's report.
//
// Cost model (measured, docs in /work/shared/browser-testing.md): every
// listener and every `extraHeaders` spec slows all browsing, and work inside a
// listener comes on top. So listeners are few and filtered by type, successful
// requests cost one Map insert and one delete, and Go is loaded lazily — only
// when a failure must be recorded or the popup asks — never on ordinary pages.
'use strict';

if (typeof importScripts === 'function') importScripts('wasm_exec.js', 'record.js');

// Types that can carry an authentication or CORS failure worth explaining.
// Images, scripts, styles, fonts and media are most requests on most pages and
// are left out on purpose (see README: what is not diagnosed).
const CAPTURE_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest', 'other', 'websocket', 'ping'];
const FILTER = { urls: ['<all_urls>'], types: CAPTURE_TYPES };

// Bounds. The in-flight map only ever holds requests that have not finished;
// the cap protects against missed completion events.
const MAX_INFLIGHT = 400;
const MAX_PREFLIGHTS_PER_TAB = 16;
const MAX_CONTEXT_PER_TAB = 8;
const PREFLIGHT_WINDOW_MS = 30000;
const MAX_FAILURES_PER_TAB = 20;
const MAX_RECORD_BYTES = 96 * 1024;
const MAX_HEADER_VALUE = 4096;
const UNDO_MS = 10 * 60 * 1000;

const CLEAR_TYPES = {
  cookies: true, cache: true, cacheStorage: true, localStorage: true,
  indexedDB: true, serviceWorkers: true, fileSystems: true,
};

// ---------------------------------------------------------------- engine (Go)

let enginePromise = null;

// engine loads the wasm at most once per worker life, on first need.
function engine() {
  if (!enginePromise) enginePromise = loadEngine();
  return enginePromise;
}

async function loadEngine() {
  try {
    if (typeof Go !== 'function') throw new Error('wasm_exec.js is missing');
    const go = new Go();
    const url = chrome.runtime.getURL('extension/authdoctor.wasm');
    const { instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    go.run(instance); // main() publishes globalThis.authdoctor before it parks
    const api = globalThis.authdoctor;
    if (!api || typeof api.diagnose !== 'function') throw new Error('the engine did not start');
    return { api, version: api.version(''), error: '' };
  } catch (e) {
    console.error('Auth Doctor: engine failed to load', e);
    return { api: null, version: '', error: String(e && e.message || e) };
  }
}

// ------------------------------------------------------------------- capture

// requestId (+ ":p" for a preflight) -> exchange being built, wire-shaped.
const inflight = new Map();
// tabId -> recent preflight exchanges, newest last, to link to their request.
const preflights = new Map();
// tabId -> recent successful exchanges that are evidence for a later failure,
// newest last: a response that set cookies (the engine re-checks each
// Set-Cookie: cookie-rejected) or one the browser authenticated by itself
// (cached or URL credentials: cached-basic-credentials). Kept in memory only,
// and stored with a failure when one is recorded.
const contexts = new Map();

const extra = (opts, base) =>
  opts && opts.EXTRA_HEADERS ? base.concat(opts.EXTRA_HEADERS) : base;

function headerValue(headers, name) {
  if (!headers) return '';
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value || '';
  return '';
}

function isPreflight(d, headers) {
  return d.method === 'OPTIONS' && headerValue(headers, 'access-control-request-method') !== '';
}

function keyOf(d) {
  return d.method === 'OPTIONS' && inflight.has(d.requestId + ':p') ? d.requestId + ':p' : d.requestId;
}

function originOf(url) {
  try {
    const u = new URL(url);
    return u.origin;
  } catch {
    return '';
  }
}

function newExchange(d) {
  return {
    id: String(d.requestId), tabId: d.tabId,
    request: { url: d.url, method: d.method, type: d.type, initiator: d.initiator || '', time: d.timeStamp, headers: [] },
    response: null, error: '', redirects: [],
  };
}

function remember(key, ex) {
  inflight.delete(key);
  inflight.set(key, ex);
  if (inflight.size > MAX_INFLIGHT) inflight.delete(inflight.keys().next().value);
}

function onSendHeaders(d) {
  if (d.tabId < 0) return;
  if (d.type === 'main_frame') forgetTab(d.tabId); // a new page: keep only its own failures
  const pre = isPreflight(d, d.requestHeaders);
  const key = pre ? d.requestId + ':p' : d.requestId;
  let ex = inflight.get(key);
  if (ex) { // a redirect re-sends the request; keep the hops seen so far
    ex.request.url = d.url;
    // Re-sent after a 401/407: the browser answered the challenge itself
    // (saved or URL credentials, an Authorization webRequest never shows).
    if (ex.response && (ex.response.status === 401 || ex.response.status === 407)) ex.browserAuthenticated = true;
  } else {
    ex = newExchange(d);
  }
  ex.request.headers = d.requestHeaders || [];
  ex.isPreflight = pre;
  remember(key, ex);
}

function onHeadersReceived(d) {
  const key = keyOf(d);
  let ex = inflight.get(key);
  const status = d.statusCode;
  if (!ex) {
    // Evicted while it queued for a connection (a page can start thousands of
    // requests at once) or sent before the worker woke: a failure is still
    // recorded, from what this event shows, rather than lost.
    if (d.tabId < 0 || !FAILURE_STATUS.has(status)) return;
    ex = newExchange(d);
    ex.isPreflight = d.method === 'OPTIONS'; // its request headers are gone; a page's own OPTIONS would need a preflight itself
  }
  // A failing answer moves to the young end, so the flood behind it cannot
  // evict it before onCompleted records it.
  if (FAILURE_STATUS.has(status)) remember(key, ex);
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

function statusText(line) {
  // "HTTP/1.1 401 Unauthorized" -> "Unauthorized"
  const m = /^\S+\s+\d+\s*(.*)$/.exec(line || '');
  return m ? m[1] : '';
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
  if (!ex) return;
  if (ex.response) {
    if (d.ip) ex.response.ip = d.ip; // only the end events carry it (and fromCache)
    if (d.fromCache) ex.response.fromCache = true;
    if ((ex.response.status === 401 || ex.response.status === 407) && d.statusCode && d.statusCode !== ex.response.status) {
      // The browser answered the challenge itself (saved or URL credentials,
      // which webRequest never shows) and the retry got another status; only
      // onCompleted tells.
      ex.response = Object.assign({}, ex.response, { status: d.statusCode, statusText: statusText(d.statusLine), headers: [] });
      ex.browserAuthenticated = true;
    }
  }
  if (ex.isPreflight) return keepPreflight(ex);
  if (isAuthFailure(ex)) return record(ex);
  if (ex.setsCookie || ex.browserAuthenticated) keepContext(ex);
}

function onErrorOccurred(d) {
  const key = keyOf(d);
  let ex = inflight.get(key);
  inflight.delete(key);
  if (!ex) {
    // Never sent (its preflight failed) or sent before we woke: the event
    // itself still tells what was requested.
    if (d.tabId < 0) return;
    ex = newExchange(d);
  }
  ex.error = d.error || '';
  if (ex.response && d.ip) ex.response.ip = d.ip;
  if (ex.response && d.fromCache) ex.response.fromCache = true;
  if (ex.isPreflight) return keepPreflight(ex);
  const cors = ex.error === 'net::ERR_FAILED' && isCrossOrigin(ex);
  if (cors || isAuthFailure(ex) || AUTH_ERRORS.has(ex.error)) record(ex);
}

const FAILURE_STATUS = new Set([401, 403, 407]);

const AUTH_ERRORS = new Set([
  'net::ERR_INVALID_AUTH_CREDENTIALS', 'net::ERR_TOO_MANY_REDIRECTS',
  'net::ERR_UNEXPECTED_PROXY_AUTH', 'net::ERR_MISSING_AUTH_CREDENTIALS',
]);

function isAuthFailure(ex) {
  const r = ex.response;
  if (!r) return false;
  if (r.status === 401 || r.status === 407) return true;
  if (r.status !== 403) return false;
  const h = ex.request.headers;
  return headerValue(r.headers, 'www-authenticate') !== '' ||
    headerValue(h, 'authorization') !== '' || headerValue(h, 'cookie') !== '';
}

function isCrossOrigin(ex) {
  const init = ex.request.initiator;
  return ex.request.type !== 'main_frame' && init !== '' && init !== originOf(ex.request.url);
}

function keepContext(ex) {
  const list = contexts.get(ex.tabId) || [];
  list.push(ex);
  if (list.length > MAX_CONTEXT_PER_TAB) list.shift();
  contexts.set(ex.tabId, list);
}

function keepPreflight(ex) {
  const list = preflights.get(ex.tabId) || [];
  list.push(ex);
  if (list.length > MAX_PREFLIGHTS_PER_TAB) list.shift();
  preflights.set(ex.tabId, list);
}

// findPreflight links a request to the preflight the browser sent for it: same
// URL, same initiator, asked for this method, shortly before.
function findPreflight(ex) {
  const list = preflights.get(ex.tabId);
  if (!list) return null;
  const req = ex.request;
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i].request;
    if (p.url === req.url && p.initiator === req.initiator &&
        headerValue(p.headers, 'access-control-request-method').toUpperCase() === req.method.toUpperCase() &&
        p.time <= req.time + 1000 && req.time - p.time < PREFLIGHT_WINDOW_MS) {
      return list[i];
    }
  }
  return null;
}

// ------------------------------------------------------------------- records

// A tab's record and its diagnosis: see record.js.
const writes = new Map(); // tabId -> promise chain, so read-modify-write never interleaves
// Tabs known to have no stored record since this worker woke: navigating or
// loading them costs no storage access at all.
const clean = new Set();

function withTab(tabId, fn) {
  const prev = writes.get(tabId) || Promise.resolve();
  const next = prev.then(fn, fn).catch((e) => console.error('Auth Doctor:', e));
  writes.set(tabId, next);
  next.then(() => { if (writes.get(tabId) === next) writes.delete(tabId); });
  return next;
}

async function readRecord(tabId) {
  const got = await chrome.storage.session.get(recordKey(tabId));
  return got[recordKey(tabId)] || { failures: [], badge: null };
}

function forgetTab(tabId) {
  preflights.delete(tabId);
  contexts.delete(tabId);
  const due = diagnosisDue.get(tabId);
  if (due) clearTimeout(due.timer);
  diagnosisDue.delete(tabId);
  if (clean.has(tabId)) return;
  clean.add(tabId);
  withTab(tabId, () => chrome.storage.session.remove([recordKey(tabId), reportKey(tabId)]));
}

// record redacts the exchange (Go; events that come before Go is ready wait
// on the engine promise, in order, instead of being lost) and stores it.
function record(ex) {
  const tabId = ex.tabId;
  const pre = findPreflight(ex);
  const ctx = (contexts.get(tabId) || []).filter((c) => c.request.time <= ex.request.time);
  clean.delete(tabId);
  withTab(tabId, async () => {
    const eng = await engine();
    const stored = toStored(eng, ex, pre);
    if (ctx.length) stored.context = ctx.map((c) => toStored(eng, c, null));
    const rec = await readRecord(tabId);
    rec.failures = [stored].concat(rec.failures.filter((f) => f.id !== stored.id)).slice(0, MAX_FAILURES_PER_TAB);
    while (rec.failures.length > 1 && JSON.stringify(rec.failures).length > MAX_RECORD_BYTES) rec.failures.pop();
    rec.badge = badgeFor(stored);
    await chrome.storage.session.set({ [recordKey(tabId)]: rec });
    await applyBadge(tabId, rec.badge);
    if (ex.request.type === 'main_frame' && stored.response && stored.response.status === 401) await maybeOpenPopup(tabId);
  });
  diagnoseLater(tabId);
}

function wire(ex) {
  return {
    id: ex.id, request: ex.request, response: ex.response, error: ex.error,
    redirects: ex.redirects, auth: ex.auth || null, browserAuthenticated: !!ex.browserAuthenticated,
  };
}

function toStored(eng, ex, pre) {
  const w = wire(ex);
  if (pre) w.preflight = wire(pre);
  return redact(eng, clip(w));
}

// clip bounds every header value; real tokens and cookies fit, abuse does not.
function clip(w) {
  const cut = (hs) => hs.map((h) => ({ name: h.name, value: (h.value || '').slice(0, MAX_HEADER_VALUE) }));
  w.request = Object.assign({}, w.request, { headers: cut(w.request.headers) });
  if (w.response) w.response = Object.assign({}, w.response, { headers: cut(w.response.headers) });
  w.redirects = w.redirects.map((r) => Object.assign({}, r, { headers: cut(r.headers) }));
  if (w.preflight) w.preflight = clip(w.preflight);
  return w;
}

// redact stores secrets in the engine's masked form. Without the engine no
// diagnosis can run anyway, so header values are dropped altogether.
function redact(eng, w) {
  if (eng.api) {
    try {
      // The engine's codec speaks snapshots: one exchange goes in and out wrapped.
      const out = JSON.parse(eng.api.redact(JSON.stringify({ exchanges: [w] })));
      if (out && out.exchanges && out.exchanges.length === 1) return out.exchanges[0];
      console.error('Auth Doctor: redact:', out && out.error);
    } catch (e) {
      console.error('Auth Doctor: redact:', e);
    }
  }
  const strip = (hs) => (hs || []).map((h) => ({ name: h.name, value: '' }));
  const s = JSON.parse(JSON.stringify(w));
  s.request.url = bareURL(s.request.url);
  s.request.headers = strip(s.request.headers);
  if (s.response) s.response.headers = strip(s.response.headers);
  for (const r of s.redirects) {
    r.url = bareURL(r.url);
    r.headers = strip(r.headers);
  }
  if (s.preflight) s.preflight = redact({ api: null }, s.preflight);
  return s;
}

// bareURL drops userinfo, query and fragment: the no-engine fallback cannot
// tell token-like parameters from harmless ones.
function bareURL(url) {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------- badge

function badgeFor(ex) {
  const status = ex.response ? ex.response.status : 0;
  if (status === 401 || status === 403 || status === 407) return { text: String(status), color: '#b3261e' };
  return { text: 'CORS', color: '#b35c00' };
}

async function applyBadge(tabId, badge) {
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: badge ? badge.color : [0, 0, 0, 0] });
    await chrome.action.setBadgeText({ tabId, text: badge ? badge.text : '' });
  } catch {
    // the tab is gone
  }
}

async function maybeOpenPopup(tabId) {
  const { autoOpenPopup } = await chrome.storage.local.get('autoOpenPopup');
  if (!autoOpenPopup || !chrome.action.openPopup) return;
  try {
    const tab = await chrome.tabs.get(tabId);
    if (tab.active) await chrome.action.openPopup({ windowId: tab.windowId });
  } catch {
    // no focused window or a popup already open: the badge stays
  }
}

// ------------------------------------------------------------ registration

// Synchronously at top level, so events that wake the worker are delivered.
(() => {
  const wr = chrome.webRequest;
  wr.onSendHeaders.addListener(onSendHeaders, FILTER, extra(wr.OnSendHeadersOptions, ['requestHeaders']));
  wr.onHeadersReceived.addListener(onHeadersReceived, FILTER, extra(wr.OnHeadersReceivedOptions, ['responseHeaders']));
  wr.onAuthRequired.addListener(onAuthRequired, FILTER);
  wr.onCompleted.addListener(onCompleted, FILTER);
  wr.onErrorOccurred.addListener(onErrorOccurred, FILTER);

  // An error page that commits after the request ended wipes tab badges.
  chrome.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status !== 'complete' || clean.has(tabId)) return;
    withTab(tabId, async () => {
      const rec = await readRecord(tabId);
      if (rec.badge) await applyBadge(tabId, rec.badge);
    });
  });
  chrome.tabs.onRemoved.addListener((tabId) => {
    forgetTab(tabId);
    clean.delete(tabId);
  });
  chrome.runtime.onMessage.addListener((msg, sender, reply) => {
    handle(msg).then(reply, (e) => reply({ ok: false, error: String(e && e.message || e) }));
    return true; // answer asynchronously
  });
})();

// ------------------------------------------------------------------ messages

function handle(msg) {
  switch (msg && msg.type) {
    case 'diagnose': return diagnoseTab(msg.tabId);
    case 'record-ids': return withTab(msg.tabId, () => readRecord(msg.tabId))
      .then((rec) => (rec ? { ok: true, for: reportFor(rec.failures) } : { ok: false, error: 'could not read the record' }));
    case 'clear-site-data': return clearSiteData(msg.tabId, msg.origins);
    case 'undo-clear': return undoClear(msg.token);
  }
  return Promise.resolve({ ok: false, error: 'unknown message' });
}

const engineStatus = (e) => ({ loaded: !!e.api, version: e.version, error: e.error });

// A tab is diagnosed once its failures stop arriving (a page often fails in
// bursts) and the result is stored beside its record, so the popup shows it
// at once, even with this worker stopped. The jar and the clock are read then,
// close to the failure, which is also the state that explains it.
const DIAGNOSE_AFTER_MS = 300;
// A page that never stops failing (polling with an expired token) is still
// diagnosed this long after its first undiagnosed failure.
const DIAGNOSE_WITHIN_MS = 2000;
const MAX_REPORT_BYTES = 256 * 1024;
const diagnosisDue = new Map(); // tabId -> { since, timer }

function diagnoseLater(tabId) {
  const due = diagnosisDue.get(tabId);
  const since = due ? due.since : Date.now();
  if (due) clearTimeout(due.timer);
  const wait = Math.max(0, Math.min(DIAGNOSE_AFTER_MS, since + DIAGNOSE_WITHIN_MS - Date.now()));
  diagnosisDue.set(tabId, {
    since,
    timer: setTimeout(() => {
      diagnosisDue.delete(tabId);
      diagnoseTab(tabId);
    }, wait),
  });
}

// diagnoseTab diagnoses and stores when due, and answers the popup when the
// stored report does not cover the record (it asked before the diagnosis was
// due, or this worker stopped first). Going through the tab's chain waits
// for failures still being recorded.
function diagnoseTab(tabId) {
  return withTab(tabId, () => diagnosis(tabId));
}

async function diagnosis(tabId) {
  try {
    return await diagnose(tabId);
  } catch (e) {
    return { ok: false, error: 'could not diagnose this tab: ' + String(e && e.message || e) };
  }
}

async function diagnose(tabId) {
  const [rec, page] = await Promise.all([readRecord(tabId), tabURL(tabId)]);
  const out = { ok: true, engine: null, page, failures: rec.failures, report: null };
  if (!rec.failures.length) return out;
  const eng = await engine();
  out.engine = engineStatus(eng);
  if (eng.api) {
    const snapshot = {
      now: Date.now(), browser: 'chromium', thirdPartyCookiesBlocked: false,
      exchanges: snapshotExchanges(rec.failures), cookies: await jarFor(rec.failures),
    };
    out.report = JSON.parse(eng.api.diagnose(JSON.stringify(snapshot)));
  }
  const stored = { for: reportFor(rec.failures), engine: out.engine, report: out.report };
  // A report too big to keep is computed again when the popup asks.
  if (JSON.stringify(stored).length <= MAX_REPORT_BYTES) await chrome.storage.session.set({ [reportKey(tabId)]: stored });
  return out;
}

// snapshotExchanges is the failures with the context stored alongside them,
// each once, oldest first: the engine reads the input order as the order
// things happened (a cookie refused before the call that lacked it).
function snapshotExchanges(failures) {
  const byId = new Map();
  for (const f of failures) {
    for (const c of f.context || []) if (!byId.has(c.id)) byId.set(c.id, c);
    const { context, ...bare } = f;
    byId.set(f.id, bare);
  }
  return [...byId.values()].sort((a, b) => a.request.time - b.request.time);
}

async function tabURL(tabId) {
  try {
    return (await chrome.tabs.get(tabId)).url || '';
  } catch {
    return '';
  }
}

// jarFor reads the cookie-jar entries the involved URLs would match,
// partitioned (CHIPS) ones included where the browser supports partitionKey.
async function jarFor(failures) {
  const urls = new Set();
  for (const f of failures) {
    urls.add(f.request.url);
    for (const r of f.redirects || []) urls.add(r.url);
    if (f.request.initiator && f.request.initiator !== 'null') urls.add(f.request.initiator + '/');
  }
  // getAll({url}) returns only the cookies that URL would get; the engine
  // also needs the ones it would not (a Secure cookie on an http URL, the
  // cookie of the www/no-www twin), so each host's whole domain is read too.
  const filters = [];
  const domains = new Set();
  for (const url of urls) {
    if (!/^https?:/.test(url)) continue;
    filters.push({ url });
    try {
      domains.add(broadestDomain(new URL(url).hostname));
    } catch {
      // not a URL after all
    }
  }
  for (const domain of domains) filters.push({ domain });
  const seen = new Map();
  for (const found of await Promise.all(filters.map(cookiesFor))) {
    for (const c of found) {
      const pk = c.partitionKey ? c.partitionKey.topLevelSite || '' : '';
      seen.set([c.name, c.domain, c.path, pk, c.storeId].join('\u0000'), c);
    }
  }
  return [...seen.values()];
}

async function cookiesFor(filter) {
  try {
    return await chrome.cookies.getAll(Object.assign({ partitionKey: {} }, filter));
  } catch {
    return chrome.cookies.getAll(filter); // a browser without partitionKey
  }
}

// ------------------------------------------------------------ clear and undo

// clearSiteData clears each origin (the page's and the failed request's, both
// chosen by the popup from the record) and reloads the tab. Chromium clears
// cookies for the whole registrable domain, so the cookies that disappear are
// measured (before minus after) and kept for Undo.
async function clearSiteData(tabId, origins) {
  origins = (origins || []).filter((o) => /^https?:\/\/[^/]+$/.test(o));
  if (!origins.length) return { ok: false, error: 'no origin to clear' };
  const scopes = [...new Set(origins.map((o) => broadestDomain(new URL(o).hostname)))];
  const before = await jarOf(scopes);
  await chrome.browsingData.remove({ origins }, CLEAR_TYPES);
  const after = new Set((await jarOf(scopes)).map(cookieKey));
  const removed = before.filter((c) => !after.has(cookieKey(c)));
  await dropExpiredUndo();
  const token = 'undo:' + Date.now() + ':' + Math.random().toString(36).slice(2);
  await chrome.storage.session.set({ [token]: { until: Date.now() + UNDO_MS, cookies: removed } });
  await withTab(tabId, () => chrome.storage.session.remove([recordKey(tabId), reportKey(tabId)]));
  preflights.delete(tabId);
  await applyBadge(tabId, null);
  try {
    await chrome.tabs.reload(tabId);
  } catch {
    // the tab is gone; the data is cleared all the same
  }
  return {
    ok: true, origins, token, undoUntil: Date.now() + UNDO_MS,
    cleared: Object.keys(CLEAR_TYPES), cookies: removed.map((c) => ({ name: c.name, domain: c.domain, path: c.path })),
  };
}

// broadestDomain is the shortest suffix of host with two labels (or the host
// itself for an IP or a single label): getAll({domain}) on it returns every
// cookie Chromium may drop for the registrable domain, and the before/after
// difference keeps exactly the ones it did drop.
function broadestDomain(host) {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return host;
  const labels = host.split('.');
  return labels.length <= 2 ? host : labels.slice(-2).join('.');
}

async function jarOf(domains) {
  const all = [];
  for (const domain of domains) all.push(...await cookiesFor({ domain }));
  return all;
}

function cookieKey(c) {
  return [c.name, c.domain, c.path, c.storeId, c.partitionKey ? c.partitionKey.topLevelSite : ''].join('\u0000');
}

async function dropExpiredUndo() {
  const all = await chrome.storage.session.get(null);
  const old = Object.keys(all).filter((k) => k.startsWith('undo:') && all[k].until < Date.now());
  if (old.length) await chrome.storage.session.remove(old);
}

async function undoClear(token) {
  if (typeof token !== 'string' || !token.startsWith('undo:')) return { ok: false, error: 'bad token' };
  const saved = (await chrome.storage.session.get(token))[token];
  await chrome.storage.session.remove(token);
  if (!saved || saved.until < Date.now()) return { ok: false, error: 'undo expired' };
  let restored = 0;
  for (const c of saved.cookies) {
    const host = c.domain.replace(/^\./, '');
    const d = {
      url: (c.secure ? 'https://' : 'http://') + host + c.path,
      name: c.name, value: c.value, path: c.path, secure: c.secure, httpOnly: c.httpOnly,
      sameSite: c.sameSite, storeId: c.storeId,
    };
    if (!c.hostOnly) d.domain = c.domain;
    if (!c.session) d.expirationDate = c.expirationDate;
    if (c.partitionKey) d.partitionKey = c.partitionKey;
    try {
      if (await chrome.cookies.set(d)) restored++;
    } catch (e) {
      console.error('Auth Doctor: restore cookie', c.name, e);
    }
  }
  return { ok: true, restored, total: saved.cookies.length };
}
