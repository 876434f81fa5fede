// The demo site's own behaviour: the "pixel" status line in the footer and a form that goes nowhere.
(function () {
  'use strict';
  function showPixelStatus() {
    var status = document.getElementById('demo-pixel-status');
    if (!status) return;
    var runs = document.documentElement.getAttribute('data-demo-pixel-runs');
    status.textContent = runs
      ? 'пиксель загружен на этой странице (всего запусков в этом браузере: ' + runs + ')'
      : 'пиксель не загружен';
    status.setAttribute('data-state', runs ? 'loaded' : 'blocked');
  }
  document.addEventListener('demo-pixel-ran', showPixelStatus);
  document.addEventListener('DOMContentLoaded', function () {
    showPixelStatus();
    var form = document.getElementById('lead-form');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var note = document.getElementById('lead-form-note');
        if (note) note.textContent = 'Это демонстрационная страница: заявка никуда не отправлена.';
      });
    }
  });
})();
