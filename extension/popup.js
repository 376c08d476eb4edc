// Auth Doctor popup. Opens on the active tab, or on popup.html?tab=<tabId>
// (the testing contract). Everything that came from the network is put on the
// page with textContent, never as HTML.
'use strict';

const EVIDENCE_MAX = 160;
const $ = (id) => document.getElementById(id);

const state = { tabId: -1, res: null, selected: 0, clearToken: '' };

function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') n.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title') n.setAttribute(k, v);
    else n[k] = v;
  }
  for (const c of children) n.append(c); // strings become text nodes
  return n;
}

function send(msg) {
  return chrome.runtime.sendMessage(msg);
}

async function targetTab() {
  const q = new URLSearchParams(location.search).get('tab');
  if (q !== null && /^\d+$/.test(q)) return Number(q);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : -1;
}

// failures pairs each stored exchange with its report entry, newest first.
function failures() {
  const res = state.res;
  const byId = new Map(((res.report && res.report.failures) || []).map((f) => [f.exchangeId, f]));
  return res.failures.map((ex) => ({ ex, rep: byId.get(ex.id) || null }));
}

function label(f) {
  const status = f.rep ? f.rep.status : (f.ex.response ? f.ex.response.status : 0);
  const url = f.rep ? f.rep.url : f.ex.request.url;
  return (status ? String(status) : 'CORS') + ' ' + (f.rep ? f.rep.method : f.ex.request.method) + ' ' + url;
}

function originOf(url) {
  try {
    const o = new URL(url).origin;
    return /^https?:/.test(o) ? o : '';
  } catch {
    return '';
  }
}

// The origins to clear: the page's and the selected failed request's.
function origins() {
  const out = [];
  const page = originOf(state.res.page);
  if (page) out.push(page);
  const f = failures()[state.selected];
  const req = f ? originOf(f.ex.request.url) : '';
  if (req && !out.includes(req)) out.push(req);
  return out;
}

function render(busy) {
  const res = state.res;
  const main = $('main');
  main.setAttribute('aria-busy', busy ? 'true' : 'false');
  // No failure, no engine needed: it is not even loaded then.
  const eng = res.engine || { loaded: !res.failures.length };
  $('engine').textContent = eng.loaded && eng.version ? eng.version : '';
  const list = failures();
  const status = $('status');
  if (!eng.loaded) {
    status.textContent = 'The diagnosis engine could not be loaded (' + (eng.error || 'unknown error') +
      '). Clearing the site data still works.';
    status.classList.add('error');
  } else if (res.report && res.report.error) {
    status.textContent = 'The engine could not read this tab\'s record: ' + res.report.error;
    status.classList.add('error');
  } else if (!list.length) {
    status.textContent = 'No failed request (401, 403 after credentials, 407 or CORS) was recorded on this page.';
  } else {
    status.textContent = list.length === 1 ? 'One failed request on this page.' : list.length + ' failed requests on this page, newest first.';
  }

  const sel = $('failure');
  sel.replaceChildren(...list.map((f, i) => el('option', { value: String(i) }, label(f))));
  sel.value = String(state.selected);
  $('failure-section').hidden = list.length === 0;
  renderFailure(list[state.selected]);
  renderClear();
}

function renderFailure(f) {
  const ol = $('findings');
  ol.replaceChildren();
  $('findings-section').hidden = !f;
  $('copy').disabled = !(f && f.rep);
  if (!f) return;
  const s = $('failure-summary');
  s.replaceChildren();
  const err = f.rep ? f.rep.error : f.ex.error;
  s.append(truncated(label(f)));
  if (err) s.append(el('span', { class: 'muted' }, ' — ' + err));
  if (!f.rep) return;
  f.rep.findings.forEach((fd, i) => ol.append(findingItem(fd, i === 0)));
}

function findingItem(fd, first) {
  const id = 'finding-' + fd.id;
  const li = el('li', { 'data-finding': fd.id, class: 'finding sev-' + fd.severity, 'aria-labelledby': id });
  const head = el('h2', { id },
    el('span', { class: 'sev' }, first ? 'Most likely: ' : severityWord(fd.severity) + ': '), fd.title);
  li.append(head, el('p', {}, fd.explanation));
  if (fd.evidence && fd.evidence.length) {
    li.append(el('h3', {}, 'Evidence'),
      el('ul', { class: 'evidence' }, ...fd.evidence.map((e) => el('li', {}, truncated(e)))));
  }
  if (fd.fixes && fd.fixes.length) {
    li.append(el('h3', {}, 'How to fix'), el('ol', { class: 'fixes' }, ...fd.fixes.map((x) => el('li', {}, x))));
  }
  return li;
}

function severityWord(s) {
  return { cause: 'Cause', likely: 'Likely', possible: 'Possible', info: 'Note' }[s] || 'Note';
}

// truncated shows long values shortened, with a button to copy the full text.
function truncated(text) {
  if (text.length <= EVIDENCE_MAX) return el('code', {}, text);
  const span = el('span', { class: 'long' }, el('code', { title: 'Shortened; use Copy for the full value' }, text.slice(0, EVIDENCE_MAX) + '…'));
  const b = el('button', { type: 'button', class: 'small', 'aria-label': 'Copy the full value' }, 'Copy');
  b.addEventListener('click', () => copy(text, b));
  span.append(' ', b);
  return span;
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

function renderClear() {
  const os = origins();
  const btn = $('clear');
  btn.disabled = os.length === 0;
  btn.textContent = os.length ? 'Clear site data for ' + os.map((o) => new URL(o).host).join(' and ') : 'Clear site data';
  $('clear-note').textContent = os.length
    ? 'Removes cookies, cache, local storage, IndexedDB, service workers and file systems of ' + os.join(', ') +
      ', then reloads the tab. Chromium removes cookies for the whole registrable domain (e.g. every *.example.com ' +
      'for www.example.com). Other sites are not touched. You can undo the cookie removal for 10 minutes.'
    : 'This page has no web origin to clear.';
}

async function clearSiteData() {
  const btn = $('clear');
  btn.disabled = true;
  const out = $('cleared');
  out.replaceChildren();
  out.removeAttribute('data-cleared');
  const res = await send({ type: 'clear-site-data', tabId: state.tabId, origins: origins() });
  if (!res || !res.ok) {
    out.textContent = 'Clearing failed: ' + ((res && res.error) || 'no answer');
    btn.disabled = false;
    return;
  }
  state.clearToken = res.token;
  out.setAttribute('data-cleared', res.cleared.join(' '));
  out.append(el('p', {}, 'Cleared ' + res.cleared.join(', ') + ' for ' + res.origins.join(', ') + ' and reloaded the tab.'));
  if (res.cookies.length) {
    out.append(el('p', {}, res.cookies.length + ' cookie(s) removed:'),
      el('ul', { class: 'evidence' }, ...res.cookies.map((c) => el('li', {}, el('code', {}, c.name + ' (' + c.domain + c.path + ')')))));
  }
  $('undo').hidden = res.cookies.length === 0;
}

async function undoClear() {
  const res = await send({ type: 'undo-clear', token: state.clearToken });
  $('undo').hidden = true;
  $('cleared').append(el('p', {}, res && res.ok
    ? 'Restored ' + res.restored + ' of ' + res.total + ' cookie(s). Reload the page to use them.'
    : 'Undo failed: ' + ((res && res.error) || 'no answer')));
}

// mdCode puts a value from the network in a code span it cannot leave (a
// backtick in a URL query is legal and would otherwise end the span).
const mdCode = (s) => '`' + String(s).replace(/[`\r\n]/g, "'") + '`';

// markdown is the redacted report of the selected failure ("Copy report").
function markdown() {
  const f = failures()[state.selected];
  if (!f || !f.rep) return '';
  const r = f.rep;
  const lines = ['# Auth Doctor report', '', mdCode((r.status || 'no response') + ' ' + r.method + ' ' + r.url) +
    (r.error ? ' — ' + mdCode(r.error) : ''), ''];
  for (const fd of r.findings) {
    lines.push('## ' + fd.title + ' (' + fd.severity + ', `' + fd.id + '`)', '', fd.explanation, '');
    if (fd.evidence && fd.evidence.length) lines.push('Evidence:', '', ...fd.evidence.map((e) => '- ' + mdCode(e)), '');
    if (fd.fixes && fd.fixes.length) lines.push('Fixes:', '', ...fd.fixes.map((x, i) => (i + 1) + '. ' + x), '');
  }
  if (state.res.engine && state.res.engine.version) lines.push('_' + state.res.engine.version + '_');
  return lines.join('\n');
}

// stored is the tab's diagnosis as the worker left it in storage (record.js),
// or null when the worker must compute it: it was not due yet, or it does not
// cover the newest failure.
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
    renderFailure(failures()[state.selected]);
    renderClear();
  });
  $('clear').addEventListener('click', clearSiteData);
  $('undo').addEventListener('click', undoClear);
  $('copy').addEventListener('click', (e) => copy(markdown(), e.currentTarget));
  loadOption();
  state.tabId = await targetTab();
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
    res = { ok: false, error: String(e && e.message || e) };
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

main();
