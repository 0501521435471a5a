// kb: the whole link graph, drawn on a <canvas>. kb lays the notes out at build time
// (GraphLayout.swift), so this script only draws: the edges thin, the dots coloured by type, and
// labels in screen pixels, the most linked first, none over another. Hovering or focusing a note
// lights it and its neighbours and dims the rest. The canvas is one tab stop: arrow keys move to
// the nearest note that way, Enter opens it, + and − zoom, 0 shows everything. The data comes from
// a script file (graph-data.js) so that the page works from file://.
(function () {
  'use strict';
  var container = document.getElementById('graph');
  if (!container) return;
  var root = document.body.getAttribute('data-root') || '';
  var canvas = document.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', container.getAttribute('data-label') || '');
  canvas.setAttribute('aria-describedby', 'graph-status');
  container.appendChild(canvas);
  var context = canvas.getContext('2d');
  var status = document.getElementById('graph-status');
  var search = document.getElementById('graph-search');
  var legend = document.getElementById('graph-legend');

  var count = 0, title = [], url = [], type, degree, X, Y, radius;
  var types = [], hidden = [];
  var edgeFrom, edgeTo, edgeKind, edgeOrder, neighbourStart, neighbours;
  // Past this many edges in view a frame draws no more: tens of thousands of lines take Chromium
  // hundreds of milliseconds, and at that density they are a grey wash anyway.
  var EDGE_BUDGET = 12000;
  var byImportance = [];
  var labelWidth;
  var view = { scale: 1, x: 0, y: 0 };
  var width = 0, height = 0;
  var hover = -1, focus = -1;
  var colours = {};
  var font = '12px sans-serif';
  var drawn = false, pending = false, moving = false, movingTimer = 0, lastDrawTime = 0;

  window.kbGraph = function (data) {
    types = data.types;
    hidden = types.map(function () { return false; });
    count = data.nodes.length;
    type = new Int32Array(count); degree = new Int32Array(count);
    X = new Float32Array(count); Y = new Float32Array(count); radius = new Float32Array(count);
    labelWidth = new Float32Array(count);
    data.nodes.forEach(function (n, i) {
      title[i] = n[0]; url[i] = n[1]; type[i] = n[2]; degree[i] = n[3]; X[i] = n[4]; Y[i] = n[5];
      radius[i] = 2.5 + Math.min(6, Math.sqrt(n[3]) * 0.9);
    });
    var edges = data.edges;
    edgeFrom = new Int32Array(edges.length); edgeTo = new Int32Array(edges.length); edgeKind = new Uint8Array(edges.length);
    var seen = new Int32Array(count + 1);
    edges.forEach(function (e, i) {
      edgeFrom[i] = e[0]; edgeTo[i] = e[1]; edgeKind[i] = e[2];
      seen[e[0] + 1]++; seen[e[1] + 1]++;
    });
    // Each note's neighbours, both ways, in one array (compressed rows).
    for (var i = 0; i < count; i++) seen[i + 1] += seen[i];
    neighbourStart = seen.slice();
    neighbours = new Int32Array(2 * edges.length);
    var fill = seen.slice();
    for (var e = 0; e < edges.length; e++) {
      neighbours[fill[edgeFrom[e]]++] = edgeTo[e];
      neighbours[fill[edgeTo[e]]++] = edgeFrom[e];
    }
    for (var n = 0; n < count; n++) byImportance.push(n);
    byImportance.sort(function (a, b) { return degree[b] - degree[a] || a - b; });
    // Edges between well-linked notes first, so that a frame that draws only the first
    // EDGE_BUDGET in view draws those.
    var rank = new Int32Array(count);
    byImportance.forEach(function (note, place) { rank[note] = place; });
    var weight = new Int32Array(edges.length);
    edgeOrder = new Int32Array(edges.length);
    for (var w = 0; w < edges.length; w++) { weight[w] = Math.max(rank[edgeFrom[w]], rank[edgeTo[w]]); edgeOrder[w] = w; }
    edgeOrder.sort(function (p, q) { return weight[p] - weight[q] || p - q; });
    buildLegend();
    readColours();
    resize();
    home();
    draw();
  };

  function readColours() {
    var style = getComputedStyle(container);
    function value(name, fallback) { return style.getPropertyValue(name).trim() || fallback; }
    colours = {
      background: value('--card', '#fff'), text: value('--fg', '#000'), halo: value('--card', '#fff'),
      line: value('--muted', '#999'), accent: value('--accent', '#06c'),
      types: [], none: value('--t-none', '#999')
    };
    for (var i = 0; i < 12; i++) colours.types.push(value('--t' + i, '#888'));
    font = '12px ' + (getComputedStyle(document.body).fontFamily || 'sans-serif');
    labelWidth.fill(0);
  }

  // A title's width at 12 px, guessed rather than measured: measureText on a thousand new titles
  // took the first frame of a large graph most of a second. Wide (CJK) characters 12 px, others 7.
  function estimate(text) {
    var total = 0;
    for (var i = 0; i < text.length; i++) total += text.charCodeAt(i) >= 0x1100 ? 12 : 7;
    return total;
  }

  function colourOf(note) { return type[note] >= 0 ? colours.types[type[note] % 12] : colours.none; }
  function shown(note) { return type[note] < 0 || !hidden[type[note]]; }

  function resize() {
    width = Math.max(1, container.clientWidth); height = Math.max(1, container.clientHeight);
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
  }

  // Everything in view, with a margin.
  function home() {
    if (!count) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < count; i++) {
      minX = Math.min(minX, X[i]); maxX = Math.max(maxX, X[i]); minY = Math.min(minY, Y[i]); maxY = Math.max(maxY, Y[i]);
    }
    var scale = Math.min(width / (maxX - minX + 80), height / (maxY - minY + 80), 4);
    view = { scale: scale, x: width / 2 - (minX + maxX) / 2 * scale, y: height / 2 - (minY + maxY) / 2 * scale };
  }

  function request() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  }

  // While a gesture goes on, a large graph whose last frame was slow draws without its edges.
  function gesture() {
    moving = true;
    clearTimeout(movingTimer);
    movingTimer = setTimeout(function () { moving = false; request(); }, 150);
  }

  function active() { return focus >= 0 ? focus : hover; }

  function draw() {
    var started = performance.now();
    var ratio = canvas.width / width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = colours.background;
    context.fillRect(0, 0, width, height);
    var s = view.scale, ox = view.x, oy = view.y;
    var margin = 20 / s;
    var left = -ox / s - margin, top = -oy / s - margin, right = (width - ox) / s + margin, bottom = (height - oy) / s + margin;
    var lit = active();
    var near = null;
    if (lit >= 0) {
      near = new Uint8Array(count);
      near[lit] = 2;
      for (var k = neighbourStart[lit]; k < neighbourStart[lit + 1]; k++) near[neighbours[k]] = 1;
    }

    // Edges: one path, 1 px whatever the zoom, fainter the more there are in view.
    var edgesDrawn = 0;
    if (!(moving && lastDrawTime > 16)) {
      context.beginPath();
      for (var o = 0; o < edgeOrder.length && edgesDrawn < EDGE_BUDGET; o++) {
        var e = edgeOrder[o], a = edgeFrom[e], b = edgeTo[e];
        if (!shown(a) || !shown(b)) continue;
        var ax = X[a], ay = Y[a], bx = X[b], by = Y[b];
        if ((ax < left && bx < left) || (ax > right && bx > right) || (ay < top && by < top) || (ay > bottom && by > bottom)) continue;
        context.moveTo(ax * s + ox, ay * s + oy);
        context.lineTo(bx * s + ox, by * s + oy);
        edgesDrawn++;
      }
      context.strokeStyle = colours.line;
      context.lineWidth = 1;
      context.globalAlpha = (lit >= 0 ? 0.25 : 1) * Math.max(0.06, Math.min(0.4, 12 / Math.sqrt(edgesDrawn + 1)));
      context.stroke();
      context.globalAlpha = 1;
    }
    if (lit >= 0) {
      context.beginPath();
      for (var j = neighbourStart[lit]; j < neighbourStart[lit + 1]; j++) {
        var other = neighbours[j];
        if (!shown(other)) continue;
        context.moveTo(X[lit] * s + ox, Y[lit] * s + oy);
        context.lineTo(X[other] * s + ox, Y[other] * s + oy);
      }
      context.strokeStyle = colours.accent;
      context.lineWidth = 1.5;
      context.stroke();
    }

    // Dots, one path per colour; a dot never smaller than 2 px across.
    var nodesDrawn = 0;
    var visible = [];
    for (var i = 0; i < count; i++) {
      if (!shown(i) || X[i] < left || X[i] > right || Y[i] < top || Y[i] > bottom) continue;
      visible.push(i);
    }
    function dots(filter, alpha) {
      context.globalAlpha = alpha;
      var groups = {};
      visible.forEach(function (note) {
        if (!filter(note)) return;
        var colour = colourOf(note);
        (groups[colour] || (groups[colour] = [])).push(note);
      });
      Object.keys(groups).forEach(function (colour) {
        context.beginPath();
        groups[colour].forEach(function (note) {
          var r = Math.max(1, radius[note] * s), x = X[note] * s + ox, y = Y[note] * s + oy;
          // A dot under 2.5 px across is drawn as a square: the same to the eye, much cheaper.
          if (r < 1.25) context.rect(x - r, y - r, 2 * r, 2 * r);
          else { context.moveTo(x + r, y); context.arc(x, y, r, 0, 2 * Math.PI); }
          nodesDrawn++;
        });
        context.fillStyle = colour;
        context.fill();
      });
      context.globalAlpha = 1;
    }
    var litDrawn = 0;
    if (near) {
      dots(function (note) { return !near[note]; }, 0.2);
      var dimmed = nodesDrawn;
      dots(function (note) { return near[note]; }, 1);
      litDrawn = nodesDrawn - dimmed;
      var r = Math.max(1, radius[lit] * s) + 3;
      context.beginPath();
      context.arc(X[lit] * s + ox, Y[lit] * s + oy, r, 0, 2 * Math.PI);
      context.strokeStyle = colours.text;
      context.lineWidth = 2;
      context.stroke();
    } else {
      dots(function () { return true; }, 1);
    }

    // Labels: the lit note and its neighbours first, then by number of links; one that would
    // overlap a label already placed is left out, and there are at most about one per 9,000 px².
    context.font = font;
    context.textAlign = 'center';
    context.textBaseline = 'top';
    context.lineJoin = 'round';
    var placed = [];
    var budget = Math.max(12, Math.floor(width * height / 9000));
    var order = byImportance;
    if (near) {
      order = [lit];
      for (var m = neighbourStart[lit]; m < neighbourStart[lit + 1]; m++) order.push(neighbours[m]);
      order.sort(function (p, q) { return (p === lit ? -1 : q === lit ? 1 : degree[q] - degree[p] || p - q); });
    }
    var labels = 0, tried = 0;
    for (var at = 0; at < order.length && labels < budget && tried < budget * 40; at++) {
      var note = order[at];
      if (!shown(note)) continue;
      var x = X[note] * s + ox, y = Y[note] * s + oy + Math.max(1, radius[note] * s) + 2;
      if (x < -100 || x > width + 100 || y < -20 || y > height + 20) continue;
      tried++;
      if (!labelWidth[note]) labelWidth[note] = estimate(title[note]);
      var w = labelWidth[note];
      var box = { left: x - w / 2 - 2, right: x + w / 2 + 2, top: y - 1, bottom: y + 15 };
      if (placed.some(function (p) { return p.left < box.right && box.left < p.right && p.top < box.bottom && box.top < p.bottom; })) continue;
      placed.push(box);
      labels++;
      context.lineWidth = 3;
      context.strokeStyle = colours.halo;
      context.strokeText(title[note], x, y);
      context.fillStyle = colours.text;
      context.fillText(title[note], x, y);
    }

    lastDrawTime = performance.now() - started;
    container.setAttribute('data-drawn-nodes', String(nodesDrawn));
    container.setAttribute('data-drawn-edges', String(edgesDrawn));
    container.setAttribute('data-labels', String(labels));
    container.setAttribute('data-lit', String(litDrawn));
    container.setAttribute('data-draw-ms', lastDrawTime.toFixed(1));
    if (focus >= 0) {
      // Where the chosen note is drawn, in CSS pixels from the canvas's corner, for the checks.
      container.setAttribute('data-focus-x', String(Math.round(X[focus] * s + ox)));
      container.setAttribute('data-focus-y', String(Math.round(Y[focus] * s + oy)));
    }
    if (!drawn) {
      drawn = true;
      // For the checks and the benchmark: milliseconds from navigation to the first frame.
      container.setAttribute('data-first-draw', String(Math.round(performance.now())));
    }
  }

  function nodeAt(clientX, clientY) {
    var box = canvas.getBoundingClientRect();
    var px = clientX - box.left, py = clientY - box.top;
    var best = -1, bestDistance = Infinity;
    for (var i = 0; i < count; i++) {
      if (!shown(i)) continue;
      var dx = X[i] * view.scale + view.x - px, dy = Y[i] * view.scale + view.y - py;
      var d = dx * dx + dy * dy;
      var reach = Math.max(6, radius[i] * view.scale + 3);
      if (d < reach * reach && d < bestDistance) { best = i; bestDistance = d; }
    }
    return best;
  }

  function describe(note) {
    var links = degree[note];
    var words = container.getAttribute(links === 1 ? 'data-link-one' : 'data-link-other') || '{count}';
    return title[note] + (type[note] >= 0 ? ' (' + types[type[note]] + ')' : '') + ': ' + words.replace('{count}', links);
  }

  function setHover(note) {
    if (note === hover) return;
    hover = note;
    canvas.style.cursor = note >= 0 ? 'pointer' : '';
    if (note >= 0) container.setAttribute('data-hover', title[note]); else container.removeAttribute('data-hover');
    request();
  }

  function setFocus(note, centre) {
    focus = note;
    if (note >= 0) {
      container.setAttribute('data-focus', title[note]);
      status.textContent = describe(note);
      var x = X[note] * view.scale + view.x, y = Y[note] * view.scale + view.y;
      if (centre || x < 40 || x > width - 40 || y < 40 || y > height - 40) {
        view.x = width / 2 - X[note] * view.scale;
        view.y = height / 2 - Y[note] * view.scale;
      }
    } else {
      container.removeAttribute('data-focus');
      status.textContent = '';
    }
    request();
  }

  function zoom(factor, px, py) {
    var scale = Math.max(0.02, Math.min(8, view.scale * factor));
    view.x = px - (px - view.x) * scale / view.scale;
    view.y = py - (py - view.y) * scale / view.scale;
    view.scale = scale;
    gesture();
    request();
  }

  // Pointer events: one pointer pans (or, without moving, opens the note under it), two pinch.
  var pointers = new Map();
  var pressed = null;
  canvas.addEventListener('pointerdown', function (event) {
    canvas.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    pressed = pointers.size === 1 ? { x: event.clientX, y: event.clientY, moved: false } : null;
  });
  canvas.addEventListener('pointermove', function (event) {
    var last = pointers.get(event.pointerId);
    if (!last) {
      if (event.pointerType === 'mouse') setHover(nodeAt(event.clientX, event.clientY));
      return;
    }
    if (pointers.size === 1) {
      view.x += event.clientX - last.x;
      view.y += event.clientY - last.y;
      if (pressed && Math.abs(event.clientX - pressed.x) + Math.abs(event.clientY - pressed.y) > 4) pressed.moved = true;
    } else if (pointers.size === 2) {
      var other = null;
      pointers.forEach(function (p, id) { if (id !== event.pointerId) other = p; });
      var box = canvas.getBoundingClientRect();
      var before = Math.hypot(last.x - other.x, last.y - other.y) || 1;
      var after = Math.hypot(event.clientX - other.x, event.clientY - other.y) || 1;
      view.x += (event.clientX - last.x) / 2;
      view.y += (event.clientY - last.y) / 2;
      zoom(after / before, (event.clientX + other.x) / 2 - box.left, (event.clientY + other.y) / 2 - box.top);
    }
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    gesture();
    request();
  });
  function release(event) {
    pointers.delete(event.pointerId);
    if (event.type === 'pointerup' && pressed && !pressed.moved) {
      var note = nodeAt(event.clientX, event.clientY);
      if (note >= 0) window.location.href = root + url[note];
    }
    pressed = null;
  }
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', function (event) { if (event.pointerType === 'mouse') setHover(-1); });
  canvas.addEventListener('wheel', function (event) {
    event.preventDefault();
    var box = canvas.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002)), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  // The nearest shown note within 60° of the arrow's direction, on screen.
  function step(dx, dy) {
    if (focus < 0) {
      var best = -1, bestDistance = Infinity;
      for (var i = 0; i < count; i++) {
        if (!shown(i)) continue;
        var d = Math.hypot(X[i] * view.scale + view.x - width / 2, Y[i] * view.scale + view.y - height / 2);
        if (d < bestDistance) { best = i; bestDistance = d; }
      }
      return best;
    }
    var from = focus, chosen = -1, score = Infinity;
    for (var n = 0; n < count; n++) {
      if (n === from || !shown(n)) continue;
      var ex = X[n] - X[from], ey = Y[n] - Y[from];
      var along = ex * dx + ey * dy, across = Math.abs(ex * dy - ey * dx);
      if (along <= 0 || across > along * 1.7) continue;
      var cost = along + 2 * across;
      if (cost < score) { chosen = n; score = cost; }
    }
    return chosen < 0 ? focus : chosen;
  }
  canvas.addEventListener('keydown', function (event) {
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (moves[event.key]) {
      setFocus(step(moves[event.key][0], moves[event.key][1]), false);
    } else if (event.key === 'Enter' && focus >= 0) {
      window.location.href = root + url[focus];
    } else if (event.key === 'Escape') {
      setFocus(-1, false);
    } else if (event.key === '+' || event.key === '=') {
      zoom(1.25, width / 2, height / 2);
    } else if (event.key === '-' || event.key === '−') {
      zoom(0.8, width / 2, height / 2);
    } else if (event.key === '0') {
      home(); request();
    } else {
      return;
    }
    event.preventDefault();
  });
  canvas.addEventListener('blur', function () { setHover(-1); });

  function buildLegend() {
    if (!legend) return;
    types.forEach(function (name, i) {
      var button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', 'true');
      button.innerHTML = '<span class="swatch t' + (i % 12) + '"></span>';
      button.appendChild(document.createTextNode(name));
      button.addEventListener('click', function () {
        hidden[i] = !hidden[i];
        button.setAttribute('aria-pressed', String(!hidden[i]));
        if (focus >= 0 && !shown(focus)) setFocus(-1, false);
        if (hover >= 0 && !shown(hover)) setHover(-1);
        request();
      });
      legend.appendChild(button);
    });
  }

  // Search: an exact title (any case) first, then one that begins with, then one that contains
  // what was typed; the note found is centred and lit, and the canvas takes the keyboard.
  function find(query, takeFocus) {
    var q = query.trim().toLowerCase();
    if (!q) return;
    var starts = -1, contains = -1;
    for (var p = 0; p < byImportance.length; p++) {
      var note = byImportance[p];
      if (!shown(note)) continue;
      var name = title[note].toLowerCase();
      if (name === q) { starts = note; contains = note; break; }
      if (starts < 0 && name.indexOf(q) === 0) starts = note;
      if (contains < 0 && name.indexOf(q) > 0) contains = note;
    }
    var found = starts >= 0 ? starts : contains;
    if (found < 0) {
      status.textContent = (container.getAttribute('data-not-found') || '').replace('{query}', query.trim());
      return;
    }
    if (view.scale < 1) zoom(1 / view.scale, width / 2, height / 2);
    setFocus(found, true);
    if (takeFocus) canvas.focus();
  }
  if (search) {
    search.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') { event.preventDefault(); find(search.value, true); }
    });
    // The names to choose from, filled when first needed: 10,000 options cost time at load.
    search.addEventListener('focus', function () {
      var list = document.getElementById('graph-names');
      if (!list || list.childElementCount || !count) return;
      var fragment = document.createDocumentFragment();
      byImportance.forEach(function (note) {
        var option = document.createElement('option');
        option.value = title[note];
        fragment.appendChild(option);
      });
      list.appendChild(fragment);
    });
    search.addEventListener('input', function (event) {
      // A name picked from the list arrives as one input event without a keystroke.
      if (!(event.inputType === 'insertText' || event.inputType === 'deleteContentBackward')) find(search.value, false);
    });
  }

  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (count) { resize(); request(); } }).observe(container);
  }
  function restyle() { if (count) { readColours(); request(); } }
  new MutationObserver(restyle).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  if (window.matchMedia) {
    var scheme = window.matchMedia('(prefers-color-scheme: dark)');
    if (scheme.addEventListener) scheme.addEventListener('change', restyle);
  }

  var script = document.createElement('script');
  script.src = container.getAttribute('data-src');
  document.head.appendChild(script);
})();
