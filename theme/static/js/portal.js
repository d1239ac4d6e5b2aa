/* Enhancements of the portal theme. The page works without them: each
   component starts from a data-module attribute, once, and a failing one is
   reported in the console without stopping the others. Visible strings come
   from the HTML (data-* attributes), never from here. */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var SIZES = ['90', '100', '112', '125'];
  var DEFAULT_SIZE = 1;
  var SIZE_KEY = 'vnp-text-size';

  function sizeIndex() {
    for (var i = 0; i < SIZES.length; i++) {
      if (root.classList.contains('vnp-text-' + SIZES[i])) return i;
    }
    return DEFAULT_SIZE;
  }

  function setSize(index) {
    SIZES.forEach(function (size) { root.classList.remove('vnp-text-' + size); });
    if (index !== DEFAULT_SIZE) root.classList.add('vnp-text-' + SIZES[index]);
    try {
      if (index === DEFAULT_SIZE) localStorage.removeItem(SIZE_KEY);
      else localStorage.setItem(SIZE_KEY, SIZES[index]);
    } catch (e) { /* storage blocked: the size lasts for this page only */ }
  }

  function isOpen(button) { return button.getAttribute('aria-expanded') === 'true'; }
  function setOpen(button, open) { button.setAttribute('aria-expanded', open ? 'true' : 'false'); }

  var modules = {
    /* Cỡ chữ: A− / A / A+ step through SIZES; the pressed state tells
       whether the text is smaller than, equal to or larger than the default. */
    'text-size': function (group) {
      var buttons = group.querySelectorAll('[data-step]');
      function sync() {
        var index = sizeIndex();
        for (var i = 0; i < buttons.length; i++) {
          var step = Number(buttons[i].getAttribute('data-step'));
          var pressed = step === 0 ? index === DEFAULT_SIZE : (step < 0 ? index < DEFAULT_SIZE : index > DEFAULT_SIZE);
          buttons[i].setAttribute('aria-pressed', String(pressed));
        }
      }
      group.addEventListener('click', function (event) {
        var button = event.target.closest('[data-step]');
        if (!button) return;
        var step = Number(button.getAttribute('data-step'));
        setSize(step === 0 ? DEFAULT_SIZE : Math.max(0, Math.min(SIZES.length - 1, sizeIndex() + step)));
        sync();
      });
      sync();
    },

    /* On phones the menu folds behind the "Danh mục" button. */
    nav: function (nav) {
      var button = nav.querySelector('[data-nav-toggle]');
      if (!button) return;
      setOpen(button, false);
      button.addEventListener('click', function () { setOpen(button, !isOpen(button)); });
    },

    /* A block that folds behind its button on narrow screens (the CSS hides the
       button on wide ones); without JS the block simply stays open. */
    disclosure: function (block) {
      var button = block.querySelector('[data-disclosure-toggle]');
      if (!button) return;
      setOpen(button, false);
      button.addEventListener('click', function () { setOpen(button, !isOpen(button)); });
    },

    /* A menu group ("Tin tức"): a disclosure button; hover also opens it on
       wide screens. Escape closes it, also when it was opened by hover. */
    submenu: function (item) {
      var button = item.querySelector('button');
      if (!button) return;
      setOpen(button, false);
      function close() {
        setOpen(button, false);
      }
      button.addEventListener('click', function () {
        item.classList.remove('vnp-nav__item--dismissed');
        setOpen(button, !isOpen(button));
      });
      item.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape' && event.key !== 'Esc') return;
        if (item.matches(':hover')) item.classList.add('vnp-nav__item--dismissed');
        if (isOpen(button)) { close(); button.focus(); }
      });
      item.addEventListener('mouseleave', function () { item.classList.remove('vnp-nav__item--dismissed'); });
      item.addEventListener('focusout', function (event) {
        if (!item.contains(event.relatedTarget)) close();
      });
      doc.addEventListener('click', function (event) {
        if (!item.contains(event.target)) close();
      });
    },

    print: function (button) {
      button.addEventListener('click', function () { window.print(); });
    },

    'copy-link': function (button) {
      if (!navigator.clipboard) { button.parentNode.removeChild(button); return; }
      var label = button.textContent;
      button.setAttribute('aria-live', 'polite');
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(window.location.href).then(function () {
          button.textContent = button.getAttribute('data-done');
          window.setTimeout(function () { button.textContent = label; }, 4000);
        });
      });
    },

    /* The search page keeps the reader's query in the box. */
    'search-query': function (form) {
      var query = new URLSearchParams(window.location.search).get('q');
      if (query && form.elements.q) form.elements.q.value = query;
    }
  };

  var nodes = doc.querySelectorAll('[data-module]');
  for (var n = 0; n < nodes.length; n++) {
    var node = nodes[n];
    if (node.hasAttribute('data-module-started')) continue;
    node.setAttribute('data-module-started', '');
    var names = node.getAttribute('data-module').split(/\s+/);
    for (var m = 0; m < names.length; m++) {
      if (!modules[names[m]]) continue;
      try {
        modules[names[m]](node);
      } catch (error) {
        if (window.console) window.console.error('portal.js: ' + names[m], error);
      }
    }
  }
})();
