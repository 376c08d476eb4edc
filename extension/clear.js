// Clearing follows the engine's plan for the failure (report.failures[].clear,
// chosen by record.js's choosePlan, the same function the popup labels its
// button with), then reloads the tab. Chromium clears cookies for a whole
// registrable domain, so the cookies that disappear are measured — the jar of
// the plan's cookie domains before minus after — and kept for Undo.
//
// Undo keeps its word:
// - the backup (the jar that may be cleared, values included) is written to
//   storage.session BEFORE anything is cleared; when it cannot be written the
//   clear is refused and nothing is touched;
// - after the clear it is cut down to the cookies that disappeared, and the
//   tab's Undo offer (undoKey: token, time limit, count; no values) is kept
//   beside it, so a popup opened again on the tab still offers Undo;
// - backups hold cookie values, so they are dropped when Undo runs, when
//   their tab closes, when they expire (a chrome.alarms timer) and when the
//   worker starts, not only at the next clear.
// The cookies are read from and restored into the tab's own cookie store
// (storeId), so an incognito tab never touches the regular jar.

import { choosePlan, failureOf, cookieKey, undoKey } from './record.js';
import { readReport, withTab, dropTab } from './store.js';
import { applyBadge } from './badge.js';
import { diagnoseTab, tabURL, cookiesFor, storeOf } from './diagnosis.js';

export const UNDO_MS = 10 * 60 * 1000;
export const UNDO_ALARM = 'undo-expiry';
// Tests only: storage.local {testUndoMs: n} makes backups expire after n ms
// (e2e.TestUndoExpires). Nothing but the extension's own pages can write
// storage.local.
const TEST_UNDO_MS = 'testUndoMs';

async function undoMs() {
  try {
    const v = (await chrome.storage.local.get(TEST_UNDO_MS))[TEST_UNDO_MS];
    return typeof v === 'number' && v > 0 && v < UNDO_MS ? v : UNDO_MS;
  } catch {
    return UNDO_MS;
  }
}

// Every change to the backups and offers goes through one chain.
const UNDO_CHAIN = 'undo';

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

// jarOf reads the cookies a clear may drop from the tab's cookie store: those
// of the given registrable domains, or the whole store when they are unknown
// (no engine to name them).
async function jarOf(domains, storeId) {
  if (!domains) return cookiesFor({}, storeId);
  const all = [];
  for (const domain of domains) all.push(...await cookiesFor({ domain }, storeId));
  return all;
}

const errorText = (e) => String((e && e.message) || e);

// clearSiteData clears what the plan of the tab's failure exchangeId names,
// plus the optional (cross-site) origins the user ticked (include).
export async function clearSiteData(tabId, exchangeId, include, onCleared) {
  const [clear, page] = await Promise.all([planFor(tabId, exchangeId), tabURL(tabId)]);
  const plan = choosePlan(clear, Array.isArray(include) ? include : [], page);
  if (!plan.origins.length) return { ok: false, error: 'no origin to clear' };
  if (!plan.types.length) return { ok: false, error: 'nothing to clear' };
  const cookies = plan.types.includes('cookies');
  const storeId = await storeOf(tabId);
  const types = Object.fromEntries(plan.types.map((t) => [t, true]));
  let removed = [], backup = null;
  if (cookies) {
    const before = await jarOf(plan.cookieDomains, storeId);
    const ms = await undoMs();
    backup = { key: '', until: Date.now() + ms, storeId, tabId };
    // Written before anything is cleared: no backup, no clear.
    backup.key = await withTab(UNDO_CHAIN, () => saveBackup(tabId, backup, before));
    if (!backup.key) {
      return {
        ok: false, refused: true,
        error: 'Nothing was cleared: there is no room to keep the cookies for Undo. Close other tabs with failures, or try again later.',
      };
    }
    try {
      await chrome.browsingData.remove({ origins: plan.origins }, types);
    } catch (e) {
      await withTab(UNDO_CHAIN, () => chrome.storage.session.remove(backup.key));
      throw e;
    }
    const after = new Set((await jarOf(plan.cookieDomains, storeId)).map(cookieKey));
    removed = before.filter((c) => !after.has(cookieKey(c)));
    await withTab(UNDO_CHAIN, () => offerUndo(tabId, backup, removed));
  } else {
    await chrome.browsingData.remove({ origins: plan.origins }, types);
  }
  await dropTab(tabId);
  if (onCleared) onCleared(tabId);
  await applyBadge(tabId, null);
  try {
    await chrome.tabs.reload(tabId);
  } catch {
    // the tab is gone; the data is cleared all the same
  }
  const out = {
    ok: true, origins: plan.origins, cleared: plan.types,
    cookies: removed.map((c) => ({ name: c.name, domain: c.domain, path: c.path })),
  };
  if (removed.length) Object.assign(out, { token: backup.key, undoUntil: backup.until });
  return out;
}

// saveBackup writes the jar that may be cleared under a new token
// ("undo:<tabId>:<time>:<random>") and returns the token, or '' when
// storage.session refuses it (its quota).
async function saveBackup(tabId, backup, cookies) {
  const key = 'undo:' + tabId + ':' + Date.now() + ':' + (Math.random().toString(36).slice(2) || '0');
  try {
    await chrome.storage.session.set({ [key]: { until: backup.until, tabId, storeId: backup.storeId, cookies } });
    return key;
  } catch (e) {
    console.warn('Auth Doctor: the Undo backup could not be stored, so nothing is cleared:', errorText(e));
    return '';
  }
}

// offerUndo cuts the backup down to the cookies that disappeared and makes it
// the tab's Undo offer (replacing an older one), or drops it when no cookie
// disappeared (the older offer, if any, stays).
async function offerUndo(tabId, backup, removed) {
  if (!removed.length) {
    await chrome.storage.session.remove(backup.key);
    return;
  }
  const old = (await chrome.storage.session.get(undoKey(tabId)))[undoKey(tabId)];
  try {
    await chrome.storage.session.set({
      [backup.key]: { until: backup.until, tabId, storeId: backup.storeId, cookies: removed },
      [undoKey(tabId)]: { token: backup.key, until: backup.until, count: removed.length },
    });
  } catch (e) {
    // Only smaller than what is stored, so hardly possible; the full backup
    // stays and Undo still works from this popup.
    console.error('Auth Doctor: Undo offer not stored:', e);
  }
  if (old && old.token && old.token !== backup.key) await chrome.storage.session.remove(old.token);
  await scheduleExpiry();
}

// undoKeys lists the backup and offer keys in storage.session (without
// reading every record when the browser can list keys).
async function undoEntries() {
  const s = chrome.storage.session;
  const isUndo = (k) => k.startsWith('undo:') || k.startsWith('undo-tab:');
  if (typeof s.getKeys === 'function') {
    const keys = (await s.getKeys()).filter(isUndo);
    return keys.length ? s.get(keys) : {};
  }
  const all = await s.get(null);
  return Object.fromEntries(Object.entries(all).filter(([k]) => isUndo(k)));
}

// scheduleExpiry sets the alarm for the next backup to expire (none: no alarm).
async function scheduleExpiry() {
  if (!chrome.alarms) return;
  const until = Object.entries(await undoEntries()).filter(([k]) => k.startsWith('undo:')).map(([, v]) => (v && v.until) || 0);
  if (!until.length) {
    await chrome.alarms.clear(UNDO_ALARM);
    return;
  }
  await chrome.alarms.create(UNDO_ALARM, { when: Math.max(Date.now() + 50, Math.min(...until) + 1) });
}

// dropExpiredUndo drops the backups (and offers) whose time is up, or whose
// tab is gone (tabId given: that tab's), then sets the alarm for the next.
export function dropExpiredUndo(closedTabId) {
  return withTab(UNDO_CHAIN, async () => {
    const now = Date.now();
    const entries = await undoEntries();
    const gone = Object.entries(entries).filter(([k, v]) => {
      if (!v || !(v.until > now)) return true;
      if (closedTabId === undefined) return false;
      return k === undoKey(closedTabId) || (k.startsWith('undo:') && v.tabId === closedTabId);
    }).map(([k]) => k);
    // An offer whose backup is gone is gone too.
    for (const [k, v] of Object.entries(entries)) {
      if (k.startsWith('undo-tab:') && v && (gone.includes(v.token) || !(v.token in entries))) gone.push(k);
    }
    if (gone.length) await chrome.storage.session.remove([...new Set(gone)]);
    await scheduleExpiry();
  });
}

// moveUndo hands a replaced tab's Undo offer to the tab that replaced it.
export function moveUndo(fromTabId, toTabId) {
  return withTab(UNDO_CHAIN, async () => {
    const offer = (await chrome.storage.session.get(undoKey(fromTabId)))[undoKey(fromTabId)];
    if (!offer) return;
    const backup = (await chrome.storage.session.get(offer.token))[offer.token];
    const moved = { [undoKey(toTabId)]: offer };
    if (backup) moved[offer.token] = Object.assign({}, backup, { tabId: toTabId });
    await chrome.storage.session.set(moved);
    await chrome.storage.session.remove(undoKey(fromTabId));
  });
}

export async function undoClear(token) {
  if (typeof token !== 'string' || !token.startsWith('undo:')) return { ok: false, error: 'bad token' };
  const saved = await withTab(UNDO_CHAIN, async () => {
    const got = (await chrome.storage.session.get(token))[token];
    const keys = [token];
    if (got && Number.isInteger(got.tabId)) {
      const offer = (await chrome.storage.session.get(undoKey(got.tabId)))[undoKey(got.tabId)];
      if (offer && offer.token === token) keys.push(undoKey(got.tabId));
    }
    await chrome.storage.session.remove(keys);
    return got;
  });
  if (!saved || !(saved.until >= Date.now())) return { ok: false, error: 'undo expired' };
  let restored = 0;
  for (const c of saved.cookies) {
    const host = c.domain.replace(/^\./, '');
    const d = {
      url: (c.secure ? 'https://' : 'http://') + host + c.path,
      name: c.name, value: c.value, path: c.path, secure: c.secure, httpOnly: c.httpOnly,
      sameSite: c.sameSite,
    };
    // Into the store it was read from: an incognito tab's never reaches the regular jar.
    const storeId = saved.storeId || c.storeId;
    if (storeId) d.storeId = storeId;
    if (!c.hostOnly) d.domain = c.domain;
    if (!c.session) d.expirationDate = c.expirationDate;
    if (c.partitionKey) d.partitionKey = c.partitionKey;
    try {
      if (await chrome.cookies.set(d)) restored++;
    } catch (e) {
      console.error('Auth Doctor: restore cookie', c.name, errorText(e));
    }
  }
  return { ok: true, restored, total: saved.cookies.length };
}
