// The worker's answers to the popup (and to tests), each a promise of a plain
// object with `ok`:
//   {type: 'diagnose', tabId}                  -> {ok, engine, page, failures, report}
//   {type: 'record-ids', tabId}                -> {ok, for}: the failures the record holds once
//                                                 those being recorded are in (record.js reportFor)
//   {type: 'clear-site-data', tabId, exchangeId, include: [origin]}
//                                              -> {ok, origins, cleared, cookies, token, undoUntil}
//                                                 or {ok: false, refused: true, error} when the
//                                                 Undo backup could not be kept (nothing cleared)
//   {type: 'undo-clear', token}                -> {ok, restored, total}
// Only the extension's own pages may send them (fromExtension: no web page or
// other extension can, and the extension has no content script), and each is
// checked (validate) before the worker acts on it.

import { reportFor } from './record.js';
import { withTab, readRecord } from './store.js';
import { diagnoseTab } from './diagnosis.js';
import { clearSiteData, undoClear } from './clear.js';

// fromExtension says the sender is one of this extension's own pages: its id
// and a URL under the extension's origin (chrome.runtime.getURL('')).
export function fromExtension(sender, extensionId, extensionOrigin) {
  return !!sender && typeof extensionId === 'string' && extensionId !== '' && sender.id === extensionId &&
    typeof sender.url === 'string' && typeof extensionOrigin === 'string' && extensionOrigin !== '' &&
    sender.url.startsWith(extensionOrigin);
}

export const MAX_INCLUDE = 32;
const MAX_ID = 256;
const isTabId = (v) => Number.isSafeInteger(v) && v >= 0;
const isOrigin = (o) => typeof o === 'string' && o.length <= 2048 && /^https?:\/\/[^/?#\s@]+$/.test(o);
const TOKEN = /^undo:\d+:\d+:[a-z0-9]+$/;

// validate returns why a message cannot be acted on, or '' when it is well formed.
export function validate(msg) {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return 'not an object';
  if (typeof msg.type !== 'string') return 'type must be a string';
  switch (msg.type) {
    case 'diagnose':
    case 'record-ids':
      return isTabId(msg.tabId) ? '' : 'tabId must be a non-negative integer';
    case 'clear-site-data':
      if (!isTabId(msg.tabId)) return 'tabId must be a non-negative integer';
      if (typeof msg.exchangeId !== 'string') return 'exchangeId must be a string';
      if (msg.exchangeId.length > MAX_ID) return 'exchangeId is longer than ' + MAX_ID + ' characters';
      if (!Array.isArray(msg.include)) return 'include must be an array of origins';
      if (msg.include.length > MAX_INCLUDE) return 'include has more than ' + MAX_INCLUDE + ' origins';
      for (const o of msg.include) if (!isOrigin(o)) return 'include must hold only http(s) origins, got ' + JSON.stringify(String(o)).slice(0, 80);
      return '';
    case 'undo-clear':
      return typeof msg.token === 'string' && msg.token.length <= 128 && TOKEN.test(msg.token) ? '' : 'token must be an Undo token (undo:…)';
  }
  return 'unknown message type ' + JSON.stringify(msg.type).slice(0, 40);
}

// handle answers a message validate accepted.
export function handle(msg, onCleared) {
  switch (msg && msg.type) {
    case 'diagnose': return diagnoseTab(msg.tabId);
    case 'record-ids': return withTab(msg.tabId, () => readRecord(msg.tabId))
      .then((rec) => (rec ? { ok: true, for: reportFor(rec.failures) } : { ok: false, error: 'could not read the record' }));
    case 'clear-site-data': return clearSiteData(msg.tabId, msg.exchangeId, msg.include, onCleared);
    case 'undo-clear': return undoClear(msg.token);
  }
  return Promise.resolve({ ok: false, error: 'unknown message' });
}
