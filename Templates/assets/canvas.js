// Zoom and pan for each `.canvas` of the page (loaded only where one is shown). Without this
// script a canvas is a board that scrolls; with it the board is fitted to its frame and moves:
// drag or swipe to pan, pinch, Ctrl + wheel (a trackpad's pinch) or the buttons to zoom, and on
// the focused canvas + / - to zoom, 0 to fit, arrow keys to pan. Nothing is fetched, so it works
// from file:// too.
(function () {
  "use strict";
  const MIN = 0.1;
  const MAX = 4;
  const clamp = (value) => Math.min(MAX, Math.max(MIN, value));

  function setUp(view) {
    const board = view.querySelector(".canvas-board");
    if (!board) return;
    const width = board.offsetWidth;
    const height = board.offsetHeight;
    let scale = 1;
    let x = 0;
    let y = 0;
    view.classList.add("canvas-live");

    const apply = () => {
      board.style.transform = "translate(" + x + "px, " + y + "px) scale(" + scale + ")";
    };
    const fit = () => {
      const frameWidth = view.clientWidth;
      const frameHeight = view.clientHeight;
      scale = clamp(Math.min(frameWidth / width, frameHeight / height, 1));
      x = (frameWidth - width * scale) / 2;
      y = (frameHeight - height * scale) / 2;
      apply();
    };
    // Zooms keeping the point (px, py) of the frame where it is.
    const zoomAt = (factor, px, py) => {
      const next = clamp(scale * factor);
      x = px - ((px - x) * next) / scale;
      y = py - ((py - y) * next) / scale;
      scale = next;
      apply();
    };
    const zoomCentre = (factor) => zoomAt(factor, view.clientWidth / 2, view.clientHeight / 2);
    const frameLeft = () => view.getBoundingClientRect().left;
    const frameTop = () => view.getBoundingClientRect().top;

    const controls = document.createElement("div");
    controls.className = "canvas-controls";
    const buttons = [
      [view.dataset.zoomIn, "+", () => zoomCentre(1.25)],
      [view.dataset.zoomOut, "\u2212", () => zoomCentre(0.8)],
      [view.dataset.zoomReset, "\u2922", fit],
    ];
    for (const [label, sign, action] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = sign;
      button.title = label;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", action);
      controls.append(button);
    }
    view.append(controls);

    // Pointers down on the canvas, by id: one pans, two pinch.
    const pointers = new Map();
    let spread = 0;
    const distance = () => {
      const [a, b] = Array.from(pointers.values());
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    view.addEventListener("pointerdown", (event) => {
      // Links and buttons are followed; a mouse selects and scrolls text inside a node.
      if (event.target.closest("a, button")) return;
      if (event.pointerType === "mouse" && (event.button !== 0 || event.target.closest(".canvas-node-body"))) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      view.setPointerCapture(event.pointerId);
      view.classList.add("canvas-panning");
      if (pointers.size === 2) spread = distance();
    });
    view.addEventListener("pointermove", (event) => {
      const last = pointers.get(event.pointerId);
      if (!last) return;
      const now = { x: event.clientX, y: event.clientY };
      pointers.set(event.pointerId, now);
      if (pointers.size === 1) {
        x += now.x - last.x;
        y += now.y - last.y;
        apply();
      } else if (pointers.size === 2 && spread > 0) {
        const next = distance();
        const [a, b] = Array.from(pointers.values());
        zoomAt(next / spread, (a.x + b.x) / 2 - frameLeft(), (a.y + b.y) / 2 - frameTop());
        spread = next;
      }
    });
    const release = (event) => {
      pointers.delete(event.pointerId);
      spread = pointers.size === 2 ? distance() : 0;
      if (!pointers.size) view.classList.remove("canvas-panning");
    };
    view.addEventListener("pointerup", release);
    view.addEventListener("pointercancel", release);

    view.addEventListener(
      "wheel",
      (event) => {
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          zoomAt(Math.exp(-event.deltaY / 300), event.clientX - frameLeft(), event.clientY - frameTop());
          return;
        }
        // A node whose text overflows scrolls first.
        const body = event.target.closest(".canvas-node-body");
        if (body && body.scrollHeight > body.clientHeight) return;
        event.preventDefault();
        x -= event.deltaX;
        y -= event.deltaY;
        apply();
      },
      { passive: false },
    );

    view.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const step = 40;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (event.key === "+" || event.key === "=") zoomCentre(1.25);
      else if (event.key === "-" || event.key === "_") zoomCentre(0.8);
      else if (event.key === "0") fit();
      else if (moves[event.key] && event.target === view) {
        x += moves[event.key][0];
        y += moves[event.key][1];
        apply();
      } else return;
      event.preventDefault();
    });
    fit();
  }

  for (const view of document.querySelectorAll(".canvas")) setUp(view);
})();
