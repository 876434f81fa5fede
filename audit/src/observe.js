// Installed in every frame before the page's own scripts (Page.addScriptToEvaluateOnNewDocument):
// it tells the audit which script writes each cookie and storage key, from the stack of the write,
// through a protocol binding (so what it reports survives a reload). The DevTools protocol reports
// Set-Cookie headers and storage changes, but not who made them, and nothing of document.cookie.
(() => {
  const binding = '__jlConsentAuditRecord';
  const report = window[binding];
  if (typeof report !== 'function') return;
  try { delete window[binding]; } catch { /* the page cannot reach it either way */ }
  const send = (record) => { try { report(JSON.stringify(record)); } catch { /* never into the page */ } };
  const writer = () => {
    const lines = (new Error().stack || '').split('\n').slice(2);
    for (const line of lines) {
      const match = line.match(/(https?:\/\/[^\s)]+):(\d+):(\d+)\)?\s*$/);
      if (match) return `${match[1]}:${match[2]}`;
    }
    return null;
  };
  // A cookie write deletes when it expires it: Max-Age of zero or less, or an Expires in the past.
  const deletes = (assignment) => {
    if (/;\s*max-age\s*=\s*(-|0+\s*(;|$))/i.test(assignment)) return true;
    const expires = assignment.match(/;\s*expires\s*=\s*([^;]+)/i);
    return !!expires && Date.parse(expires[1]) <= Date.now();
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie && cookie.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(value) {
        const assignment = String(value);
        const name = assignment.split(';')[0].split('=')[0].trim();
        if (name) send({ kind: 'cookie', name, by: writer(), removed: deletes(assignment) });
        cookie.set.call(this, value);
      },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const kind = this === window.sessionStorage ? 'sessionStorage' : 'localStorage';
    send({ kind, name: String(key), by: writer() });
    return setItem.call(this, key, value);
  };
})();
