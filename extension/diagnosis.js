// From a captured exchange to a stored, badged failure and, once the tab's
// failures stop arriving, a stored diagnosis. The engine decides at both
// steps: triage says whether the exchange is a failure (and its badge), the
// diagnosis says why (and the tab's badge from then on).

import { reportFor, cookieKey } from './record.js';
import { engine, engineStatus, triage, diagnose, cookieDomains, redactSnapshot } from './engine.js';
import { withTab, readRecord, writeRecord, storeReport, addFailure, clipExchange, forgetClean } from './store.js';
import { applyBadge, unjudgedBadge, maybeOpenPopup } from './badge.js';

// A tab is diagnosed once its failures stop arriving (a page often fails in
// bursts) and the result is stored beside its record, so the popup shows it
// at once, even with this worker stopped. The jar and the clock are read
// then, close to the failure, which is also the state that explains it.
export const DIAGNOSE_AFTER_MS = 300;
// A page that never stops failing (polling with an expired token) is still
// diagnosed this long after its first undiagnosed failure.
export const DIAGNOSE_WITHIN_MS = 2000;

const BROWSER = 'chromium';

// ------------------------------------------------------------- snapshots

const timeOf = (e) => (e.request && typeof e.request.time === 'number' ? e.request.time : 0);

// recordSnapshot is what the engine is asked about one captured exchange:
// the page, and the exchange after its context (clipped), oldest first.
export function recordSnapshot(ex, context, page) {
  const w = clipExchange(Object.assign({}, ex, { context }));
  const ctx = w.context || [];
  delete w.context;
  return { page, now: Date.now(), browser: BROWSER, exchanges: ctx.concat([w]).sort((a, b) => timeOf(a) - timeOf(b)) };
}

// snapshotExchanges is the stored failures with their context flattened,
// each exchange once, oldest first: the engine reads the input order as the
// order things happened (a cookie refused before the call that lacked it).
// A context exchange that is a failure itself, or a preflight the engine
// already linked into one, is left out.
export function snapshotExchanges(failures) {
  const taken = new Set();
  for (const f of failures) {
    taken.add(f.id);
    if (f.preflight) taken.add(f.preflight.id);
  }
  const out = [];
  for (const f of failures) {
    for (const c of f.context || []) {
      if (taken.has(c.id)) continue;
      taken.add(c.id);
      out.push(c);
    }
    const bare = Object.assign({}, f);
    delete bare.context;
    out.push(bare);
  }
  return out.sort((a, b) => timeOf(a) - timeOf(b)); // stable: ties keep the order above
}

// urlsOf are the URLs whose cookies a diagnosis reads.
export function urlsOf(exchanges) {
  const urls = new Set();
  const add = (e) => {
    urls.add(e.request.url);
    for (const r of e.redirects || []) urls.add(r.url);
    if (e.request.initiator && e.request.initiator !== 'null') urls.add(e.request.initiator + '/');
  };
  for (const e of exchanges) {
    add(e);
    if (e.preflight) add(e.preflight);
  }
  return [...urls].filter((u) => /^https?:/.test(u));
}

// ------------------------------------------------------------- recording

export async function tabURL(tabId) {
  const tab = await tabOf(tabId);
  return (tab && tab.url) || '';
}

// tabOf is the tab, or null when it is gone (closed, or replaced).
export async function tabOf(tabId) {
  try {
    return await chrome.tabs.get(tabId);
  } catch {
    return null;
  }
}

// storeOf is the id of the cookie store the tab uses (an incognito tab has
// its own), undefined when it cannot be told (the tab is gone, or the
// browser has no cookie stores API): then the calling context's store, which
// with "incognito": "split" is the tab's too.
export async function storeOf(tabId) {
  try {
    const stores = await chrome.cookies.getAllCookieStores();
    const s = stores.find((st) => (st.tabIds || []).includes(tabId));
    return s ? s.id : undefined;
  } catch {
    return undefined;
  }
}

// record asks the engine whether the captured exchange is a failure and, if
// so, stores it redacted with its context and badges the tab. Exchanges that
// come before the engine is ready wait on it, in order, instead of being lost.
export function record(ex, context, tabId) {
  forgetClean(tabId); // a navigation from now on must drop what this stores
  return withTab(tabId, async () => {
    // A failure that arrives after its tab closed (a keepalive request, a
    // beacon) would be stored for a tab that never comes back.
    const tab = await tabOf(tabId);
    if (!tab) return;
    const eng = await engine();
    // A document's own failure is its page; the tab may still show the last one.
    const page = ex.request.type === 'main_frame' ? ex.request.url : tab.url || '';
    const snap = recordSnapshot(ex, context, page);
    const exchanges = redactSnapshot(eng, snap);
    const failure = exchanges.find((e) => e.id === ex.id);
    if (!failure) return;
    let badge, kind = '';
    const t = triage(eng, { page, now: snap.now, browser: BROWSER, exchanges });
    if (t.ok) {
      const v = (t.value.failures || []).find((f) => f.exchangeId === ex.id);
      if (!v) return; // the engine does not call it a failure: nothing stored
      badge = v.badge;
      kind = v.kind;
    } else {
      // No judgment available (no engine, or one without triage): recorded
      // on the vocabulary's word alone, so nothing the engine would report is lost.
      if (eng.api) console.warn('Auth Doctor: recording without triage:', t.error);
      badge = unjudgedBadge(failure);
    }
    const ctx = exchanges.filter((e) => e !== failure);
    const stored = ctx.length ? Object.assign({}, failure, { context: ctx }) : failure;
    const rec = addFailure(await readRecord(tabId), stored);
    rec.badge = badge || null;
    await writeRecord(tabId, rec);
    await applyBadge(tabId, rec.badge);
    diagnoseLater(tabId);
    // The engine's kind says it is a sign-in failure; without the engine
    // there is no diagnosis to open the popup for.
    if (ex.request.type === 'main_frame' && kind === 'auth') await maybeOpenPopup(tabId);
  });
}

// ------------------------------------------------------------- diagnosis

const due = new Map(); // tabId -> { since, timer }

export function diagnoseLater(tabId) {
  const d = due.get(tabId);
  const since = d ? d.since : Date.now();
  if (d) clearTimeout(d.timer);
  const wait = Math.max(0, Math.min(DIAGNOSE_AFTER_MS, since + DIAGNOSE_WITHIN_MS - Date.now()));
  due.set(tabId, {
    since,
    timer: setTimeout(() => {
      due.delete(tabId);
      diagnoseTab(tabId);
    }, wait),
  });
}

export function cancelDiagnosis(tabId) {
  const d = due.get(tabId);
  if (d) clearTimeout(d.timer);
  due.delete(tabId);
}

// diagnoseTab diagnoses and stores when due, and answers the popup when the
// stored report does not cover the record (it asked before the diagnosis was
// due, or this worker stopped first). Going through the tab's chain waits for
// failures still being recorded.
export function diagnoseTab(tabId) {
  return withTab(tabId, async () => {
    try {
      return await diagnoseNow(tabId);
    } catch (e) {
      return { ok: false, error: 'could not diagnose this tab: ' + String((e && e.message) || e) };
    }
  });
}

async function diagnoseNow(tabId) {
  const [rec, tab] = await Promise.all([readRecord(tabId), tabOf(tabId)]);
  const page = (tab && tab.url) || '';
  const out = { ok: true, engine: null, page, failures: rec.failures, report: null };
  if (!rec.failures.length) return out;
  const eng = await engine();
  out.engine = engineStatus(eng);
  if (eng.api) {
    const exchanges = snapshotExchanges(rec.failures);
    const snapshot = {
      page, now: Date.now(), browser: BROWSER, thirdPartyCookiesBlocked: false,
      exchanges, cookies: await jarFor(eng, exchanges, await storeOf(tabId)),
    };
    const r = diagnose(eng, snapshot);
    out.report = r.ok ? r.value : { error: r.error };
    if (r.ok && 'badge' in r.value && tab) {
      const badge = r.value.badge || null;
      if (JSON.stringify(badge) !== JSON.stringify(rec.badge || null)) {
        await writeRecord(tabId, Object.assign({}, rec, { badge }));
        await applyBadge(tabId, badge);
      }
    }
  }
  // The tab closed meanwhile: answer, but store nothing for it.
  if (tab && await tabOf(tabId)) await storeReport(tabId, { for: reportFor(rec.failures), engine: out.engine, report: out.report });
  return out;
}

// jarFor reads the cookie-jar entries the involved URLs would match,
// partitioned (CHIPS) ones included where the browser supports partitionKey.
// getAll({url}) returns only the cookies that URL would get; the engine also
// needs the ones it would not (a Secure cookie on an http URL, the cookie of
// the www/no-www twin), so the registrable domain of each URL (the engine's
// cookieDomains, from the public-suffix list) is read too — no wider. Every
// read is in the tab's cookie store (storeId).
async function jarFor(eng, exchanges, storeId) {
  const urls = urlsOf(exchanges);
  const filters = urls.map((url) => ({ url }));
  const d = cookieDomains(eng, urls);
  if (d.ok) for (const domain of d.value) filters.push({ domain });
  else console.warn('Auth Doctor: jar read by URL only:', d.error);
  const seen = new Map();
  for (const found of await Promise.all(filters.map((f) => cookiesFor(f, storeId)))) {
    for (const c of found) seen.set(cookieKey(c), c);
  }
  return [...seen.values()];
}

// cookiesFor reads the jar with filter in the cookie store storeId (when
// known), partitioned cookies included where the browser can.
export async function cookiesFor(filter, storeId) {
  const f = storeId === undefined ? Object.assign({}, filter) : Object.assign({}, filter, { storeId });
  try {
    return await chrome.cookies.getAll(Object.assign({ partitionKey: {} }, f));
  } catch {
    return chrome.cookies.getAll(f); // a browser without partitionKey
  }
}
