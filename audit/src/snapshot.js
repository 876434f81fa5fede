// Reads what the page holds at the end of a visit, in one round trip: its storage keys, the
// element behind each address it loads, the addresses of its frames (open shadow roots too), and
// its configuration block.
() => {
  const keys = (storage) => { try { return Object.keys(storage); } catch (e) { return []; } };
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const frames = roots.flatMap((root) => [...root.querySelectorAll('iframe[src]')].map((frame) => frame.src));
  const elements = [];
  for (const el of document.querySelectorAll('script[src],img[src],iframe[src],link[href],source[src],video[src],audio[src],embed[src],object[data]')) {
    const url = el.src || el.href || el.data;
    const tag = el.outerHTML.split('>')[0] + '>';
    if (url) elements.push([String(url), tag.length > 140 ? tag.slice(0, 139) + '…' : tag]);
  }
  const config = document.getElementById('jl-consent-config');
  return {
    origin: location.origin,
    local: keys(window.localStorage),
    session: keys(window.sessionStorage),
    elements,
    frames,
    config: config ? config.textContent : null,
  };
}
