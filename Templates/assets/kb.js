// kb: search as you type, "/" to search, sortable tables. No framework and no network access:
// the search index is a set of script files, so that it also loads from file://.
(function () {
  'use strict';
  var root = document.body.getAttribute('data-root') || '';

  // ---- Loading the index: each file calls one of these functions when it runs. ----
  var loaded = {};
  var waiting = {};
  function arrived(name, value) {
    loaded[name] = value;
    (waiting[name] || []).forEach(function (callbacks) { callbacks[0](value); });
    delete waiting[name];
  }
  window.kbSearch = {
    meta: function (meta) { arrived('meta', meta); },
    shard: function (number, postings) { arrived('s' + number, postings); },
    docs: function (number, docs) { arrived('d' + number, docs); }
  };
  function load(name) {
    if (Object.prototype.hasOwnProperty.call(loaded, name)) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve, reject) {
      if (!waiting[name]) {
        waiting[name] = [];
        var script = document.createElement('script');
        script.src = root + 'search/' + name + '.js';
        script.onerror = function () {
          (waiting[name] || []).forEach(function (callbacks) { callbacks[1](new Error('cannot load ' + name)); });
          delete waiting[name];
        };
        document.head.appendChild(script);
      }
      waiting[name].push([resolve, reject]);
    });
  }

  // ---- Tokens: the same rules as SearchTokenizer.swift. ----
  var CJK = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3FFFF}]/u;
  var WORD = /[\p{L}\p{N}]/u;
  // One character at a time, so that offsets do not move: full-width forms to ASCII, then lower case.
  function fold(text) {
    var out = '';
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (code >= 0xFF01 && code <= 0xFF5E) ch = String.fromCodePoint(code - 0xFEE0);
      else if (code === 0x3000) ch = ' ';
      var lower = ch.toLowerCase();
      out += Array.from(lower).length === 1 ? lower : ch;
    }
    return out;
  }
  function tokens(text) {
    var out = [];
    var run = [];
    var runIsCJK = false;
    function flush() {
      if (runIsCJK) {
        if (run.length === 1) out.push({ kind: 'single', text: run[0] });
        for (var i = 0; i + 1 < run.length; i++) out.push({ kind: 'pair', text: run[i] + run[i + 1] });
      } else if (run.length) {
        out.push({ kind: 'word', text: run.join('') });
      }
      run = [];
    }
    for (var ch of fold(text)) {
      var cjk = CJK.test(ch);
      if (cjk || WORD.test(ch)) {
        if (cjk !== runIsCJK) flush();
        runIsCJK = cjk;
        run.push(ch);
      } else {
        flush();
      }
    }
    flush();
    return out;
  }
  var encoder = new TextEncoder();
  function hash(token) {
    var h = 0x811c9dc5;
    encoder.encode(token).forEach(function (byte) { h = Math.imul(h ^ byte, 16777619) >>> 0; });
    return h >>> 0;
  }
  function postings(list) {
    var map = new Map();
    if (!list) return map;
    var doc = 0;
    list.split(',').forEach(function (entry) {
      var parts = entry.split('.');
      doc += parseInt(parts[0], 36);
      map.set(doc, parseInt(parts[1], 36));
    });
    return map;
  }

  // ---- Searching: every token must match; the scores add up. ----
  function search(query, limit) {
    var terms = [];
    tokens(query).forEach(function (token) { if (terms.indexOf(token.text) < 0) terms.push(token.text); });
    terms = terms.slice(0, 12);
    if (!terms.length) return Promise.resolve({ query: query, results: [] });
    return load('meta').then(function (meta) {
      var shardNames = terms.map(function (term) { return 's' + (hash(term) % meta.shards); });
      return Promise.all(shardNames.map(load)).then(function (shards) {
        var lists = terms.map(function (term, i) { return postings(shards[i][term]); });
        var scores = new Map();
        lists[0].forEach(function (weight, doc) {
          var total = weight;
          for (var i = 1; i < lists.length; i++) {
            if (!lists[i].has(doc)) return;
            total += lists[i].get(doc);
          }
          scores.set(doc, total);
        });
        var ranked = Array.from(scores.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        ranked = ranked.slice(0, limit);
        var chunks = [];
        ranked.forEach(function (entry) {
          var chunk = Math.floor(entry[0] / meta.chunk);
          if (chunks.indexOf(chunk) < 0) chunks.push(chunk);
        });
        return Promise.all(chunks.map(function (chunk) { return load('d' + chunk); })).then(function () {
          return {
            query: query,
            results: ranked.map(function (entry) {
              var doc = loaded['d' + Math.floor(entry[0] / meta.chunk)][entry[0] % meta.chunk];
              return { title: doc[0], url: doc[1], type: doc[2], aliases: doc[3], headings: doc[4], text: doc[5], score: entry[1] };
            })
          };
        });
      });
    });
  }

  // ---- Showing results with the matching words marked. ----
  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function needles(query) {
    var list = [];
    fold(query).split(/[^\p{L}\p{N}]+/u).forEach(function (part) { if (part) list.push(part); });
    tokens(query).forEach(function (token) { if (token.text.length > 1) list.push(token.text); });
    return list.sort(function (a, b) { return b.length - a.length; });
  }
  function mark(text, query) {
    var lower = text.toLowerCase();
    var ranges = [];
    needles(query).forEach(function (needle) {
      var from = 0;
      var at;
      while ((at = lower.indexOf(needle, from)) >= 0) {
        var end = at + needle.length;
        if (!ranges.some(function (r) { return at < r[1] && end > r[0]; })) ranges.push([at, end]);
        from = end;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var html = '';
    var cursor = 0;
    ranges.forEach(function (r) {
      html += escapeHTML(text.slice(cursor, r[0])) + '<mark>' + escapeHTML(text.slice(r[0], r[1])) + '</mark>';
      cursor = r[1];
    });
    return html + escapeHTML(text.slice(cursor));
  }
  function snippet(result, query) {
    var sources = [result.text, result.headings, result.aliases];
    var lowerNeedles = needles(query);
    for (var s = 0; s < sources.length; s++) {
      var lower = sources[s].toLowerCase();
      for (var n = 0; n < lowerNeedles.length; n++) {
        var at = lower.indexOf(lowerNeedles[n]);
        if (at >= 0) {
          var start = Math.max(0, at - 30);
          var piece = sources[s].slice(start, at + 70).replace(/\s+/g, ' ');
          return (start > 0 ? '…' : '') + mark(piece, query) + '…';
        }
      }
    }
    return escapeHTML(result.text.slice(0, 90).replace(/\s+/g, ' ')) + (result.text.length > 90 ? '…' : '');
  }
  function item(result, query) {
    return '<a class="search-result" href="' + escapeHTML(root + result.url) + '">' +
      '<span class="search-title">' + mark(result.title, query) + '</span>' +
      (result.type ? ' <span class="search-type">' + escapeHTML(result.type) + '</span>' : '') +
      (result.aliases ? ' <span class="search-aliases">' + mark(result.aliases, query) + '</span>' : '') +
      '<span class="search-snippet">' + snippet(result, query) + '</span></a>';
  }

  // For other scripts and for the tests: search, and the HTML a result shows.
  window.kbSearch.query = search;
  window.kbSearch.mark = mark;
  window.kbSearch.snippet = snippet;

  var input = document.getElementById('search-input');
  var box = document.getElementById('search-results');
  var pageResults = document.getElementById('search-page-results');
  var latest = 0;
  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) { box.hidden = true; box.innerHTML = ''; return; }
    search(query, 8).then(function (found) {
      if (ticket !== latest) return;
      box.innerHTML = found.results.length
        ? found.results.map(function (r) { return item(r, query); }).join('')
        : '<p class="search-empty">∅</p>';
      box.hidden = false;
    }, function () { box.hidden = true; });
  }
  if (input && box) {
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 60);
    });
    input.addEventListener('focus', function () { load('meta').catch(function () {}); });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') { box.hidden = true; input.blur(); }
      if (event.key === 'ArrowDown') {
        var first = box.querySelector('a');
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    box.addEventListener('keydown', function (event) {
      var links = Array.prototype.slice.call(box.querySelectorAll('a'));
      var at = links.indexOf(document.activeElement);
      if (event.key === 'ArrowDown' && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === 'ArrowUp') { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === 'Escape') { box.hidden = true; input.focus(); }
    });
    document.addEventListener('click', function (event) {
      if (!event.target.closest || !event.target.closest('.search-form')) box.hidden = true;
    });
    document.addEventListener('keydown', function (event) {
      var tag = (event.target.tagName || '').toLowerCase();
      if (event.key === '/' && tag !== 'input' && tag !== 'textarea' && !event.target.isContentEditable) {
        event.preventDefault();
        input.focus();
      }
    });
  }
  if (pageResults && input) {
    var query = new URLSearchParams(location.search).get('q') || '';
    input.value = query;
    if (query.trim()) {
      search(query, 50).then(function (found) {
        pageResults.innerHTML = found.results.map(function (r) { return '<li>' + item(r, query) + '</li>'; }).join('') ||
          '<li class="search-empty">∅</li>';
      });
    }
  }

  // ---- Sortable tables: click a column header; the first click sorts ascending. ----
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.hasAttribute('data-numeric');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort') || '';
          var y = b.cells[column].getAttribute('data-sort') || '';
          if (x === '' || y === '') return (x === '') - (y === '');
          var order = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
