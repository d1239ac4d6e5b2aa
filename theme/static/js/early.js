/* Runs in <head> before the first paint: tells the CSS that scripts run
   (js-enabled gates the JS-only controls) and restores the reader's text size. */
(function (root) {
  root.className += ' js-enabled';
  try {
    var size = window.localStorage.getItem('vnp-text-size');
    if (size === '90' || size === '112' || size === '125') root.className += ' vnp-text-' + size;
  } catch (e) { /* storage blocked: keep the default size */ }
})(document.documentElement);
