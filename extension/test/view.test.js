// The popup's drawing of a report (view.js) into a small fake document built
// from popup.html: the engine's words (label, headings, Markdown), the
// primary action exactly the top finding's, optional origins unticked, and
// network text only ever as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { popupDocument } from './fakedom.js';
import { render, offer, failures, label, renderCleared, SERVER_SIDE } from '../view.js';

const ALL = ['cookies', 'cache', 'cacheStorage', 'localStorage', 'indexedDB', 'serviceWorkers', 'fileSystems'];
const HOSTILE = '<img src=x onerror=alert(1)>';

function stored(id, url, o = {}) {
  return Object.assign({ id, request: { url, method: 'GET', headers: [] }, response: { status: 401, headers: [] }, error: '', redirects: [] }, o);
}

function finding(id, severity, heading, fixes = ['Renew the token.']) {
  return { id, severity, heading, title: 'Title of ' + id + ' ' + HOSTILE, explanation: 'Because ' + HOSTILE, evidence: ['WWW-Authenticate: ' + HOSTILE], fixes, action: 'none' };
}

function answer(rep, o = {}) {
  return Object.assign({
    ok: true, engine: { loaded: true, version: 'authdoctor test', error: '' }, page: 'https://app.shop.test/page',
    failures: [stored('7', 'https://api.shop.test/data')],
    report: { version: 1, badge: rep.badge, failures: [Object.assign({ exchangeId: '7', url: 'https://api.shop.test/data', method: 'GET', status: 401, error: '' }, rep)], problems: [] },
  }, o);
}

function draw(res, include = []) {
  const doc = popupDocument();
  const copied = [];
  const toggled = [];
  const state = { res, selected: 0, include: new Set(include) };
  render(doc, state, { copy: (t) => copied.push(t), toggle: (o, on) => toggled.push([o, on]) }, false);
  const $ = (id) => doc.getElementById(id);
  return { doc, $, copied, toggled, state };
}

const primaryButtons = (doc) => doc.body.all().filter((e) => e.tagName === 'BUTTON' && e.hasAttribute('data-primary') && !e.hidden);

test('a clear-cookies action: the clear button is the primary, labelled with what it clears', () => {
  const res = answer({
    badge: { text: '401', color: '#b3261e' }, kind: 'auth', action: 'clear-cookies', markdown: '# Auth Doctor report\n',
    clear: { primary: true, origins: ['https://app.shop.test', 'https://api.shop.test'], types: ['cookies'], cookieDomains: ['shop.test'], optional: [] },
    findings: [finding('duplicate-cookie', 'cause', 'Most likely'), finding('token-expired', 'possible', 'Possible')],
  });
  const { doc, $ } = draw(res);
  const clear = $('clear');
  assert.equal(clear.getAttribute('data-action'), 'clear-site-data');
  assert.ok(clear.hasAttribute('data-primary'));
  assert.equal(clear.disabled, false);
  assert.equal(clear.textContent, 'Clear cookies for shop.test');
  assert.deepEqual(primaryButtons(doc), [clear]);
  assert.equal($('reload').hidden, true);
  assert.equal($('action-note').hidden, true);
  assert.match($('clear-note').textContent, /^Removes cookies of https:\/\/app\.shop\.test, https:\/\/api\.shop\.test, then reloads the tab\. Chromium removes cookies for the whole registrable domain \(shop\.test\)\./);
});

test('findings: headings are the engine\'s, all text is text', () => {
  const res = answer({
    badge: { text: '401', color: '#b3261e' }, action: 'clear-cookies', markdown: 'md',
    clear: { primary: true, origins: ['https://app.shop.test'], types: ['cookies'], cookieDomains: ['shop.test'], optional: [] },
    findings: [finding('a-b', 'likely', 'Most likely'), finding('c', 'info', 'Note')],
  });
  const { doc, $ } = draw(res);
  const items = $('findings').children;
  assert.deepEqual(items.map((li) => li.getAttribute('data-finding')), ['a-b', 'c']);
  assert.equal(items[0].children[0].textContent, 'Most likely: Title of a-b ' + HOSTILE);
  assert.equal(items[1].children[0].textContent, 'Note: Title of c ' + HOSTILE);
  assert.equal(items[0].className, 'finding sev-likely');
  assert.equal(items[0].children[1].textContent, 'Because ' + HOSTILE);
  const tags = new Set(doc.body.all().map((e) => e.tagName));
  assert.ok(!tags.has('IMG') && !tags.has('SCRIPT'), [...tags].join(' '));
  assert.equal($('copy').disabled, false);
});

test('the label is the report\'s badge text, method and URL; the select lists each failure', () => {
  const res = answer({ badge: { text: 'LOOP', color: '#6b3fa0' }, action: 'none', markdown: 'm', clear: { primary: false, origins: [], types: ALL, cookieDomains: [], optional: [] }, findings: [] });
  res.report.failures[0].error = 'net::ERR_TOO_MANY_REDIRECTS';
  res.report.failures[0].status = 0;
  const { $ } = draw(res);
  assert.equal(label(failures(res)[0]), 'LOOP GET https://api.shop.test/data');
  assert.equal($('failure').children[0].textContent, 'LOOP GET https://api.shop.test/data');
  assert.equal($('failure-summary').textContent, 'LOOP GET https://api.shop.test/data — net::ERR_TOO_MANY_REDIRECTS');
});

test('a server-side cause: said plainly, its first fix first, the clear button secondary', () => {
  const res = answer({
    badge: { text: 'CORS', color: '#b35c00' }, kind: 'cors', action: 'none', markdown: 'md',
    clear: { primary: false, origins: ['https://app.shop.test'], types: ALL, cookieDomains: ['shop.test'], optional: [] },
    findings: [finding('cors-preflight-invalid-status', 'cause', 'Most likely', ['Answer OPTIONS with 204 before auth.', 'Second fix.'])],
  });
  const { doc, $ } = draw(res);
  const note = $('action-note');
  assert.equal(note.hidden, false);
  assert.deepEqual(note.children.map((p) => p.textContent), ['Fix: Answer OPTIONS with 204 before auth.', SERVER_SIDE]);
  assert.equal($('clear').hasAttribute('data-primary'), false);
  assert.equal($('clear').disabled, false, 'still offered, as a secondary action');
  assert.equal($('clear').textContent, 'Clear site data for app.shop.test');
  assert.deepEqual(primaryButtons(doc), []);
  assert.equal($('clear-title').textContent, 'Start over on this site');
});

test('a reload action: a primary reload button, the clear button secondary', () => {
  const res = answer({
    badge: { text: '503', color: '#b35c00' }, action: 'reload', markdown: 'md',
    clear: { primary: false, origins: ['https://app.shop.test'], types: ALL, cookieDomains: ['shop.test'], optional: [] },
    findings: [finding('waf-block', 'likely', 'Most likely')],
  });
  const { doc, $ } = draw(res);
  assert.equal($('reload').hidden, false);
  assert.equal($('reload').getAttribute('data-action'), 'reload');
  assert.deepEqual(primaryButtons(doc), [$('reload')]);
  assert.equal($('clear').hasAttribute('data-primary'), false);
});

test('optional (cross-site) origins are unticked checkboxes; ticking one widens the label', () => {
  const rep = {
    badge: { text: 'CORS', color: '#b35c00' }, action: 'clear-site-data', markdown: 'md',
    clear: { primary: true, origins: ['https://app.shop.test'], types: ALL, cookieDomains: ['shop.test', 'other.test'], optional: ['https://api.other.test'] },
    findings: [finding('x', 'likely', 'Most likely')],
  };
  const { doc, $, toggled } = draw(answer(rep));
  const boxes = $('optional').all().filter((e) => e.tagName === 'INPUT');
  assert.equal(boxes.length, 1);
  assert.equal(boxes[0].getAttribute('type'), 'checkbox');
  assert.equal(boxes[0].getAttribute('value'), 'https://api.other.test');
  assert.equal(boxes[0].checked, false);
  assert.equal($('optional').hidden, false);
  assert.equal($('clear').textContent, 'Clear site data for app.shop.test');
  assert.match($('clear-note').textContent, /Other sites are not touched unless you tick them below\./);
  boxes[0].checked = true;
  boxes[0].dispatch('change');
  assert.deepEqual(toggled, [['https://api.other.test', true]]);
  const again = draw(answer(rep), ['https://api.other.test']);
  assert.equal(again.$('clear').textContent, 'Clear site data for app.shop.test and api.other.test');
  assert.equal(again.$('optional').all().find((e) => e.tagName === 'INPUT').checked, true);
  assert.ok(doc);
});

test('without the engine: the failure is listed by what was recorded, the page\'s origin is offered', () => {
  const res = { ok: true, engine: { loaded: false, version: '', error: 'CompileError' }, page: 'https://nowasm.test:8443/page', failures: [stored('3', 'https://nowasm.test:8443/script')], report: null };
  const { $ } = draw(res);
  assert.equal($('status').textContent, 'The diagnosis engine could not be loaded (CompileError). Clearing the site data still works.');
  assert.equal($('failure').children[0].textContent, '401 GET https://nowasm.test:8443/script');
  assert.equal($('clear').textContent, 'Clear site data for nowasm.test:8443');
  assert.equal($('clear').disabled, false);
  assert.equal($('clear').hasAttribute('data-primary'), false);
  assert.equal($('copy').disabled, true);
  assert.equal($('findings').children.length, 0);
});

test('long values are shortened, with a Copy of the full text', () => {
  const long = 'x'.repeat(500);
  const res = answer({
    badge: { text: '401', color: '#b3261e' }, action: 'none', markdown: 'md',
    clear: { primary: false, origins: ['https://app.shop.test'], types: ALL, cookieDomains: ['shop.test'], optional: [] },
    findings: [Object.assign(finding('x', 'cause', 'Most likely'), { evidence: [long] })],
  });
  const { $, copied } = draw(res);
  const li = $('findings').children[0].all().find((e) => e.tagName === 'UL').children[0];
  assert.equal(li.all().find((e) => e.tagName === 'CODE').textContent, 'x'.repeat(160) + '…');
  li.all().find((e) => e.tagName === 'BUTTON').click();
  assert.deepEqual(copied, [long]);
});

test('the offer of a failure that is not in the report (no report yet)', () => {
  const res = { ok: true, engine: null, page: 'http://a.test/', failures: [stored('1', 'http://a.test/x')], report: null };
  const o = offer(res, failures(res)[0], []);
  assert.equal(o.clearPrimary, false);
  assert.deepEqual(o.plan.origins, ['http://a.test']);
});

test('the cleared box names what the worker cleared', () => {
  const doc = popupDocument();
  assert.equal(renderCleared(doc, { ok: false, error: 'injected failure' }), false);
  assert.equal(doc.getElementById('cleared').textContent, 'Clearing failed: injected failure');
  assert.equal(doc.getElementById('cleared').hasAttribute('data-cleared'), false);
  renderCleared(doc, { ok: true, cleared: ['cookies'], origins: ['https://a.test'], cookies: [{ name: 'sid', domain: 'a.test', path: '/' }] });
  assert.equal(doc.getElementById('cleared').getAttribute('data-cleared'), 'cookies');
  assert.match(doc.getElementById('cleared').textContent, /^Cleared cookies for https:\/\/a\.test and reloaded the tab\.1 cookie\(s\) removed:sid \(a\.test\/\)$/);
});

test('the engine\'s plan for a cookie problem is named sign-in data, scoped to the registrable domain', () => {
  const res = answer({
    badge: { text: '401', color: '#b3261e' }, kind: 'auth', action: 'clear-cookies', markdown: '# Auth Doctor report\n',
    clear: { primary: true, origins: ['https://app.shop.test', 'https://api.shop.test'], types: ['cookies', 'localStorage', 'indexedDB'], cookieDomains: ['shop.test'], optional: [] },
    findings: [finding('stale-session-cookie', 'cause', 'Most likely')],
  });
  const { $ } = draw(res);
  assert.ok($('clear').hasAttribute('data-primary'));
  assert.equal($('clear').textContent, 'Clear sign-in data for shop.test');
  assert.match($('clear-note').textContent, /^Removes cookies, local storage and IndexedDB of https:\/\/app\.shop\.test, https:\/\/api\.shop\.test, then reloads the tab\./);
});
