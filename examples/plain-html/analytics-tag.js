// Stand-in for an analytics tag that a partner site runs only with consent. It records when it ran
// and what Google Consent Mode said at that moment, so tests can check the order.
(function () {
  var consent = (window.dataLayer || []).filter(function (entry) {
    return entry && entry[0] === 'consent';
  }).map(function (entry) {
    return { command: entry[1], analytics_storage: entry[2] && entry[2].analytics_storage };
  });
  window.demoTagRuns = (window.demoTagRuns || []).concat([{ at: Date.now(), consent: consent }]);
  document.cookie = '_demo_stats_id=' + Math.random().toString(36).slice(2) + '; path=/';
})();
