// Injected into every benchmark page before any of its scripts (context.addInitScript), the same
// probe for every variant. It records, in the page's clock (performance.now(), 0 = navigation
// start):
//  - visibleAt: the first frame in which the banner element is in the DOM, has a box that
//    intersects the viewport, is not display:none / visibility:hidden, and has an effective
//    opacity (the product over its ancestors, across shadow roots) above 0 — taken after that
//    frame was painted (a task posted from requestAnimationFrame runs after the paint; see
//    afterPaint);
//  - opaqueAt: the same with effective opacity ≥ 0.99 (the end of any fade-in);
//  - long tasks (PerformanceObserver 'longtask'), layout shifts ('layout-shift'), first
//    contentful paint, the timeStamp of the first trusted click, and the linear memory of the
//    WebAssembly instances the page creates;
//  - the steps of a WebAssembly banner's start-up (the step table): WebAssembly.compile(Streaming)
//    and instantiate(Streaming) from call to result, the module's `mount` export from call to
//    return, and the moment the banner element enters the DOM (a MutationObserver, which follows
//    into the shadow root of any element added with one).
export function probe(banner) {
  if (window.top !== window) return;
  const steps = {
    compileCall: null, compiled: null, instantiateCall: null, instantiated: null, mountStart: null, mountEnd: null, inDom: null,
  };
  const bench = {
    longTasks: [], shifts: [], fcp: null, visibleAt: null, opaqueAt: null, seenAt: null, clickAt: null, errors: [], steps,
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
  // does not include it), and the start-up steps timed. Wraps the compile and instantiate
  // functions; an instance passes through as an Instance whose exports are a copy with `mount`
  // timed (exports are frozen, a Proxy may not change them).
  const instances = [];
  Object.defineProperty(window, '__benchWasmMemory', {
    value: () => instances.reduce((sum, instance) => sum + Object.values(instance.exports)
      .filter((x) => x instanceof WebAssembly.Memory).reduce((s, m) => s + m.buffer.byteLength, 0), 0),
    enumerable: false,
  });
  const timed = (instance) => {
    instances.push(instance);
    const exports = { ...instance.exports };
    const mount = exports.mount;
    if (typeof mount === 'function') {
      exports.mount = (...args) => {
        steps.mountStart ??= performance.now();
        try { return mount(...args); } finally { steps.mountEnd ??= performance.now(); }
      };
    }
    return Object.create(WebAssembly.Instance.prototype, { exports: { value: Object.freeze(exports) } });
  };
  const wrap = (name, call, done, passThrough) => {
    const original = WebAssembly[name];
    if (typeof original !== 'function') return;
    WebAssembly[name] = function (...args) {
      steps[call] ??= performance.now();
      return original.apply(this, args).then((result) => {
        steps[done] ??= performance.now();
        return passThrough(result);
      });
    };
  };
  for (const name of ['compile', 'compileStreaming']) wrap(name, 'compileCall', 'compiled', (module) => module);
  for (const name of ['instantiate', 'instantiateStreaming']) {
    wrap(name, 'instantiateCall', 'instantiated', (result) => (result instanceof WebAssembly.Instance
      ? timed(result)
      : { module: result.module, instance: timed(result.instance) }));
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
  const inDom = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node.shadowRoot) inDom.observe(node.shadowRoot, { childList: true, subtree: true });
    }
    if (steps.inDom === null && find()) {
      steps.inDom = performance.now();
      inDom.disconnect();
    }
  });
  inDom.observe(document, { childList: true, subtree: true });
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
  // Called from a requestAnimationFrame callback: `record` runs in the first task after that
  // frame's paint. A user-blocking task where the Scheduler API exists, so that timers already
  // queued at normal priority (a banner's own work after its paint, such as Yew's effects) do
  // not stand between the paint and the timestamp; a message elsewhere.
  const afterPaint = (record) => {
    if (window.scheduler?.postTask) {
      window.scheduler.postTask(() => record(performance.now()), { priority: 'user-blocking' });
      return;
    }
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
