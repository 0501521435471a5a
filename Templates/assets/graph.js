// kb: the whole link graph, laid out by a small force simulation, drawn as SVG. Each node is a
// link to its note; the wheel or the buttons zoom, dragging pans. The data comes from a script
// file (graph-data.js) so that the page works from file://.
(function () {
  'use strict';
  var container = document.getElementById('graph');
  if (!container) return;
  var SVG = 'http://www.w3.org/2000/svg';
  var root = document.body.getAttribute('data-root') || '';
  var MAX_NODES = 1500;

  window.kbGraph = function (data) {
    var nodes = data.nodes.map(function (n, i) { return { index: i, title: n[0], url: n[1], type: n[2], degree: n[3] }; });
    if (nodes.length > MAX_NODES) {
      nodes = nodes.slice().sort(function (a, b) { return b.degree - a.degree || a.index - b.index; }).slice(0, MAX_NODES);
    }
    var byIndex = new Map(nodes.map(function (n) { return [n.index, n]; }));
    var edges = data.edges.filter(function (e) { return byIndex.has(e[0]) && byIndex.has(e[1]); })
      .map(function (e) { return { source: byIndex.get(e[0]), target: byIndex.get(e[1]), kind: e[2] }; });
    layout(nodes, edges);
    draw(nodes, edges, data.types);
  };

  // Deterministic: nodes start on a sunflower spiral, then springs pull linked nodes together
  // and every pair pushes apart, for a fixed number of steps.
  function layout(nodes, edges) {
    var golden = Math.PI * (3 - Math.sqrt(5));
    nodes.forEach(function (n, i) {
      var r = 12 * Math.sqrt(i + 1);
      n.x = r * Math.cos(i * golden);
      n.y = r * Math.sin(i * golden);
    });
    var steps = nodes.length > 600 ? 120 : 300;
    for (var step = 0; step < steps; step++) {
      var cooling = 1 - step / steps;
      nodes.forEach(function (n) { n.dx = -n.x * 0.01; n.dy = -n.y * 0.01; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var d2 = dx * dx + dy * dy + 0.01;
          if (d2 > 250000) continue;
          var force = 900 / d2;
          a.dx += dx * force; a.dy += dy * force;
          b.dx -= dx * force; b.dy -= dy * force;
        }
      }
      edges.forEach(function (e) {
        var dx = e.target.x - e.source.x, dy = e.target.y - e.source.y;
        var d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var pull = (d - 60) * 0.02;
        e.source.dx += dx / d * pull; e.source.dy += dy / d * pull;
        e.target.dx -= dx / d * pull; e.target.dy -= dy / d * pull;
      });
      nodes.forEach(function (n) {
        var len = Math.sqrt(n.dx * n.dx + n.dy * n.dy);
        var limit = 12 * cooling + 0.5;
        if (len > limit) { n.dx *= limit / len; n.dy *= limit / len; }
        n.x += n.dx; n.y += n.dy;
      });
    }
  }

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function draw(nodes, edges, types) {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      minX = Math.min(minX, n.x); minY = Math.min(minY, n.y); maxX = Math.max(maxX, n.x); maxY = Math.max(maxY, n.y);
    });
    var pad = 40;
    var view = { x: minX - pad, y: minY - pad, w: maxX - minX + 2 * pad || 100, h: maxY - minY + 2 * pad || 100 };
    var home = { x: view.x, y: view.y, w: view.w, h: view.h };
    // A group, not an image: an image's content is hidden from assistive technology, and these
    // nodes are links a reader reaches with the keyboard.
    var svg = element('svg', { role: 'group', 'aria-label': document.title }, container);
    function apply() { svg.setAttribute('viewBox', [view.x, view.y, view.w, view.h].join(' ')); }
    apply();
    var lines = element('g', { class: 'edges' }, svg);
    edges.forEach(function (e) {
      element('line', { x1: e.source.x, y1: e.source.y, x2: e.target.x, y2: e.target.y, class: 'k' + e.kind }, lines);
    });
    var labelled = nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).slice(0, 40);
    nodes.forEach(function (n) {
      var link = element('a', { href: root + n.url }, svg);
      element('title', {}, link).textContent = n.title;
      var r = 3 + Math.min(9, Math.sqrt(n.degree) * 1.5);
      element('circle', { cx: n.x, cy: n.y, r: r, class: n.type >= 0 ? 't' + (n.type % 12) : 't-none' }, link);
      var text = element('text', { x: n.x, y: n.y + r + 11, class: labelled.indexOf(n) >= 0 ? 'label' : 'label minor' }, link);
      text.textContent = n.title;
    });

    function zoom(factor, cx, cy) {
      var nw = Math.min(home.w * 4, Math.max(home.w / 20, view.w * factor));
      var nh = nw * view.h / view.w;
      view.x = cx - (cx - view.x) * nw / view.w;
      view.y = cy - (cy - view.y) * nh / view.h;
      view.w = nw; view.h = nh;
      apply();
      svg.classList.toggle('zoomed', view.w < home.w / 2);
    }
    function point(event) {
      var box = svg.getBoundingClientRect();
      return { x: view.x + (event.clientX - box.left) / box.width * view.w, y: view.y + (event.clientY - box.top) / box.height * view.h };
    }
    svg.addEventListener('wheel', function (event) {
      event.preventDefault();
      var p = point(event);
      zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener('pointerdown', function (event) {
      if (event.target.closest('a')) return;
      drag = { x: event.clientX, y: event.clientY };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener('pointermove', function (event) {
      if (!drag) return;
      var box = svg.getBoundingClientRect();
      view.x -= (event.clientX - drag.x) / box.width * view.w;
      view.y -= (event.clientY - drag.y) / box.height * view.h;
      drag = { x: event.clientX, y: event.clientY };
      apply();
    });
    svg.addEventListener('pointerup', function () { drag = null; });

    var controls = document.createElement('div');
    controls.className = 'graph-controls';
    [['+', function () { zoom(1 / 1.4, view.x + view.w / 2, view.y + view.h / 2); }],
     ['−', function () { zoom(1.4, view.x + view.w / 2, view.y + view.h / 2); }],
     ['⟲', function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); svg.classList.remove('zoomed'); }]
    ].forEach(function (control) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = control[0];
      button.addEventListener('click', control[1]);
      controls.appendChild(button);
    });
    container.appendChild(controls);

    var legend = document.getElementById('graph-legend');
    if (legend) {
      types.forEach(function (type, i) {
        var li = document.createElement('li');
        li.innerHTML = '<span class="swatch t' + (i % 12) + '"></span>';
        li.appendChild(document.createTextNode(type));
        legend.appendChild(li);
      });
    }
  }

  var script = document.createElement('script');
  script.src = container.getAttribute('data-src');
  document.head.appendChild(script);
})();
