// The partner page adds a blocked tag of its own later, as single-page apps and tag managers do:
// the widget handles it when (and only when) advertising is granted.
document.addEventListener('DOMContentLoaded', function () {
  setTimeout(function () {
    var late = document.createElement('img');
    late.className = 'late-ad-pixel';
    late.alt = '';
    late.width = 1;
    late.height = 1;
    late.setAttribute('data-consent', 'advertising');
    late.setAttribute('data-src', 'late-pixel.svg');
    document.body.appendChild(late);
  }, 200);
});
