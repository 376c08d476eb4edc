// The worker's message gate: only the extension's own pages may send, and
// every message is checked (types, a tabId that is an integer, an exchangeId
// that is a string, include an array of origins, an Undo token) with an
// error that says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.chrome = { runtime: { getURL: (p) => 'chrome-extension://abc/' + p } };
const { validate, fromExtension, MAX_INCLUDE } = await import('../messages.js');

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = 'chrome-extension://' + ID + '/';

test('only the extension\'s own pages are accepted as senders', () => {
  assert.equal(fromExtension({ id: ID, url: ORIGIN + 'extension/popup.html?tab=3' }, ID, ORIGIN), true);
  assert.equal(fromExtension({ id: ID, url: ORIGIN + 'manifest.json', tab: { id: 9 } }, ID, ORIGIN), true, 'the popup opened in a tab');
  for (const [name, sender] of Object.entries({
    'a web page (content script)': { id: ID, url: 'https://evil.test/', tab: { id: 1 } },
    'another extension': { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/p.html' },
    'another extension claiming our origin': { id: 'zzzz', url: ORIGIN + 'x.html' },
    'no url': { id: ID },
    'a look-alike origin': { id: ID, url: 'chrome-extension://' + ID + 'x/popup.html' },
    'nothing': undefined,
  })) {
    assert.equal(fromExtension(sender, ID, ORIGIN), false, name);
  }
  assert.equal(fromExtension({ id: '', url: '' }, '', ''), false, 'an empty id matches nothing');
});

test('well-formed messages pass', () => {
  for (const m of [
    { type: 'diagnose', tabId: 0 },
    { type: 'record-ids', tabId: 12345 },
    { type: 'clear-site-data', tabId: 4, exchangeId: '', include: [] },
    { type: 'clear-site-data', tabId: 4, exchangeId: '1234.5:p', include: ['https://api.other.test:8443', 'http://x.test'] },
    { type: 'undo-clear', token: 'undo:4:1733300000000:k3j4h5' },
  ]) assert.equal(validate(m), '', JSON.stringify(m));
});

test('malformed messages are refused with the reason', () => {
  const cases = [
    [null, 'not an object'],
    ['diagnose', 'not an object'],
    [[], 'not an object'],
    [{}, 'type must be a string'],
    [{ type: 'steal-cookies' }, 'unknown message type "steal-cookies"'],
    [{ type: 'diagnose' }, 'tabId must be a non-negative integer'],
    [{ type: 'diagnose', tabId: '3' }, 'tabId must be a non-negative integer'],
    [{ type: 'diagnose', tabId: 1.5 }, 'tabId must be a non-negative integer'],
    [{ type: 'record-ids', tabId: -1 }, 'tabId must be a non-negative integer'],
    [{ type: 'diagnose', tabId: NaN }, 'tabId must be a non-negative integer'],
    [{ type: 'clear-site-data', tabId: 1, include: [] }, 'exchangeId must be a string'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: 7, include: [] }, 'exchangeId must be a string'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: 'x'.repeat(300), include: [] }, 'exchangeId is longer than 256 characters'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1' }, 'include must be an array of origins'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1', include: 'https://a.test' }, 'include must be an array of origins'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1', include: ['https://a.test/path'] }, 'include must hold only http(s) origins, got "https://a.test/path"'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1', include: ['chrome://settings'] }, 'include must hold only http(s) origins, got "chrome://settings"'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1', include: [{}] }, 'include must hold only http(s) origins, got "[object Object]"'],
    [{ type: 'clear-site-data', tabId: 1, exchangeId: '1', include: Array(MAX_INCLUDE + 1).fill('https://a.test') }, 'include has more than 32 origins'],
    [{ type: 'undo-clear' }, 'token must be an Undo token (undo:…)'],
    [{ type: 'undo-clear', token: 'tab:4' }, 'token must be an Undo token (undo:…)'],
    [{ type: 'undo-clear', token: 'undo-tab:4' }, 'token must be an Undo token (undo:…)'],
  ];
  for (const [m, want] of cases) assert.equal(validate(m), want, JSON.stringify(m));
});
