// worthRecording (capture.js) against the engine's own verdicts: Go writes
// vocab_cases.json (go generate ./diagnose) with, for each exchange, whether
// Diagnose reports it (engineFails) and whether the Go twin of the pre-filter
// (diagnose.Vocabulary.Covers) records it (covered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { worthRecording } from '../capture.js';

const cases = JSON.parse(readFileSync(new URL('./vocab_cases.json', import.meta.url), 'utf8'));

test('the engine wrote cases, with failures and successes among them', () => {
  assert.ok(cases.length > 50, cases.length + ' cases');
  assert.ok(cases.some((c) => c.engineFails));
  assert.ok(cases.some((c) => !c.engineFails));
});

test('worthRecording is true for every exchange the engine calls a failure', () => {
  const missed = cases.filter((c) => c.engineFails && !worthRecording(c.exchange)).map((c) => c.name);
  assert.deepEqual(missed, []);
});

test('worthRecording agrees with the engine\'s Go twin on every case', () => {
  const differ = cases.filter((c) => worthRecording(c.exchange) !== c.covered)
    .map((c) => c.name + ': js ' + worthRecording(c.exchange) + ', go ' + c.covered);
  assert.deepEqual(differ, []);
});

test('a plain success is not worth recording', () => {
  const ok = { id: '1', request: { url: 'https://a.test/', method: 'GET', headers: [] }, response: { status: 200, headers: [] }, error: '', redirects: [] };
  assert.equal(worthRecording(ok), false);
  assert.equal(worthRecording(Object.assign({}, ok, { response: { status: 404, headers: [] } })), false);
  assert.equal(worthRecording(Object.assign({}, ok, { response: null, error: 'net::ERR_ABORTED' })), false);
});
