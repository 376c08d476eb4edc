// Clearing follows the engine's plan for the failure (report.failures[].clear,
// chosen by record.js's choosePlan, the same function the popup labels its
// button with), then reloads the tab. Chromium clears cookies for a whole
// registrable domain, so the cookies that disappear are measured — the jar of
// the plan's cookie domains before minus after — and kept for Undo.

import { choosePlan, failureOf, cookieKey } from './record.js';
import { readReport, withTab, dropTab } from './store.js';
import { applyBadge } from './badge.js';
import { diagnoseTab, tabURL, cookiesFor } from './diagnosis.js';

export const UNDO_MS = 10 * 60 * 1000;

// planFor finds the engine's plan for the exchange: in the stored report, or
// from a diagnosis now when none covers it (not due yet, or too big to keep).
async function planFor(tabId, exchangeId) {
  const stored = await withTab(tabId, () => readReport(tabId));
  let f = failureOf(stored && stored.report, exchangeId);
  if (!f && exchangeId) {
    const res = await diagnoseTab(tabId);
    f = failureOf(res && res.report, exchangeId);
  }
  return f ? f.clear : null;
}

// jarOf reads the cookies a clear may drop: those of the given registrable
// domains, or the whole jar when they are unknown (no engine to name them).
async function jarOf(domains) {
  if (!domains) return cookiesFor({});
  const all = [];
  for (const domain of domains) all.push(...await cookiesFor({ domain }));
  return all;
}

// clearSiteData clears what the plan of the tab's failure exchangeId names,
// plus the optional (cross-site) origins the user ticked (include).
export async function clearSiteData(tabId, exchangeId, include, onCleared) {
  const [clear, page] = await Promise.all([planFor(tabId, exchangeId), tabURL(tabId)]);
  const plan = choosePlan(clear, Array.isArray(include) ? include : [], page);
  if (!plan.origins.length) return { ok: false, error: 'no origin to clear' };
  if (!plan.types.length) return { ok: false, error: 'nothing to clear' };
  const cookies = plan.types.includes('cookies');
  const before = cookies ? await jarOf(plan.cookieDomains) : [];
  const types = Object.fromEntries(plan.types.map((t) => [t, true]));
  await chrome.browsingData.remove({ origins: plan.origins }, types);
  const after = cookies ? new Set((await jarOf(plan.cookieDomains)).map(cookieKey)) : new Set();
  const removed = before.filter((c) => !after.has(cookieKey(c)));
  await dropExpiredUndo();
  const token = 'undo:' + Date.now() + ':' + Math.random().toString(36).slice(2);
  await chrome.storage.session.set({ [token]: { until: Date.now() + UNDO_MS, cookies: removed } });
  await dropTab(tabId);
  if (onCleared) onCleared(tabId);
  await applyBadge(tabId, null);
  try {
    await chrome.tabs.reload(tabId);
  } catch {
    // the tab is gone; the data is cleared all the same
  }
  return {
    ok: true, origins: plan.origins, token, undoUntil: Date.now() + UNDO_MS,
    cleared: plan.types, cookies: removed.map((c) => ({ name: c.name, domain: c.domain, path: c.path })),
  };
}

async function dropExpiredUndo() {
  const all = await chrome.storage.session.get(null);
  const old = Object.keys(all).filter((k) => k.startsWith('undo:') && all[k].until < Date.now());
  if (old.length) await chrome.storage.session.remove(old);
}

export async function undoClear(token) {
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
