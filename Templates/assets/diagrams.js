// Draws each `pre.mermaid` of the page with mermaid's classic build (a module would not load from
// file://), in the page's colour scheme: `data-theme` on <html> when a theme switch sets it, else
// the reader's system setting; and draws again when either changes. A diagram mermaid rejects
// shows its source and mermaid's message instead of an empty box.
(function () {
  "use strict";
  const blocks = Array.from(document.querySelectorAll("pre.mermaid"));
  if (!blocks.length || !window.mermaid) return;
  const sources = blocks.map((block) => block.textContent);
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => {
    const chosen = document.documentElement.dataset.theme;
    return chosen === "dark" || (chosen !== "light" && system.matches);
  };
  let drawnTheme = null;

  function showError(block, source, error) {
    block.classList.add("diagram-error");
    const message = document.createElement("span");
    message.className = "diagram-message";
    message.textContent = String((error && (error.str || error.message)) || error);
    const code = document.createElement("code");
    code.textContent = source;
    block.replaceChildren(message, code);
  }

  // A picture needs a name for a screen reader, and mermaid gives one only from the source's
  // `accTitle:` (some diagrams point `aria-labelledby` at a title that is not there); else the
  // words the diagram shows are its name.
  function name(svg) {
    if (!svg || svg.getAttribute("aria-label")) return;
    const titles = (svg.getAttribute("aria-labelledby") || "").split(/\s+/)
      .map((id) => document.getElementById(id)).filter((title) => title && title.textContent.trim());
    if (titles.length) return;
    svg.removeAttribute("aria-labelledby");
    const words = Array.from(svg.querySelectorAll("text, foreignObject"), (part) => part.textContent)
      .join(" ").replace(/\s+/g, " ").trim();
    if (words) svg.setAttribute("aria-label", words.slice(0, 300));
  }

  function draw() {
    const theme = isDark() ? "dark" : "default";
    if (theme === drawnTheme) return;
    drawnTheme = theme;
    window.mermaid.initialize({ startOnLoad: false, theme, securityLevel: "strict" });
    blocks.forEach((block, number) => {
      const id = "kb-diagram-" + number;
      const source = sources[number];
      block.classList.remove("diagram-error");
      try {
        // Rejects a bad source by throwing, before anything is drawn.
        window.mermaid.parse(source);
        window.mermaid.render(id, source, (svg) => {
          block.innerHTML = svg;
          name(block.querySelector("svg"));
        });
      } catch (error) {
        showError(block, source, error);
      } finally {
        // Where mermaid drew, or left its own error picture.
        const scratch = document.getElementById("d" + id);
        if (scratch) scratch.remove();
      }
    });
  }

  draw();
  system.addEventListener("change", draw);
  new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();
