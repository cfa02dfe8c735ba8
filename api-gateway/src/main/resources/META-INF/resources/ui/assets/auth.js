'use strict';
// The API key and calls to /v1. The key is kept in this tab's sessionStorage and only ever sent
// in an Authorization header: never in a URL, a cookie or the page. Every page starts here.
(function () {
  const KEY = 'scalingar.apiKey';

  class Unauthorized extends Error {}

  /** Calls the API with the key; resolves to {status, body} (body parsed when JSON); a 401 forgets the key. */
  async function call(path, options = {}) {
    const key = sessionStorage.getItem(KEY);
    if (!key) {
      throw new Unauthorized('no API key');
    }
    const headers = Object.assign({Accept: 'application/json'}, options.headers || {}, {Authorization: 'Bearer ' + key});
    const response = await fetch(path, Object.assign({}, options, {headers, cache: 'no-store'}));
    const type = response.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await response.json() : await response.text();
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      askForKey('The API key was refused (401): ' + ((body && body.detail) || 'not valid'));
      throw new Unauthorized('401');
    }
    return {status: response.status, body};
  }

  let started = null;

  function askForKey(message) {
    document.getElementById('main').hidden = true;
    document.getElementById('forget-key').hidden = true;
    document.getElementById('key-section').hidden = false;
    document.getElementById('key-error').textContent = message || '';
    document.getElementById('api-key').focus();
  }

  function showPage() {
    document.getElementById('key-section').hidden = true;
    document.getElementById('forget-key').hidden = false;
    document.getElementById('main').hidden = false;
    if (started) {
      started();
    }
  }

  /** Runs {@code start} once a key is known: now, or after the person entered one. */
  function onKey(start) {
    started = start;
    document.getElementById('key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const input = document.getElementById('api-key');
      const key = input.value.trim();
      if (!key) {
        document.getElementById('key-error').textContent = 'Enter your API key.';
        return;
      }
      sessionStorage.setItem(KEY, key);
      input.value = '';
      showPage();
    });
    document.getElementById('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      askForKey('');
    });
    if (sessionStorage.getItem(KEY)) {
      showPage();
    } else {
      askForKey('');
    }
  }

  /** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
  function age(iso) {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }

  /** A new element with text content (never HTML: prompts and ids are data). */
  function el(tag, text, attributes) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }

  const number = new Intl.NumberFormat('en');

  window.ScalingAR = {call, onKey, Unauthorized, age, el, fmt: (n) => number.format(n)};
})();
