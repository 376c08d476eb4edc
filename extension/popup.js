// Auth Doctor popup (an ES module). Opens on the active tab, or on
// popup.html?tab=<tabId> (the testing contract). It reads the stored
// diagnosis (record.js) and draws it with view.js; everything that came from
// the network goes on the page as text, never as HTML.

import { recordKey, reportKey, reportFor, undoKey } from './record.js';
import * as view from './view.js';

const $ = (id) => document.getElementById(id);

const state = { tabId: -1, res: null, selected: 0, include: new Set(), clearToken: '' };

const actions = {
  copy,
  toggle(origin, on) {
    if (on) state.include.add(origin);
    else state.include.delete(origin);
    view.renderActions(document, state, selectedFailure(), actions);
  },
};

const send = (msg) => chrome.runtime.sendMessage(msg);
const selectedFailure = () => view.failures(state.res)[state.selected];

function render(busy) {
  view.render(document, state, actions, busy);
}

async function targetTab() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q !== null && /^\d+$/.test(q)) return Number(q);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : -1;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed';
  }
  setTimeout(() => { button.textContent = button.dataset.action === 'copy-report' ? 'Copy report' : 'Copy'; }, 1500);
}

async function clearSiteData() {
  const btn = $('clear');
  btn.disabled = true;
  $('cleared').replaceChildren();
  $('cleared').removeAttribute('data-cleared');
  const f = selectedFailure();
  const res = await send({
    type: 'clear-site-data', tabId: state.tabId, exchangeId: f ? f.ex.id : '', include: [...state.include],
  });
  if (!view.renderCleared(document, res)) {
    btn.disabled = false;
    return;
  }
  state.clearToken = res.token || '';
  $('undo').hidden = !state.clearToken;
}

// showUndoOffer offers the Undo of the last clear on this tab while it holds
// (the worker keeps the offer in storage.session, so it outlives the popup
// that cleared).
async function showUndoOffer(tabId) {
  let offer;
  try {
    offer = (await chrome.storage.session.get(undoKey(tabId)))[undoKey(tabId)];
  } catch {
    return;
  }
  if (!offer || typeof offer.token !== 'string' || !(offer.until > Date.now()) || state.clearToken) return;
  state.clearToken = offer.token;
  $('undo').hidden = false;
  view.renderUndoOffer(document, offer);
}

async function undoClear() {
  const res = await send({ type: 'undo-clear', token: state.clearToken });
  state.clearToken = '';
  $('undo').hidden = true;
  $('cleared').append(view.el(document, 'p', {}, res && res.ok
    ? 'Restored ' + res.restored + ' of ' + res.total + ' cookie(s). Reload the page to use them.'
    : 'Undo failed: ' + ((res && res.error) || 'no answer')));
}

async function reload() {
  try {
    await chrome.tabs.reload(state.tabId);
    window.close();
  } catch (e) {
    $('cleared').textContent = 'Reload failed: ' + String((e && e.message) || e);
  }
}

// stored is the tab's diagnosis as the worker left it in storage, or null
// when the worker must compute it: it was not due yet, or it does not cover
// the newest failure.
async function stored(tabId) {
  let got, page;
  try {
    [got, page] = await Promise.all([
      chrome.storage.session.get([recordKey(tabId), reportKey(tabId)]),
      chrome.tabs.get(tabId).then((t) => t.url || '', () => ''),
    ]);
  } catch {
    return null;
  }
  const rec = got[recordKey(tabId)] || { failures: [] };
  const rep = got[reportKey(tabId)];
  if (!rec.failures.length) return { ok: true, engine: null, page, failures: [], report: null };
  if (!rep || rep.for !== reportFor(rec.failures)) return null;
  return { ok: true, engine: rep.engine, page, failures: rec.failures, report: rep.report };
}

// settled asks the worker for the failures its record holds once those being
// recorded are in; a worker that cannot answer leaves the stored view as is.
async function settled(tabId, res) {
  try {
    const now = await send({ type: 'record-ids', tabId });
    return !now || !now.ok || now.for === reportFor(res.failures);
  } catch {
    return true;
  }
}

async function loadOption() {
  const box = $('auto-open');
  const { autoOpenPopup } = await chrome.storage.local.get('autoOpenPopup');
  box.checked = !!autoOpenPopup;
  box.addEventListener('change', () => chrome.storage.local.set({ autoOpenPopup: box.checked }));
}

async function main() {
  $('failure').addEventListener('change', (e) => {
    state.selected = Number(e.target.value) || 0;
    state.include.clear();
    view.renderFailure(document, selectedFailure(), actions);
    view.renderActions(document, state, selectedFailure(), actions);
  });
  $('clear').addEventListener('click', clearSiteData);
  $('undo').addEventListener('click', undoClear);
  $('reload').addEventListener('click', reload);
  $('copy').addEventListener('click', (e) => {
    const f = selectedFailure();
    copy(f && f.rep ? f.rep.markdown || '' : '', e.currentTarget);
  });
  loadOption();
  state.tabId = await targetTab();
  showUndoOffer(state.tabId);
  // The stored diagnosis is shown at once; the worker then says whether a
  // failure is still being recorded, and only then is the popup re-rendered
  // (and busy until that answer).
  let res = await stored(state.tabId);
  if (res) {
    state.res = res;
    render(true);
    if (await settled(state.tabId, res)) {
      $('main').setAttribute('aria-busy', 'false');
      return;
    }
  }
  try {
    res = await send({ type: 'diagnose', tabId: state.tabId });
  } catch (e) {
    res = { ok: false, error: String((e && e.message) || e) };
  }
  if (!res || !res.ok) {
    // Still offer clearing for the tab's page.
    res = { ok: false, engine: { loaded: false, error: (res && res.error) || 'no answer from the worker' }, failures: [], report: null, page: '' };
    try {
      res.page = (await chrome.tabs.get(state.tabId)).url || '';
    } catch { /* no such tab */ }
  }
  state.res = res;
  render();
}

// The hostile-popup test (e2e/hostile_test.go) reads the answer and draws it
// again through these, with its guard in place.
Object.assign(globalThis, {
  state, render, failures: () => view.failures(state.res), label: view.label,
});

main();
