// The clear-plan choice (record.js choosePlan), which the popup labels its
// button with and the worker clears by: the engine's plan, a cross-site
// origin only when the user ticked it, and the page's origin alone without
// an engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choosePlan, domainsOf, failureOf, CLEAR_TYPES, originOf, cookieKey } from '../record.js';

const report = {
  version: 1,
  badge: { text: 'CORS', color: '#b35c00' },
  failures: [
    {
      exchangeId: '12', kind: 'cors', action: 'none',
      clear: { primary: false, origins: ['https://app.shop.co.uk'], types: CLEAR_TYPES, cookieDomains: ['shop.co.uk', 'other.test'], optional: ['https://api.other.test'] },
    },
    {
      exchangeId: '9', kind: 'auth', action: 'clear-cookies',
      clear: { primary: true, origins: ['https://app.shop.test', 'https://api.shop.test'], types: ['cookies'], cookieDomains: ['shop.test'], optional: [] },
    },
  ],
};

test('failureOf finds the report entry by exchange id', () => {
  assert.equal(failureOf(report, '9').kind, 'auth');
  assert.equal(failureOf(report, 'nope'), null);
  assert.equal(failureOf(null, '9'), null);
});

test('the plan\'s origins, types and cookie domains are cleared; a cross-site origin is not, by default', () => {
  const p = choosePlan(failureOf(report, '12').clear, [], 'https://app.shop.co.uk/page');
  assert.deepEqual(p.origins, ['https://app.shop.co.uk']);
  assert.deepEqual(p.optional, ['https://api.other.test']);
  assert.deepEqual(p.types, CLEAR_TYPES);
  assert.deepEqual(p.cookieDomains, ['shop.co.uk', 'other.test']);
  assert.equal(p.primary, false);
});

test('a ticked optional origin is added; an origin the plan does not offer never is', () => {
  const clear = failureOf(report, '12').clear;
  assert.deepEqual(choosePlan(clear, ['https://api.other.test'], '').origins, ['https://app.shop.co.uk', 'https://api.other.test']);
  assert.deepEqual(choosePlan(clear, ['https://evil.test', 'https://app.shop.co.uk', 'javascript:alert(1)'], '').origins, ['https://app.shop.co.uk']);
});

test('the types follow the plan, and only browsingData types the worker knows', () => {
  const p = choosePlan(failureOf(report, '9').clear, [], '');
  assert.equal(p.primary, true);
  assert.deepEqual(p.types, ['cookies']);
  assert.deepEqual(choosePlan({ origins: ['https://a.test'], types: ['cookies', 'history', 'downloads'] }, [], '').types, ['cookies']);
});

test('origins that are not bare http(s) origins are dropped', () => {
  const p = choosePlan({ origins: ['https://a.test', 'https://a.test/path', 'file:///etc', 'http://b.test:8080'], types: ['cache'] }, [], '');
  assert.deepEqual(p.origins, ['https://a.test', 'http://b.test:8080']);
});

test('without a plan (no engine): the page\'s origin, every type, the jar measured whole', () => {
  const p = choosePlan(null, ['https://api.other.test'], 'https://app.test:8443/page?token=x');
  assert.deepEqual(p, { primary: false, origins: ['https://app.test:8443'], optional: [], types: CLEAR_TYPES, cookieDomains: null });
  assert.deepEqual(choosePlan(null, [], 'chrome://extensions/').origins, []);
});

test('domainsOf names each origin by the engine\'s cookie domain that covers it', () => {
  assert.deepEqual(domainsOf(['https://app.shop.test', 'https://api.shop.test:8443'], ['shop.test']), ['shop.test']);
  assert.deepEqual(domainsOf(['https://a.user.github.io'], ['github.io', 'user.github.io']), ['user.github.io']);
  assert.deepEqual(domainsOf(['https://x.test'], []), ['x.test']);
});

test('originOf and cookieKey', () => {
  assert.equal(originOf('https://u:p@a.test:8443/x?y#z'), 'https://a.test:8443');
  assert.equal(originOf('chrome-extension://abc/popup.html'), '');
  assert.equal(originOf('not a url'), '');
  const c = { name: 'a', domain: '.shop.test', path: '/', storeId: '0' };
  assert.notEqual(cookieKey(c), cookieKey(Object.assign({}, c, { partitionKey: { topLevelSite: 'https://x.test' } })));
  assert.equal(cookieKey(c), cookieKey(Object.assign({ value: 'other', secure: true }, c)));
});
