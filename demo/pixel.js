// The demo's stand-in for Jet Leasing's statistics pixel (policy clause 3.3). A real pixel sends
// the IP address, cookies, browser, time, page and referrer to a statistics service; this one only
// records that it ran, so the demo (and the end-to-end tests) can see when the gate let it through.
(function () {
  'use strict';
  var key = 'jl-demo-pixel-runs';
  var runs = 1;
  try {
    runs = Number(window.localStorage.getItem(key) || 0) + 1;
    window.localStorage.setItem(key, String(runs));
  } catch (storageBlocked) { /* the count is only for the demo */ }
  document.documentElement.setAttribute('data-demo-pixel-runs', String(runs));
  document.dispatchEvent(new CustomEvent('demo-pixel-ran', { detail: { runs: runs, page: location.pathname, referrer: document.referrer } }));
})();
