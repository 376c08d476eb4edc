// The bridge to the Go engine (authdoctor.wasm): loaded lazily, at most once
// per worker life, on the first failure or popup question — never on ordinary
// pages. Every call takes and returns JSON through globalThis.authdoctor and
// comes back as a value, {ok: true, value} or {ok: false, error}: nothing here
// throws. redactSnapshot is the one redaction the extension has (the
// engine's), with the one fallback for a missing engine.

import './wasm_exec.js'; // an IIFE that sets globalThis.Go

let loading = null;

// engine resolves to {api, version, error}; api is null when the wasm could
// not be loaded (error says why).
export function engine() {
  if (!loading) loading = load();
  return loading;
}

async function load() {
  try {
    if (typeof globalThis.Go !== 'function') throw new Error('wasm_exec.js is missing');
    const go = new globalThis.Go();
    const url = chrome.runtime.getURL('extension/authdoctor.wasm');
    const { instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    go.run(instance); // main() publishes globalThis.authdoctor before it parks
    const api = globalThis.authdoctor;
    if (!api || typeof api.diagnose !== 'function') throw new Error('the engine did not start');
    return { api, version: api.version(''), error: '' };
  } catch (e) {
    console.error('Auth Doctor: engine failed to load', e);
    return { api: null, version: '', error: String((e && e.message) || e) };
  }
}

export const engineStatus = (eng) => ({ loaded: !!eng.api, version: eng.version, error: eng.error });

// call runs one engine function on a JSON value.
export function call(eng, name, input) {
  if (!eng.api) return { ok: false, error: 'the engine is not loaded: ' + (eng.error || 'unknown error') };
  if (typeof eng.api[name] !== 'function') return { ok: false, error: 'the engine has no ' + name + '()', missing: true };
  try {
    const out = JSON.parse(eng.api[name](JSON.stringify(input)));
    if (out && typeof out.error === 'string' && out.error !== '') return { ok: false, error: name + ': ' + out.error };
    return { ok: true, value: out };
  } catch (e) {
    return { ok: false, error: name + ': ' + String((e && e.message) || e) };
  }
}

// triage says which exchanges of a snapshot the engine calls failures:
// {ok, value: {failures: [{exchangeId, kind, badge}], badge}}.
export const triage = (eng, snapshot) => call(eng, 'triage', snapshot);
export const diagnose = (eng, snapshot) => call(eng, 'diagnose', snapshot);

// cookieDomains maps URLs to the registrable domains the jar is read on.
export function cookieDomains(eng, urls) {
  const r = call(eng, 'cookieDomains', urls);
  return r.ok ? { ok: true, value: (r.value && r.value.domains) || [] } : r;
}

// redactSnapshot returns the snapshot's exchanges with every secret in the
// engine's masked form, as the engine decoded them: a standalone preflight it
// linked to its request comes back inside that request. Without the engine nothing can be redacted
// selectively: header values are dropped, and URLs lose userinfo, query and
// fragment. This is the only redaction in the extension.
export function redactSnapshot(eng, snapshot) {
  const r = call(eng, 'redact', snapshot);
  if (r.ok && r.value && Array.isArray(r.value.exchanges)) {
    return r.value.exchanges;
  }
  if (eng.api) console.error('Auth Doctor: redact:', r.error || 'no exchanges in the answer');
  return snapshot.exchanges.map(strip);
}

function strip(w) {
  const s = JSON.parse(JSON.stringify(w));
  const none = (hs) => (hs || []).map((h) => ({ name: h.name, value: '' }));
  s.request.url = bareURL(s.request.url);
  s.request.headers = none(s.request.headers);
  if (s.response) s.response.headers = none(s.response.headers);
  for (const r of s.redirects || []) {
    r.url = bareURL(r.url);
    r.headers = none(r.headers);
  }
  if (s.preflight) s.preflight = strip(s.preflight);
  return s;
}

// bareURL drops userinfo, query and fragment: without the engine, token-like
// parameters cannot be told from harmless ones.
function bareURL(url) {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '';
  }
}
