// Auth Doctor service worker (an ES module; Firefox runs the same module as
// its background script). It captures failed requests, asks the engine
// whether each is a failure, keeps a redacted record per tab, badges the tab,
// stores the engine's diagnosis, and clears a site as the engine's plan says.
//
//   capture.js    webRequest listeners, in-flight map, per-tab preflights and context
//   diagnosis.js  triage on record, the stored diagnosis, the jar read
//   engine.js     the Go/wasm engine, loaded lazily once; calls return errors as values
//   store.js      per-tab record and report in storage.session, the write chain, bounds
//   badge.js      the toolbar badge
//   clear.js      clear site data by the engine's plan, and Undo
//   messages.js   the popup's messages
//   record.js     storage layout and the clear-plan choice, shared with the popup
//   vocab.js      generated from the engine's vocabulary: what is worth recording

import { createCapture, FILTER } from './capture.js';
import { record, cancelDiagnosis } from './diagnosis.js';
import { withTab, readRecord, dropTab, isClean, forgetClean } from './store.js';
import { applyBadge } from './badge.js';
import { handle } from './messages.js';

const capture = createCapture({
  failure: record,
  navigated(tabId) {
    cancelDiagnosis(tabId);
    dropTab(tabId);
  },
});

const extra = (opts, base) => (opts && opts.EXTRA_HEADERS ? base.concat(opts.EXTRA_HEADERS) : base);

// Synchronously at top level, so events that wake the worker are delivered.
const wr = chrome.webRequest;
wr.onSendHeaders.addListener(capture.onSendHeaders, FILTER, extra(wr.OnSendHeadersOptions, ['requestHeaders']));
wr.onHeadersReceived.addListener(capture.onHeadersReceived, FILTER, extra(wr.OnHeadersReceivedOptions, ['responseHeaders']));
wr.onAuthRequired.addListener(capture.onAuthRequired, FILTER);
wr.onCompleted.addListener(capture.onCompleted, FILTER);
wr.onErrorOccurred.addListener(capture.onErrorOccurred, FILTER);

// An error page that commits after the request ended wipes tab badges.
chrome.tabs.onUpdated.addListener((tabId, info) => {
  if (info.status !== 'complete' || isClean(tabId)) return;
  withTab(tabId, async () => {
    const rec = await readRecord(tabId);
    if (rec.badge) await applyBadge(tabId, rec.badge);
  });
});
chrome.tabs.onRemoved.addListener((tabId) => {
  capture.forgetTab(tabId);
  cancelDiagnosis(tabId);
  dropTab(tabId).then(() => forgetClean(tabId));
});
chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  handle(msg, capture.forgetTab).then(reply, (e) => reply({ ok: false, error: String((e && e.message) || e) }));
  return true; // answer asynchronously
});
