// Where a tab's failures and their diagnosis live in chrome.storage.session,
// shared by the service worker (which writes them) and the popup (which reads
// them directly, so showing a diagnosis needs neither the worker nor Go).
//
//   "tab:<id>"    { failures: [exchange, ...newest first], badge }
//   "report:<id>" { for, engine: {loaded, version, error}, report }
//
// A stored report answers for exactly the failures named in its "for".
'use strict';

const recordKey = (tabId) => 'tab:' + tabId;
const reportKey = (tabId) => 'report:' + tabId;

// reportFor names a list of failures: their ids, in the record's order.
const reportFor = (failures) => failures.map((f) => f.id).join(' ');
