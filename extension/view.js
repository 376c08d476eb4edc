// The popup's drawing: a worker answer ({engine, page, failures, report}) in,
// DOM out. Every string the engine or the network supplied goes on the page
// as text (textContent / text nodes), never as HTML. The words that judge —
// the failure's label, the findings' headings, the report's Markdown and the
// primary action — are the engine's; this file only lays them out.
// No chrome.* here: popup.js wires it to the extension, the tests to a fake
// document.

import { choosePlan, domainsOf } from './record.js';

export const EVIDENCE_MAX = 160;
export const SERVER_SIDE = 'Clearing this browser\'s data will not fix this: the cause is on the server.';

const TYPE_WORDS = {
  cookies: 'cookies', cache: 'cache', cacheStorage: 'Cache Storage', localStorage: 'local storage',
  indexedDB: 'IndexedDB', serviceWorkers: 'service workers', fileSystems: 'file systems',
};
const ALL_TYPES = Object.keys(TYPE_WORDS);

function words(list) {
  return list.length <= 1 ? list.join('') : list.slice(0, -1).join(', ') + ' and ' + list[list.length - 1];
}

export function el(doc, tag, attrs, ...children) {
  const n = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') n.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'title' || k === 'type' || k === 'value') n.setAttribute(k, v);
    else n[k] = v;
  }
  for (const c of children) n.append(c); // strings become text nodes
  return n;
}

// failures pairs each stored exchange with its report entry, newest first.
export function failures(res) {
  const byId = new Map(((res.report && res.report.failures) || []).map((f) => [f.exchangeId, f]));
  return res.failures.map((ex) => ({ ex, rep: byId.get(ex.id) || null }));
}

// label names a failure: the engine's badge text, the method and the URL as
// the report has them. Without a report (no engine), what was recorded.
export function label(f) {
  if (f.rep) return [f.rep.badge ? f.rep.badge.text : '', f.rep.method, f.rep.url].filter(Boolean).join(' ');
  const r = f.ex.response;
  return [r && r.status ? String(r.status) : f.ex.error, f.ex.request.method, f.ex.request.url].filter(Boolean).join(' ');
}

// offer is what the action area shows for the selected failure: the primary
// action (the top finding's), the clear plan and its button's words.
export function offer(res, f, include) {
  const rep = f ? f.rep : null;
  const plan = choosePlan(rep ? rep.clear : null, include, res.page);
  const action = rep ? rep.action : '';
  const top = rep && rep.findings && rep.findings[0];
  const hosts = plan.origins.map((o) => new URL(o).host);
  const cookiesOnly = plan.types.length === 1 && plan.types[0] === 'cookies';
  // The engine's plan for a cookie problem: the cookies and the storage apps
  // keep their sign-in state in.
  const signIn = plan.types.length === 3 && ['cookies', 'localStorage', 'indexedDB'].every((t) => plan.types.includes(t));
  const everything = ALL_TYPES.every((t) => plan.types.includes(t));
  let what;
  if (everything) what = 'site data';
  else if (cookiesOnly) what = 'cookies';
  else if (signIn) what = 'sign-in data';
  else if (plan.types.length === 3 && ['cache', 'cacheStorage', 'serviceWorkers'].every((t) => plan.types.includes(t))) what = 'cached files';
  else what = words(plan.types.map((t) => TYPE_WORDS[t]));
  const scope = (cookiesOnly || signIn) && plan.cookieDomains ? domainsOf(plan.origins, plan.cookieDomains) : hosts;
  return {
    plan,
    action,
    clearPrimary: !!(rep && plan.primary),
    reloadPrimary: action === 'reload',
    serverSide: action === 'none',
    firstFix: top && top.fixes && top.fixes.length ? top.fixes[0] : '',
    clearLabel: plan.origins.length ? 'Clear ' + what + ' for ' + words(scope) : 'Clear site data',
    clearNote: clearNote(plan, everything),
  };
}

function clearNote(plan, everything) {
  if (!plan.origins.length) return 'This page has no web origin to clear.';
  const types = everything
    ? 'cookies, cache, local storage, IndexedDB, service workers and file systems'
    : words(plan.types.map((t) => TYPE_WORDS[t]));
  let s = 'Removes ' + types + ' of ' + plan.origins.join(', ') + ', then reloads the tab.';
  if (plan.types.includes('cookies')) {
    s += ' Chromium removes cookies for the whole registrable domain' + (plan.cookieDomains
      ? ' (' + domainsOf(plan.origins, plan.cookieDomains).join(', ') + ').'
      : ' (e.g. every *.example.com for www.example.com).');
  }
  s += plan.optional.length ? ' Other sites are not touched unless you tick them below.' : ' Other sites are not touched.';
  if (plan.types.includes('cookies')) s += ' You can undo the cookie removal for 10 minutes.';
  return s;
}

// render draws state ({res, selected, include}) into doc; actions are the
// callbacks of the buttons it creates ({copy(text, button), toggle(origin, on)}).
export function render(doc, state, actions, busy) {
  const $ = (id) => doc.getElementById(id);
  const res = state.res;
  $('main').setAttribute('aria-busy', busy ? 'true' : 'false');
  // No failure, no engine needed: it is not even loaded then.
  const eng = res.engine || { loaded: !res.failures.length };
  $('engine').textContent = eng.loaded && eng.version ? eng.version : '';
  const list = failures(res);
  const status = $('status');
  status.classList.remove('error');
  if (!eng.loaded) {
    status.textContent = 'The diagnosis engine could not be loaded (' + (eng.error || 'unknown error') +
      '). Clearing the site data still works.';
    status.classList.add('error');
  } else if (res.report && res.report.error) {
    status.textContent = 'The engine could not read this tab\'s record: ' + res.report.error;
    status.classList.add('error');
  } else if (!list.length) {
    status.textContent = 'No failed request was recorded on this page.';
  } else {
    status.textContent = list.length === 1 ? 'One failed request on this page.' : list.length + ' failed requests on this page, newest first.';
  }
  const sel = $('failure');
  sel.replaceChildren(...list.map((f, i) => el(doc, 'option', { value: String(i) }, label(f))));
  sel.value = String(state.selected);
  $('failure-section').hidden = list.length === 0;
  renderFailure(doc, list[state.selected], actions);
  renderActions(doc, state, list[state.selected], actions);
}

export function renderFailure(doc, f, actions) {
  const $ = (id) => doc.getElementById(id);
  const ol = $('findings');
  ol.replaceChildren();
  $('findings-section').hidden = !f;
  $('copy').disabled = !(f && f.rep && f.rep.markdown);
  const s = $('failure-summary');
  s.replaceChildren();
  if (!f) return;
  const err = f.rep ? f.rep.error : f.ex.error;
  s.append(truncated(doc, label(f), actions));
  if (err) s.append(el(doc, 'span', { class: 'muted' }, ' — ' + err));
  if (!f.rep) return;
  for (const fd of f.rep.findings || []) ol.append(findingItem(doc, fd, actions));
}

function findingItem(doc, fd, actions) {
  const id = 'finding-' + fd.id;
  const li = el(doc, 'li', { 'data-finding': fd.id, class: 'finding sev-' + fd.severity, 'aria-labelledby': id });
  li.append(el(doc, 'h2', { id }, el(doc, 'span', { class: 'sev' }, (fd.heading || 'Note') + ': '), fd.title));
  li.append(el(doc, 'p', {}, fd.explanation));
  if (fd.evidence && fd.evidence.length) {
    li.append(el(doc, 'h3', {}, 'Evidence'),
      el(doc, 'ul', { class: 'evidence' }, ...fd.evidence.map((e) => el(doc, 'li', {}, truncated(doc, e, actions)))));
  }
  if (fd.fixes && fd.fixes.length) {
    li.append(el(doc, 'h3', {}, 'How to fix'), el(doc, 'ol', { class: 'fixes' }, ...fd.fixes.map((x) => el(doc, 'li', {}, x))));
  }
  return li;
}

// truncated shows a long value shortened, with a button to copy it in full.
function truncated(doc, text, actions) {
  if (text.length <= EVIDENCE_MAX) return el(doc, 'code', {}, text);
  const span = el(doc, 'span', { class: 'long' },
    el(doc, 'code', { title: 'Shortened; use Copy for the full value' }, text.slice(0, EVIDENCE_MAX) + '…'));
  const b = el(doc, 'button', { type: 'button', class: 'small', 'aria-label': 'Copy the full value' }, 'Copy');
  b.addEventListener('click', () => actions.copy(text, b));
  span.append(' ', b);
  return span;
}

// renderActions draws the action area: the top finding's action is the
// primary button (data-primary); a server-side cause says so and shows its
// first fix before the clear button, which is then secondary; the plan's
// optional (cross-site) origins are unticked checkboxes.
export function renderActions(doc, state, f, actions) {
  const $ = (id) => doc.getElementById(id);
  const o = offer(state.res, f, [...(state.include || [])]);
  const clear = $('clear');
  clear.disabled = o.plan.origins.length === 0;
  clear.textContent = o.clearLabel;
  setPrimary(clear, o.clearPrimary);
  const reload = $('reload');
  reload.hidden = !o.reloadPrimary;
  setPrimary(reload, o.reloadPrimary);
  $('clear-note').textContent = o.clearNote;
  const note = $('action-note');
  note.replaceChildren();
  note.hidden = !o.serverSide;
  if (o.serverSide) {
    if (o.firstFix) note.append(el(doc, 'p', { class: 'fix' }, 'Fix: ' + o.firstFix));
    note.append(el(doc, 'p', {}, SERVER_SIDE));
  }
  $('clear-title').textContent = o.clearPrimary ? 'The fix: clear this browser\'s data' : 'Start over on this site';
  const opt = $('optional');
  opt.replaceChildren(...o.plan.optional.map((origin) => {
    const box = el(doc, 'input', { type: 'checkbox', value: origin });
    box.checked = !!(state.include && state.include.has(origin));
    box.addEventListener('change', () => actions.toggle(origin, box.checked));
    return el(doc, 'label', { class: 'option' }, box, ' Also clear ' + origin + ' (another site)');
  }));
  opt.hidden = o.plan.optional.length === 0;
  return o;
}

function setPrimary(button, on) {
  if (on) button.setAttribute('data-primary', '');
  else button.removeAttribute('data-primary');
}

// renderUndoOffer tells, in a popup opened after a clear, that it can still
// be undone (offer: {count, until}).
export function renderUndoOffer(doc, offer) {
  const out = doc.getElementById('cleared');
  if (out.hasAttribute('data-cleared')) return;
  const until = new Date(offer.until);
  const hhmm = String(until.getHours()).padStart(2, '0') + ':' + String(until.getMinutes()).padStart(2, '0');
  out.replaceChildren(el(doc, 'p', { 'data-undo-offer': '' },
    'The last clear on this tab removed ' + offer.count + ' cookie(s). Undo restores them until ' + hhmm + '.'));
}

// renderCleared draws the worker's answer to a clear into the #cleared box.
export function renderCleared(doc, res) {
  const out = doc.getElementById('cleared');
  out.replaceChildren();
  out.removeAttribute('data-cleared');
  if (!res || !res.ok) {
    // A refused clear touched nothing and says why itself.
    out.textContent = res && res.refused ? res.error : 'Clearing failed: ' + ((res && res.error) || 'no answer');
    return false;
  }
  out.setAttribute('data-cleared', res.cleared.join(' '));
  out.append(el(doc, 'p', {}, 'Cleared ' + res.cleared.join(', ') + ' for ' + res.origins.join(', ') + ' and reloaded the tab.'));
  if (res.cookies.length) {
    out.append(el(doc, 'p', {}, res.cookies.length + ' cookie(s) removed:'),
      el(doc, 'ul', { class: 'evidence' }, ...res.cookies.map((c) => el(doc, 'li', {}, el(doc, 'code', {}, c.name + ' (' + c.domain + c.path + ')')))));
  }
  return true;
}
