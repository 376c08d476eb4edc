// A tiny stand-in for the DOM, enough for view.js: elements, text nodes,
// attributes, classList, events. Setting innerHTML/outerHTML throws, so a
// test fails if the popup ever parses markup. The document is built from
// popup.html's own elements that carry an id, so the test follows the page.

import { readFileSync } from 'node:fs';

class Text {
  constructor(data) {
    this.data = String(data);
    this.parentNode = null;
  }

  get textContent() {
    return this.data;
  }
}

class ClassList {
  constructor(el) {
    this.el = el;
  }

  get list() {
    return this.el.className.split(/\s+/).filter(Boolean);
  }

  add(c) {
    if (!this.list.includes(c)) this.el.className = this.list.concat(c).join(' ');
  }

  remove(c) {
    this.el.className = this.list.filter((x) => x !== c).join(' ');
  }

  contains(c) {
    return this.list.includes(c);
  }
}

export class Element {
  constructor(tag, doc) {
    this.tagName = tag.toUpperCase();
    this.ownerDocument = doc;
    this.childNodes = [];
    this.parentNode = null;
    this.attrs = new Map();
    this.listeners = {};
    this.className = '';
    this.hidden = false;
    this.disabled = false;
    this.checked = false;
    this.value = '';
    this.classList = new ClassList(this);
  }

  get id() {
    return this.getAttribute('id') || '';
  }

  set id(v) {
    this.setAttribute('id', v);
  }

  get dataset() {
    const out = {};
    for (const [k, v] of this.attrs) {
      if (k.startsWith('data-')) out[k.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = v;
    }
    return out;
  }

  setAttribute(k, v) {
    this.attrs.set(k, String(v));
  }

  getAttribute(k) {
    return this.attrs.has(k) ? this.attrs.get(k) : null;
  }

  hasAttribute(k) {
    return this.attrs.has(k);
  }

  removeAttribute(k) {
    this.attrs.delete(k);
  }

  append(...nodes) {
    for (let n of nodes) {
      if (typeof n === 'string') n = new Text(n);
      if (!(n instanceof Text) && !(n instanceof Element)) throw new TypeError('append: not a node: ' + n);
      n.parentNode = this;
      this.childNodes.push(n);
    }
  }

  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }

  get children() {
    return this.childNodes.filter((n) => n instanceof Element);
  }

  get textContent() {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  set textContent(t) {
    this.replaceChildren(String(t));
  }

  set innerHTML(_) {
    throw new Error('innerHTML set on ' + this.tagName);
  }

  set outerHTML(_) {
    throw new Error('outerHTML set on ' + this.tagName);
  }

  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML on ' + this.tagName);
  }

  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }

  dispatch(type) {
    for (const fn of this.listeners[type] || []) fn({ type, target: this, currentTarget: this });
  }

  click() {
    this.dispatch('click');
  }

  // all lists this element's descendants, depth first.
  all() {
    const out = [];
    for (const c of this.children) out.push(c, ...c.all());
    return out;
  }

  // find returns the descendants matching a predicate.
  find(pred) {
    return this.all().filter(pred);
  }
}

export class Document {
  constructor() {
    this.body = new Element('body', this);
  }

  createElement(tag) {
    return new Element(tag, this);
  }

  createTextNode(t) {
    return new Text(t);
  }

  getElementById(id) {
    return this.body.all().find((e) => e.id === id) || null;
  }
}

// popupDocument is a document with popup.html's elements that have an id
// (tag, id, class, data-action, hidden, disabled), flat under body.
export function popupDocument() {
  const html = readFileSync(new URL('../popup.html', import.meta.url), 'utf8');
  const doc = new Document();
  for (const m of html.matchAll(/<(\w+)([^>]*)>/g)) {
    const attrs = m[2];
    const id = /\bid="([^"]+)"/.exec(attrs);
    if (!id) continue;
    const e = doc.createElement(m[1]);
    e.id = id[1];
    const cls = /\bclass="([^"]+)"/.exec(attrs);
    if (cls) e.className = cls[1];
    const action = /\bdata-action="([^"]+)"/.exec(attrs);
    if (action) e.setAttribute('data-action', action[1]);
    e.hidden = /\shidden\b/.test(attrs);
    e.disabled = /\sdisabled\b/.test(attrs);
    doc.body.append(e);
  }
  return doc;
}
