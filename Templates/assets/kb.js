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
    docs: function (number, docs) { arrived('d' + number, docs); },
    fold: function (pairs) { arrived('fold', pairs); },
    words: function (name, words) { arrived(name, words); }
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
  // Traditional characters to simplified, from search/fold.js (OpenCC's table, written by kb):
  // loaded before the first query that holds a Chinese character.
  var simplified = null;
  function variants() {
    if (simplified) return Promise.resolve(simplified);
    return load('fold').then(function (pairs) {
      var table = new Map();
      var characters = Array.from(pairs);
      for (var i = 0; i + 1 < characters.length; i += 2) table.set(characters[i], characters[i + 1]);
      simplified = table;
      return table;
    }, function () { simplified = new Map(); return simplified; });
  }
  // One character at a time, so that offsets do not move: full-width forms to ASCII, lower case,
  // traditional Chinese to simplified (each mapping keeps the UTF-16 length).
  function fold(text) {
    var out = '';
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (code >= 0xFF01 && code <= 0xFF5E) ch = String.fromCodePoint(code - 0xFEE0);
      else if (code === 0x3000) ch = ' ';
      else if (simplified && simplified.has(ch)) ch = simplified.get(ch);
      var lower = ch.toLowerCase();
      out += Array.from(lower).length === 1 && lower.length === ch.length ? lower : ch;
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
  // The query's terms: its tokens, once each, with a run of single letters read as the initials
  // of a pinyin name (`t x q w` is `txqw`).
  function queryTerms(query) {
    var terms = [];
    var letters = [];
    function add(text) { if (terms.indexOf(text) < 0) terms.push(text); }
    function flushLetters() {
      if (letters.length > 1) add(letters.join(''));
      else letters.forEach(add);
      letters = [];
    }
    tokens(query).forEach(function (token) {
      if (token.kind === 'word' && /^[a-z]$/.test(token.text)) { letters.push(token.text); return; }
      flushLetters();
      add(token.text);
    });
    flushLetters();
    return terms.slice(0, 12);
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

  // ---- Typos: words of 5 letters or more, within 1 edit (2 from 9 letters), first letter kept. ----
  var CORRECTABLE = /^\p{L}{5,32}$/u;
  // Optimal string alignment: insertions, deletions, substitutions and swaps of two neighbours.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }
  // The nearest words of the vocabulary, the most common first (at most three).
  function corrections(word) {
    var letters = Array.from(word);
    if (!CORRECTABLE.test(word) || CJK.test(word)) return Promise.resolve([]);
    var limit = letters.length >= 9 ? 2 : 1;
    var names = [];
    for (var length = Math.max(5, letters.length - limit); length <= Math.min(32, letters.length + limit); length++) {
      names.push('w' + letters[0].codePointAt(0).toString(36) + '-' + length);
    }
    return Promise.all(names.map(function (name) { return load(name).catch(function () { return {}; }); })).then(function (groups) {
      var found = [];
      var nearest = limit;
      groups.forEach(function (group) {
        Object.keys(group).forEach(function (candidate) {
          if (candidate === word) return;
          var d = distance(letters, Array.from(candidate), nearest);
          if (d > nearest) return;
          if (d < nearest) { nearest = d; found = []; }
          found.push({ word: candidate, count: group[candidate] });
        });
      });
      found.sort(function (a, b) { return b.count - a.count || (a.word < b.word ? -1 : 1); });
      return found.slice(0, 3).map(function (entry) { return entry.word; });
    });
  }

  // ---- Searching: notes that hold every term first, then those that hold most of them; a term
  // corrected from a typo counts half, and below every exact match. ----
  function lookup(meta, term) {
    return load('s' + (hash(term) % meta.shards)).then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, term) ? postings(shard[term]) : new Map();
    });
  }
  function search(query, limit) {
    var ready = CJK.test(query) ? variants() : Promise.resolve();
    return Promise.all([ready, load('meta')]).then(function (values) {
      var terms = queryTerms(query);
      if (!terms.length) return { query: query, results: [], total: 0, suggestion: null, corrections: [] };
      return rank(values[1], query, terms, limit);
    });
  }
  function rank(meta, query, terms, limit) {
    return Promise.all(terms.map(function (term) { return lookup(meta, term); })).then(function (exact) {
      // A term that matches nothing may be a typo: its corrections' postings stand in for it.
      return Promise.all(terms.map(function (term, i) {
        if (exact[i].size) return { words: [], lists: [] };
        return corrections(term).then(function (words) {
          return Promise.all(words.map(function (word) { return lookup(meta, word); })).then(function (lists) {
            return { words: words, lists: lists };
          });
        });
      })).then(function (fuzzy) {
        var matches = new Map();
        terms.forEach(function (term, i) {
          exact[i].forEach(function (weight, doc) {
            var match = matches.get(doc) || { doc: doc, parts: 0, exact: 0, score: 0 };
            match.parts++; match.exact++; match.score += weight;
            matches.set(doc, match);
          });
          var best = new Map();
          fuzzy[i].lists.forEach(function (list) {
            list.forEach(function (weight, doc) { best.set(doc, Math.max(best.get(doc) || 0, weight)); });
          });
          best.forEach(function (weight, doc) {
            var match = matches.get(doc) || { doc: doc, parts: 0, exact: 0, score: 0 };
            match.parts++; match.score += weight / 2;
            matches.set(doc, match);
          });
        });
        var all = terms.length;
        var ranked = Array.from(matches.values()).filter(function (match) {
          return match.parts === all || (all > 1 && match.parts * 2 >= all);
        }).sort(function (a, b) {
          return b.parts - a.parts || b.exact - a.exact || b.score - a.score || a.doc - b.doc;
        });
        var total = ranked.length;
        var corrected = fuzzy.some(function (f) { return f.words.length; });
        var whole = ranked.length && ranked[0].exact === all;
        var suggestion = null;
        if (corrected && !whole) {
          suggestion = terms.map(function (term, i) { return fuzzy[i].words[0] || term; }).join(' ');
        }
        ranked = ranked.slice(0, limit);
        var chunks = [];
        ranked.forEach(function (match) {
          var chunk = Math.floor(match.doc / meta.chunk);
          if (chunks.indexOf(chunk) < 0) chunks.push(chunk);
        });
        return Promise.all(chunks.map(function (chunk) { return load('d' + chunk); })).then(function () {
          return {
            query: query,
            total: total,
            suggestion: suggestion,
            corrections: [].concat.apply([], fuzzy.map(function (f) { return f.words; })),
            results: ranked.map(function (match) {
              var doc = loaded['d' + Math.floor(match.doc / meta.chunk)][match.doc % meta.chunk];
              return {
                title: doc[0], url: doc[1], type: doc[2], aliases: doc[3], headings: doc[4], text: doc[5],
                score: match.score, partial: match.parts < all, corrected: match.exact < match.parts
              };
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
  // What to mark: the query's words, its Chinese pairs and lone characters, and the corrections.
  function needles(query, extra) {
    var list = [];
    fold(query).split(/[^\p{L}\p{N}]+/u).forEach(function (part) { if (part) list.push(part); });
    tokens(query).forEach(function (token) { if (token.text.length > 1 || token.kind === 'single') list.push(token.text); });
    (extra || []).forEach(function (word) { list.push(word); });
    return list.sort(function (a, b) { return b.length - a.length; });
  }
  function mark(text, query, extra) {
    var lower = fold(text);
    var ranges = [];
    needles(query, extra).forEach(function (needle) {
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
  function snippet(result, query, extra) {
    var sources = [result.text, result.headings, result.aliases];
    var list = needles(query, extra);
    for (var s = 0; s < sources.length; s++) {
      var lower = fold(sources[s]);
      for (var n = 0; n < list.length; n++) {
        var at = lower.indexOf(list[n]);
        if (at >= 0) {
          var start = Math.max(0, at - 30);
          var piece = sources[s].slice(start, at + 70).replace(/\s+/g, ' ');
          return (start > 0 ? '…' : '') + mark(piece, query, extra) + '…';
        }
      }
    }
    return escapeHTML(result.text.slice(0, 90).replace(/\s+/g, ' ')) + (result.text.length > 90 ? '…' : '');
  }
  function item(result, found, attributes) {
    var query = found.query;
    var extra = found.corrections;
    return '<a class="search-result" href="' + escapeHTML(root + result.url) + '"' + (attributes || '') + '>' +
      '<span class="search-title">' + mark(result.title, query, extra) + '</span>' +
      (result.type ? ' <span class="search-type">' + escapeHTML(result.type) + '</span>' : '') +
      (result.aliases ? ' <span class="search-aliases">' + mark(result.aliases, query, extra) + '</span>' : '') +
      '<span class="search-snippet">' + snippet(result, query, extra) + '</span></a>';
  }
  // The line above the results, in the site's language (labels from the search form's data-*).
  function fill(template, values) {
    return escapeHTML(template || '').replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }
  function summary(found, labels) {
    var html = found.total
      ? fill(labels.count, { count: String(found.total) })
      : fill(labels.nothing, { query: escapeHTML(found.query) });
    if (found.suggestion) {
      html += ' ' + fill(labels.didYouMean, {
        suggestion: '<button type="button" class="search-suggestion">' + escapeHTML(found.suggestion) + '</button>'
      });
    }
    return html;
  }
  // What the live region says: the count or the message, never the results themselves.
  function announcement(found, labels) {
    var text = found.total ? fill(labels.count, { count: String(found.total) }) : fill(labels.nothing, { query: escapeHTML(found.query) });
    if (found.suggestion) text += ' ' + fill(labels.didYouMean, { suggestion: escapeHTML(found.suggestion) });
    return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  // For other scripts and for the tests: search, and the HTML a result shows.
  window.kbSearch.query = search;
  window.kbSearch.mark = mark;
  window.kbSearch.snippet = snippet;
  window.kbSearch.summary = summary;

  // ---- The search box: the ARIA combobox pattern (focus stays in the box; the arrows move
  // aria-activedescendant over the options; Enter opens one; Escape closes the list). ----
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var listbox = document.getElementById('search-results');
  // A layout of its own may have only the box and the list: the rest is optional.
  var panel = document.getElementById('search-panel') || listbox;
  var heading = document.getElementById('search-summary');
  var status = document.getElementById('search-status');
  var pageResults = document.getElementById('search-page-results');
  var pageSummary = document.getElementById('search-page-summary');
  var labels = {
    count: form && form.getAttribute('data-count'),
    nothing: form && form.getAttribute('data-nothing'),
    didYouMean: form && form.getAttribute('data-did-you-mean')
  };
  var latest = 0;
  var current = null;
  var active = -1;
  var spoken = '';
  var speakTimer = null;
  function setExpanded(open) {
    panel.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) { active = -1; input.removeAttribute('aria-activedescendant'); }
  }
  function renderOptions() {
    listbox.innerHTML = current.results.map(function (result, i) {
      // The link is the option itself (an option holding a link would be a control inside a
      // control); the item around it is only a list item, hidden from the listbox's tree.
      return '<li role="none"' + (result.partial || result.corrected ? ' class="search-near"' : '') + '>' +
        item(result, current, ' role="option" id="search-option-' + i + '" aria-selected="' + (i === active) +
          '" tabindex="-1"') + '</li>';
    }).join('');
  }
  function moveTo(index) {
    if (!current || !current.results.length) return;
    active = index;
    renderOptions();
    if (active < 0) { input.removeAttribute('aria-activedescendant'); return; }
    input.setAttribute('aria-activedescendant', 'search-option-' + active);
    var option = document.getElementById('search-option-' + active);
    if (option && option.scrollIntoView) option.scrollIntoView({ block: 'nearest' });
  }
  // Spoken once typing pauses, and only when it changed: a screen reader is not made to read
  // every result at every key.
  function speak(text) {
    clearTimeout(speakTimer);
    speakTimer = setTimeout(function () {
      if (status && text !== spoken) { spoken = text; status.textContent = text; }
    }, 500);
  }
  function show(query) {
    var ticket = ++latest;
    if (!query.trim()) { current = null; listbox.innerHTML = ''; if (heading) heading.innerHTML = ''; setExpanded(false); return; }
    search(query, 8).then(function (found) {
      if (ticket !== latest) return;
      current = found;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (heading) heading.innerHTML = summary(found, labels);
      renderOptions();
      setExpanded(true);
      speak(announcement(found, labels));
    }, function () { setExpanded(false); });
  }
  if (input && listbox) {
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 60);
    });
    // What every query needs is loaded while the first word is typed.
    input.addEventListener('focus', function () { load('meta').catch(function () {}); variants(); });
    input.addEventListener('keydown', function (event) {
      var count = current && !panel.hidden ? current.results.length : 0;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        if (panel.hidden && current) setExpanded(true);
        else if (count) moveTo(active + 1 < count ? active + 1 : 0);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        if (count) moveTo(active > 0 ? active - 1 : count - 1);
      } else if (event.key === 'Enter' && active >= 0 && count) {
        event.preventDefault();
        location.href = root + current.results[active].url;
      } else if (event.key === 'Escape') {
        if (!panel.hidden) { event.preventDefault(); setExpanded(false); } else { input.value = ''; show(''); }
      }
    });
    if (heading) heading.addEventListener('click', function (event) {
      if (event.target.closest && event.target.closest('.search-suggestion') && current && current.suggestion) {
        input.value = current.suggestion;
        show(input.value);
        input.focus();
      }
    });
    document.addEventListener('click', function (event) {
      if (!event.target.closest || !event.target.closest('.search-form')) setExpanded(false);
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
        if (pageSummary) pageSummary.innerHTML = summary(found, labels);
        pageResults.innerHTML = found.results.map(function (r) {
          return '<li' + (r.partial || r.corrected ? ' class="search-near"' : '') + '>' + item(r, found) + '</li>';
        }).join('');
        if (pageSummary) {
          pageSummary.addEventListener('click', function (event) {
            if (event.target.closest && event.target.closest('.search-suggestion')) {
              location.href = root + 'search.html?q=' + encodeURIComponent(found.suggestion);
            }
          });
        }
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
