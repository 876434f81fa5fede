// Injected into every benchmark page before any of its scripts (context.addInitScript), the same
// probe for all five variants. It records, in the page's clock (performance.now(), 0 = navigation
// start):
//  - visibleAt: the first frame in which the banner element is in the DOM, has a box that
//    intersects the viewport, is not display:none / visibility:hidden, and has an effective
//    opacity (the product over its ancestors, across shadow roots) above 0 — taken after that
//    frame was painted (a message posted from requestAnimationFrame runs after the paint);
//  - opaqueAt: the same with effective opacity ≥ 0.99 (the end of any fade-in);
//  - long tasks (PerformanceObserver 'longtask'), layout shifts ('layout-shift'), first
//    contentful paint, the timeStamp of the first trusted click, and the linear memory of the
//    WebAssembly instances the page creates.
export function probe(banner) {
  if (window.top !== window) return;
  const bench = {
    longTasks: [], shifts: [], fcp: null, visibleAt: null, opaqueAt: null, seenAt: null, clickAt: null, errors: [],
  };
  Object.defineProperty(window, '__bench', { value: bench, enumerable: false });

  const observe = (type, onEntry) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
    } catch (error) {
      bench.errors.push(`${type}: ${error.message}`);
    }
  };
  observe('longtask', (e) => bench.longTasks.push({ start: e.startTime, duration: e.duration }));
  observe('layout-shift', (e) => bench.shifts.push({ start: e.startTime, value: e.value, input: e.hadRecentInput }));
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') bench.fcp = e.startTime; });

  // WebAssembly instances the page creates, so their linear memory can be counted (the JS heap
  // does not include it). Wraps the two instantiate functions; the results pass through unchanged.
  const instances = [];
  Object.defineProperty(window, '__benchWasmMemory', {
    value: () => instances.reduce((sum, instance) => sum + Object.values(instance.exports)
      .filter((x) => x instanceof WebAssembly.Memory).reduce((s, m) => s + m.buffer.byteLength, 0), 0),
    enumerable: false,
  });
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        instances.push(result instanceof WebAssembly.Instance ? result : result.instance);
        return result;
      });
    };
  }

  addEventListener('click', (event) => {
    if (event.isTrusted && bench.clickAt === null) bench.clickAt = event.timeStamp;
  }, true);

  const find = () => {
    let root = document;
    if (banner.host) {
      const host = document.querySelector(banner.host);
      if (!host || !host.shadowRoot) return null;
      root = host.shadowRoot;
    }
    return root.querySelector(banner.selector);
  };
  const effectiveOpacity = (element) => {
    let opacity = 1;
    for (let node = element; node; node = node.parentNode || node.host) {
      if (node.nodeType === 1) opacity *= parseFloat(getComputedStyle(node).opacity);
    }
    return opacity;
  };
  const shownOpacity = (element) => {
    if (!element || !element.isConnected) return 0;
    const box = element.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return 0;
    if (box.bottom <= 0 || box.right <= 0 || box.top >= innerHeight || box.left >= innerWidth) return 0;
    if (!element.checkVisibility({ visibilityProperty: true })) return 0;
    return effectiveOpacity(element);
  };
  const afterPaint = (record) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => record(performance.now());
    channel.port2.postMessage(null);
  };
  const frame = () => {
    const element = find();
    if (element && bench.seenAt === null) bench.seenAt = performance.now();
    const opacity = shownOpacity(element);
    if (opacity > 0 && bench.visibleAt === null) {
      bench.visibleAt = -1; // pending until the paint
      afterPaint((t) => { bench.visibleAt = t; });
    }
    if (opacity >= 0.99 && bench.opaqueAt === null) {
      bench.opaqueAt = -1;
      afterPaint((t) => { bench.opaqueAt = t; });
    }
    if (bench.opaqueAt === null && performance.now() < 60000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
