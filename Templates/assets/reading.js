// kb: what helps reading a page: the theme switch, and the table of contents kept open on wide
// screens with the section being read marked. No network access: it works from file:// too.
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
