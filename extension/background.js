// Auth Doctor service worker (an ES module; Firefox runs the same module as
// its background script). It captures failed requests, asks the engine
// whether each is a failure, keeps a redacted record per tab, badges the tab,
// stores the engine's diagnosis, and clears a site as the engine's plan says.
//
//   capture.js    webRequest listeners, in-flight map, per-tab preflights and context
//   diagnosis.js  triage on record, the stored diagnosis, the jar read (the tab's cookie store)
//   engine.js     the Go/wasm engine, loaded lazily once; calls return errors as values
//   store.js      per-tab record and report in storage.session, the write chain, bounds
//   badge.js      the toolbar badge
//   clear.js      clear site data by the engine's plan, and Undo (backup first, expiry)
//   messages.js   the popup's messages: who may send them, what they must hold
//   record.js     storage layout and the clear-plan choice, shared with the popup
//   vocab.js      generated from the engine's vocabulary: what is worth recording

import { createCapture, FILTER } from './capture.js';
import { record, cancelDiagnosis, diagnoseLater } from './diagnosis.js';
import { withTab, readRecord, writeRecord, dropTab, dropNow, isClean, forgetClean, keepSince } from './store.js';
import { applyBadge } from './badge.js';
import { handle, fromExtension, validate } from './messages.js';
import { dropExpiredUndo, moveUndo, UNDO_ALARM } from './clear.js';

const capture = createCapture({ failure: record });

const extra = (opts, base) => (opts && opts.EXTRA_HEADERS ? base.concat(opts.EXTRA_HEADERS) : base);

// Synchronously at top level, so events that wake the worker are delivered.
const wr = chrome.webRequest;
wr.onSendHeaders.addListener(capture.onSendHeaders, FILTER, extra(wr.OnSendHeadersOptions, ['requestHeaders']));
wr.onHeadersReceived.addListener(capture.onHeadersReceived, FILTER, extra(wr.OnHeadersReceivedOptions, ['responseHeaders']));
wr.onAuthRequired.addListener(capture.onAuthRequired, FILTER);
wr.onCompleted.addListener(capture.onCompleted, FILTER);
wr.onErrorOccurred.addListener(capture.onErrorOccurred, FILTER);

// A new document committed in the tab: the failures of the documents before
// it are dropped (its own navigation's failure stays: an error page commits
// after the request failed). A same-document navigation (pushState, a
// fragment) and a request that never commits (a 204, a download) keep them.
function pageCommitted(tabId) {
  const nav = capture.committed(tabId);
  if (!nav || isClean(tabId)) return;
  withTab(tabId, async () => {
    const rec = await readRecord(tabId);
    const kept = keepSince(rec, nav.time, nav.id);
    if (kept.failures.length === rec.failures.length) return;
    if (!kept.failures.length) {
      cancelDiagnosis(tabId);
      await dropNow(tabId);
      // A badge the old page's record or diagnosis set after the browser
      // reset the tab's badge at the commit would outlive its record.
      return applyBadge(tabId, null);
    }
    await writeRecord(tabId, kept);
    diagnoseLater(tabId); // the stored report no longer covers the record
  });
}

chrome.tabs.onUpdated.addListener((tabId, info) => {
  if (info.status === 'loading') return pageCommitted(tabId);
  // An error page that commits after the request ended wipes tab badges.
  if (info.status !== 'complete' || isClean(tabId)) return;
  withTab(tabId, async () => {
    const rec = await readRecord(tabId);
    if (rec.badge) await applyBadge(tabId, rec.badge);
  });
});

function tabGone(tabId) {
  capture.forgetTab(tabId);
  cancelDiagnosis(tabId);
  dropExpiredUndo(tabId); // its Undo can no longer be offered: the cookie values go
  return dropTab(tabId).then(() => forgetClean(tabId));
}
chrome.tabs.onRemoved.addListener(tabGone);
// A tab replaced by another (a prerendered or instant page swapped in): the
// old tab's record is about its old page and goes; its Undo offer moves to
// the tab that replaced it.
chrome.tabs.onReplaced.addListener((addedTabId, removedTabId) => {
  capture.forgetTab(removedTabId);
  cancelDiagnosis(removedTabId);
  moveUndo(removedTabId, addedTabId).then(() => dropTab(removedTabId)).then(() => forgetClean(removedTabId));
});

// Undo backups hold cookie values: dropped when they expire, by an alarm (it
// wakes a stopped worker) and whenever the worker starts.
if (chrome.alarms) {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === UNDO_ALARM) dropExpiredUndo();
  });
}
dropExpiredUndo();

// Only the extension's own pages (the popup) may ask; every message is
// checked before it is acted on.
chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (!fromExtension(sender, chrome.runtime.id, chrome.runtime.getURL(''))) {
    reply({ ok: false, error: 'refused: only the extension\'s own pages may send messages' });
    return false;
  }
  const bad = validate(msg);
  if (bad) {
    reply({ ok: false, error: 'bad message: ' + bad });
    return false;
  }
  handle(msg, capture.forgetTab).then(reply, (e) => reply({ ok: false, error: String((e && e.message) || e) }));
  return true; // answer asynchronously
});
