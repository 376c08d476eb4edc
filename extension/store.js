// The per-tab record and its stored report in chrome.storage.session (layout
// in record.js), written through one promise chain per tab so a
// read-modify-write never interleaves, and kept within bounds: at most
// MAX_FAILURES_PER_TAB failures and MAX_RECORD_BYTES of stored JSON per tab
// (counted in UTF-8 bytes, as Chromium counts storage), with every stored
// exchange clipped (header count and length, redirect hops, context
// exchanges).

import { recordKey, reportKey } from './record.js';

export const MAX_FAILURES_PER_TAB = 20;
export const MAX_RECORD_BYTES = 96 * 1024;
export const MAX_REPORT_BYTES = 256 * 1024;
export const MAX_HEADER_VALUE = 4096;
export const MAX_HEADER_NAME = 256;
export const MAX_HEADERS = 64;
export const MAX_REDIRECTS = 20;
export const MAX_CONTEXT = 8;
// What the record's JSON may take: Chromium counts the key ("tab:<id>") and
// the badge a diagnosis may set later too.
const RECORD_BUDGET = MAX_RECORD_BYTES - 128;

// ------------------------------------------------------------------ bounds

function cutHeaders(hs, valueMax) {
  return (hs || []).slice(0, MAX_HEADERS).map((h) => ({
    name: String(h.name || '').slice(0, MAX_HEADER_NAME),
    value: String(h.value || '').slice(0, valueMax),
  }));
}

// clipExchange bounds one wire exchange: at most MAX_HEADERS headers per list,
// each value cut to valueMax, the newest MAX_REDIRECTS hops, and (unless
// nested) the newest MAX_CONTEXT context exchanges, clipped likewise.
export function clipExchange(w, valueMax = MAX_HEADER_VALUE, nested = false) {
  const out = Object.assign({}, w);
  out.request = Object.assign({}, w.request, { headers: cutHeaders(w.request.headers, valueMax) });
  if (w.response) out.response = Object.assign({}, w.response, { headers: cutHeaders(w.response.headers, valueMax) });
  out.redirects = (w.redirects || []).slice(-MAX_REDIRECTS).map((r) => Object.assign({}, r, { headers: cutHeaders(r.headers, valueMax) }));
  if (w.preflight) out.preflight = clipExchange(w.preflight, valueMax, true);
  if (nested || !w.context || !w.context.length) delete out.context;
  else out.context = w.context.slice(-MAX_CONTEXT).map((c) => clipExchange(c, valueMax, true));
  return out;
}

const encoder = new TextEncoder();
// size is what storing v costs: the UTF-8 bytes of its JSON.
export const size = (v) => encoder.encode(JSON.stringify(v)).length;
const cutURL = (u, n = 2048) => String(u || '').slice(0, n);

// shrink makes one exchange that alone is over the budget fit: without its
// context, then with short header values and URLs, then without values, then
// without headers, then with its newest redirect hops only.
function shrink(f, budget) {
  let s = clipExchange(Object.assign({}, f, { context: [] }));
  if (size(s) <= budget) return s;
  s = clipExchange(s, 256);
  s.request.url = cutURL(s.request.url);
  s.redirects = s.redirects.map((r) => Object.assign({}, r, { url: cutURL(r.url) }));
  if (size(s) <= budget) return s;
  s = clipExchange(s, 0);
  if (size(s) <= budget) return s;
  // Names alone are too many: the exchange keeps its URLs and statuses.
  const bare = (x) => Object.assign({}, x, { headers: [] });
  s.request = bare(s.request);
  if (s.response) s.response = bare(s.response);
  s.redirects = s.redirects.map(bare);
  if (s.preflight) s.preflight = Object.assign({}, s.preflight, { request: bare(s.preflight.request), response: s.preflight.response && bare(s.preflight.response), redirects: [] });
  if (size(s) <= budget) return s;
  // Only long URLs are left: short ones, and the newest hops that fit.
  s.request.url = cutURL(s.request.url, 512);
  s.redirects = s.redirects.map((r) => Object.assign({}, r, { url: cutURL(r.url, 512) }));
  if (s.preflight) s.preflight = Object.assign({}, s.preflight, { request: Object.assign({}, s.preflight.request, { url: cutURL(s.preflight.request.url, 512) }) });
  while (s.redirects.length && size(s) > budget) s.redirects = s.redirects.slice(1);
  return s;
}

// addFailure puts a stored (clipped, redacted) exchange first in the record,
// replacing an older entry with the same id, and keeps the bounds: the newest
// MAX_FAILURES_PER_TAB failures in at most MAX_RECORD_BYTES for the whole
// record. Over the bound, what goes first is the older failures' context
// (oldest first), then the older failures themselves (oldest first), then
// the newest failure's context and headers (shrink): the newest failure is
// never dropped.
export function addFailure(rec, stored) {
  const failures = [stored].concat(rec.failures.filter((f) => f.id !== stored.id)).slice(0, MAX_FAILURES_PER_TAB);
  const out = Object.assign({}, rec, { failures });
  const over = () => size(out) > RECORD_BUDGET;
  for (let i = failures.length - 1; i > 0 && over(); i--) {
    if (failures[i].context) {
      failures[i] = Object.assign({}, failures[i]);
      delete failures[i].context;
    }
  }
  while (failures.length > 1 && over()) failures.pop();
  if (over()) failures[0] = shrink(failures[0], RECORD_BUDGET - size(Object.assign({}, out, { failures: [] })) - 8);
  return out;
}

// keepSince is the record without the failures of an earlier document: those
// whose request started before `since` (ms, webRequest's clock), except the
// request `keepId` (the navigation itself, whose error page commits later).
export function keepSince(rec, since, keepId) {
  const failures = rec.failures.filter((f) => f.id === keepId || (f.request && f.request.time >= since));
  return Object.assign({}, rec, { failures });
}

// ------------------------------------------------------------ the chain

const writes = new Map(); // tabId -> the tail of its promise chain
// Tabs known to have nothing stored: a navigation there costs no storage call.
const clean = new Set();

// withTab runs fn after every earlier operation on the tab; its result (or
// undefined when it throws) is returned, and the chain goes on either way.
export function withTab(tabId, fn) {
  const prev = writes.get(tabId) || Promise.resolve();
  const next = prev.then(fn).catch((e) => {
    console.error('Auth Doctor: tab ' + tabId + ':', e);
    return undefined;
  });
  writes.set(tabId, next);
  next.then(() => {
    if (writes.get(tabId) === next) writes.delete(tabId);
  });
  return next;
}

export async function readRecord(tabId) {
  const got = await chrome.storage.session.get(recordKey(tabId));
  return got[recordKey(tabId)] || { failures: [], badge: null };
}

export function writeRecord(tabId, rec) {
  clean.delete(tabId);
  return sessionSet({ [recordKey(tabId)]: rec });
}

// sessionSet writes to storage.session; when that fails (its quota is
// shared by every tab), the stored reports, which are only a cache the
// worker computes again, are dropped and the write is tried once more.
export async function sessionSet(items) {
  try {
    await chrome.storage.session.set(items);
  } catch (e) {
    const all = await chrome.storage.session.get(null);
    const reports = Object.keys(all).filter((k) => k.startsWith('report:') && !(k in items));
    if (!reports.length) throw e;
    console.warn('Auth Doctor: storage.session is full; dropping', reports.length, 'stored report(s)');
    await chrome.storage.session.remove(reports);
    await chrome.storage.session.set(items);
  }
}

export async function readReport(tabId) {
  const got = await chrome.storage.session.get(reportKey(tabId));
  return got[reportKey(tabId)] || null;
}

// storeReport keeps a report beside the record when it fits; a bigger one,
// or one storage.session has no room for, is computed again when the popup
// asks.
export async function storeReport(tabId, stored) {
  if (size(stored) > MAX_REPORT_BYTES) return false;
  try {
    await chrome.storage.session.set({ [reportKey(tabId)]: stored });
    return true;
  } catch (e) {
    console.warn('Auth Doctor: report of tab ' + tabId + ' not stored:', e);
    return false;
  }
}

// dropTab forgets the tab's record and report (in its chain).
export function dropTab(tabId) {
  if (clean.has(tabId)) return Promise.resolve();
  return withTab(tabId, () => dropNow(tabId));
}

// dropNow is dropTab for a caller already in the tab's chain.
export function dropNow(tabId) {
  clean.add(tabId);
  return chrome.storage.session.remove([recordKey(tabId), reportKey(tabId)]);
}

// isClean says the tab is known to have nothing stored.
export const isClean = (tabId) => clean.has(tabId);
export const forgetClean = (tabId) => clean.delete(tabId);
