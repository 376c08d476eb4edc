// The worker's answers to the popup (and to tests), each a promise of a plain
// object with `ok`:
//   {type: 'diagnose', tabId}                  -> {ok, engine, page, failures, report}
//   {type: 'record-ids', tabId}                -> {ok, for}: the failures the record holds once
//                                                 those being recorded are in (record.js reportFor)
//   {type: 'clear-site-data', tabId, exchangeId, include: [origin]}
//                                              -> {ok, origins, cleared, cookies, token, undoUntil}
//   {type: 'undo-clear', token}                -> {ok, restored, total}

import { reportFor } from './record.js';
import { withTab, readRecord } from './store.js';
import { diagnoseTab } from './diagnosis.js';
import { clearSiteData, undoClear } from './clear.js';

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
