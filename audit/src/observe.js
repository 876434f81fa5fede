// Installed in every frame before the page's own scripts (Page.addScriptToEvaluateOnNewDocument):
// it notes which script writes each cookie and storage key, from the stack of the write, since the
// DevTools protocol reports Set-Cookie headers but not document.cookie or Storage writes.
(() => {
  const log = [];
  Object.defineProperty(window, '__jlConsentAuditWrites', { value: log, enumerable: false });
  const writer = () => {
    const lines = (new Error().stack || '').split('\n').slice(2);
    for (const line of lines) {
      const match = line.match(/(https?:\/\/[^\s)]+):(\d+):(\d+)\)?\s*$/);
      if (match) return `${match[1]}:${match[2]}`;
    }
    return null;
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie && cookie.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(value) {
        const name = String(value).split(';')[0].split('=')[0].trim();
        if (name) log.push({ kind: 'cookie', name, by: writer() });
        cookie.set.call(this, value);
      },
    });
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const kind = this === window.sessionStorage ? 'sessionStorage' : 'localStorage';
    log.push({ kind, name: String(key), by: writer() });
    return setItem.call(this, key, value);
  };
})();
