// What the service worker and the popup share: where a tab's failures and
// their diagnosis live in chrome.storage.session, and how a clear is chosen
// from the engine's plan. The worker writes the records; the popup reads them
// directly, so showing a diagnosis needs neither the worker nor Go.
//
//   "tab:<id>"    { failures: [exchange, ...newest first], badge }
//                 each exchange is redacted wire JSON (docs/wire.md) with its
//                 context (preflights, cookie-setting responses) in "context"
//   "report:<id>" { for, engine: {loaded, version, error}, report }
//   "undo:<id>:<time>:<random>"
//                 { until, tabId, storeId, cookies: [chrome.cookies.Cookie] }:
//                 the Undo backup of a clear on tab <id>, cookie values
//                 included (the key is the token the popup sends back)
//   "undo-tab:<id>" { token, until, count }: the tab's Undo offer, no values
//
// A stored report answers for exactly the failures named in its "for".

export const recordKey = (tabId) => 'tab:' + tabId;
export const reportKey = (tabId) => 'report:' + tabId;
export const undoKey = (tabId) => 'undo-tab:' + tabId;

// reportFor names a list of failures: their ids, in the record's order.
export const reportFor = (failures) => failures.map((f) => f.id).join(' ');

// originOf is the origin of an http(s) URL, '' for anything else (there is
// nothing to clear or read cookies of on chrome://, file:, data:, about:).
export function originOf(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : '';
  } catch {
    return '';
  }
}

// cookieKey is a cookie's identity in the jar (name, domain, path, store,
// partition): one cookie per key.
export const cookieKey = (c) =>
  [c.name, c.domain, c.path, c.storeId || '', c.partitionKey ? c.partitionKey.topLevelSite || '' : ''].join('\u0000');

// The browsingData types a clear may name (Chromium accepts them with
// `origins`); anything else in a plan is ignored.
export const CLEAR_TYPES = ['cookies', 'cache', 'cacheStorage', 'localStorage', 'indexedDB', 'serviceWorkers', 'fileSystems'];

// failureOf is the report's entry for one exchange, or null.
export function failureOf(report, exchangeId) {
  const list = (report && report.failures) || [];
  return list.find((f) => f.exchangeId === exchangeId) || null;
}

const isOrigin = (o) => typeof o === 'string' && /^https?:\/\/[^/?#\s]+$/.test(o);

// choosePlan is what one click on the clear button touches, from the engine's
// plan for the failure (report.failures[].clear): the plan's origins, plus
// only those `include` origins the plan lists as optional (cross-site ones,
// never cleared unless the user ticks them), the plan's types and cookie
// domains. Without a plan (the engine did not run) it is the page's origin,
// every type, and unknown cookie domains (null: the worker measures the
// whole jar). The popup labels the button with it and the worker clears it.
export function choosePlan(plan, include, page) {
  if (!plan) {
    const o = originOf(page || '');
    return { primary: false, origins: o ? [o] : [], optional: [], types: CLEAR_TYPES.slice(), cookieDomains: null };
  }
  const optional = (plan.optional || []).filter(isOrigin);
  const origins = (plan.origins || []).filter(isOrigin);
  for (const o of include || []) if (optional.includes(o) && !origins.includes(o)) origins.push(o);
  return {
    primary: !!plan.primary,
    origins,
    optional,
    types: CLEAR_TYPES.filter((t) => (plan.types || []).includes(t)),
    cookieDomains: (plan.cookieDomains || []).filter((d) => typeof d === 'string' && d !== ''),
  };
}

// domainsOf names, for each origin, the engine's cookie domain that covers
// its host (the longest one that is the host or a parent of it), each once.
export function domainsOf(origins, cookieDomains) {
  const out = [];
  for (const o of origins) {
    const host = new URL(o).hostname;
    let best = '';
    for (const d of cookieDomains || []) {
      if ((host === d || host.endsWith('.' + d)) && d.length > best.length) best = d;
    }
    const name = best || host;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
