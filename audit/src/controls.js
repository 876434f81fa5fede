// Finds one of the widget's controls as a visitor would: the first shown element matching one of
// `places` ([host, selector]: inside the open shadow root of a `host` element, or in the document
// itself when host is null), scrolled into view. Returns its centre, null while none is shown or
// while it or a box around it still moves (a banner sliding in: a click at the centre measured
// mid-animation lands beside the button), or {absent: true} when the page has no widget at all
// (neither its API, which its first script defines at once, nor its element).
(places) => {
  if (!window.JetConsent && !document.querySelector('jl-consent')) return { absent: true };
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  for (const [host, selector] of places) {
    for (const root of roots) {
      const inside = host === null ? root === document : root.host && root.host.localName === host;
      if (!inside) continue;
      for (const element of root.querySelectorAll(selector)) {
        element.scrollIntoView({ block: 'center' });
        const box = element.getBoundingClientRect();
        const moving = (root.getAnimations ? root.getAnimations() : []).some(
          (a) => a.playState === 'running' && a.effect && a.effect.target && a.effect.target.contains(element),
        );
        if (moving) return null;
        if (box.width > 0 && box.height > 0) return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
  }
  return null;
}
