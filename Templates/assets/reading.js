// kb: what helps reading a page: the theme switch, link previews, and the table of contents kept
// open on wide screens with the section being read marked. No network access: it works from
// file:// too.
(function () {
  'use strict';

  // ---- Theme: light, dark, or the system's; remembered. The layout's first script applies the
  // remembered choice before anything is drawn, so that a dark page never flashes light. ----
  var themeSwitch = document.getElementById('theme-switch');
  if (themeSwitch) {
    var stored = null;
    try { stored = localStorage.getItem('kb-theme'); } catch (error) { /* storage refused */ }
    themeSwitch.value = stored === 'light' || stored === 'dark' ? stored : 'system';
    themeSwitch.hidden = false;
    themeSwitch.addEventListener('change', function () {
      var theme = themeSwitch.value;
      // The attribute picks kb's palette; color-scheme, the browser's own controls and scroll bars.
      if (theme === 'system') document.documentElement.removeAttribute('data-theme');
      else document.documentElement.setAttribute('data-theme', theme);
      document.documentElement.style.colorScheme = theme === 'system' ? '' : theme;
      try {
        if (theme === 'system') localStorage.removeItem('kb-theme');
        else localStorage.setItem('kb-theme', theme);
      } catch (error) { /* the choice lasts for this page only */ }
    });
  }

  // ---- Link previews: hovering or focusing a link to a note shows its title, type, summary and
  // opening. The notes are in script files (LinkPreviews.swift), found by a hash of the page's
  // path. A mouse or a pen shows them, and focus from the keyboard; a touch, which follows the
  // link, does not. ----
  (function () {
    var rootURL = new URL(document.body.getAttribute('data-root') || '', location.href).href;
    var loads = {};
    var arrived = {};
    window.kbPreviews = {
      meta: function (count) { if (arrived.index) arrived.index(count); },
      chunk: function (number, notes) { if (arrived['p' + number]) arrived['p' + number](notes); }
    };
    function load(name) {
      if (!loads[name]) {
        loads[name] = new Promise(function (resolve, reject) {
          arrived[name] = resolve;
          var script = document.createElement('script');
          script.src = rootURL + 'previews/' + name + '.js';
          script.onerror = reject;
          document.head.appendChild(script);
        });
      }
      return loads[name];
    }
    // FNV-1a over UTF-8, as StableHash.swift.
    function hash(text) {
      var value = 2166136261;
      new TextEncoder().encode(text).forEach(function (byte) {
        value = Math.imul(value ^ byte, 16777619) >>> 0;
      });
      return value;
    }
    // The page a link leads to, relative to the site's root; null for another site or this page.
    function pageOf(link) {
      var url = link.href.split('#')[0].split('?')[0];
      if (url.indexOf(rootURL) !== 0 || url === location.href.split('#')[0].split('?')[0]) return null;
      try { return decodeURIComponent(url.slice(rootURL.length)); } catch (error) { return null; }
    }

    var card = document.createElement('div');
    card.className = 'preview';
    card.id = 'kb-preview';
    card.setAttribute('role', 'tooltip');
    card.hidden = true;
    document.body.appendChild(card);
    var shown = null;
    var timer = null;

    function show(link, note) {
      card.textContent = '';
      var title = document.createElement('strong');
      title.textContent = note[0];
      card.appendChild(title);
      if (note[1]) {
        var type = document.createElement('span');
        type.className = 'preview-type';
        type.textContent = note[1];
        card.appendChild(document.createTextNode(' '));
        card.appendChild(type);
      }
      [[note[2], 'summary'], [note[3], '']].forEach(function (part) {
        if (!part[0]) return;
        var paragraph = document.createElement('p');
        paragraph.className = part[1];
        paragraph.textContent = part[0];
        card.appendChild(paragraph);
      });
      card.hidden = false;
      var box = link.getBoundingClientRect();
      var width = card.offsetWidth;
      var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
      var below = box.bottom + card.offsetHeight + 8 <= window.innerHeight || box.top < card.offsetHeight + 8;
      card.style.left = left + window.scrollX + 'px';
      card.style.top = (below ? box.bottom + 6 : box.top - card.offsetHeight - 6) + window.scrollY + 'px';
      link.setAttribute('aria-describedby', card.id);
      shown = link;
    }
    function hide() {
      clearTimeout(timer);
      card.hidden = true;
      if (shown) shown.removeAttribute('aria-describedby');
      shown = null;
    }
    function preview(link, delay) {
      var page = pageOf(link);
      if (!page || !/\.html$/.test(page)) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        load('index').then(function (count) {
          return load('p' + hash(page) % count);
        }).then(function (notes) {
          var note = notes[page];
          if (note && (link.matches(':hover') || link.matches(':focus-visible'))) show(link, note);
        }, function () { /* no previews here: the link still works */ });
      }, delay);
    }
    var main = document.getElementById('main');
    if (!main) return;
    main.addEventListener('pointerover', function (event) {
      if (event.pointerType === 'touch') return;
      var link = event.target.closest('a[href]');
      if (link && link !== shown) preview(link, 300);
    });
    main.addEventListener('pointerout', function (event) {
      var link = event.target.closest('a[href]');
      if (link && !link.contains(event.relatedTarget)) hide();
    });
    main.addEventListener('focusin', function (event) {
      var link = event.target.closest('a[href]');
      if (link && link.matches(':focus-visible')) preview(link, 0);
    });
    main.addEventListener('focusout', hide);
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && shown) hide();
    });
  })();

  // ---- Table of contents: folded above the text on narrow screens, open beside it on wide ones. ----
  var toc = document.querySelector('details.toc');
  if (!toc) return;
  var narrow = window.matchMedia('(max-width: 52rem)');
  if (!narrow.matches) toc.open = true;

  // The section being read is the last whose heading has passed the top third of the window.
  var links = Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]'));
  var headings = links.map(function (link) {
    var id = link.getAttribute('href').slice(1);
    return document.getElementById(id) || document.getElementById(decodeURIComponent(id));
  });
  var current = null;
  function mark() {
    var line = window.innerHeight * 0.34;
    var reading = null;
    headings.forEach(function (heading, position) {
      if (heading && heading.getBoundingClientRect().top <= line) reading = links[position];
    });
    if (reading === current) return;
    if (current) current.removeAttribute('aria-current');
    current = reading;
    if (!current) return;
    current.setAttribute('aria-current', 'location');
    // Keep the marked entry visible in a table of contents taller than the window.
    if (toc.open && !narrow.matches) {
      var box = toc.getBoundingClientRect();
      var entry = current.getBoundingClientRect();
      if (entry.top < box.top || entry.bottom > box.bottom) toc.scrollTop += entry.top - box.top - box.height / 3;
    }
  }
  if ('IntersectionObserver' in window) {
    // A heading crossing the top third changes the section; the observer says when, mark() which.
    var observer = new IntersectionObserver(mark, { rootMargin: '0px 0px -66% 0px' });
    headings.forEach(function (heading) { if (heading) observer.observe(heading); });
  } else {
    window.addEventListener('scroll', mark, { passive: true });
  }
  mark();
})();
