() => {
  // Every check that needs the laid-out page, in one pass. Returns plain data; the test
  // decides and words the failures. A target is "visible" when it has a box on screen (a
  // folded <details> or [hidden] gives none; the skip link sits off screen until focused,
  // and is then large enough).
  // Loaded by test_phones_first.py (LAYOUT) and evaluated on the page shown.
  const TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  const describe = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    const id = el.id ? "#" + el.id : "";
    const name = el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
    const value = el.type === "checkbox" || el.type === "radio" ? `[value=${el.value}]` : "";
    const href = el.getAttribute("href") ? ` href=${el.getAttribute("href")}` : "";
    const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
    return `<${el.tagName.toLowerCase()}${id}${cls}${name}${value}${href}> "${text.slice(0, 40)}"`;
  };
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) ids[el.id] = (ids[el.id] || 0) + 1;
  const duplicates = Object.entries(ids).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);

  const isBlock = (el) => !["inline", "contents"].includes(getComputedStyle(el).display);
  // Inline exception: the link is laid out inline, and a word of other text (not in a
  // target, not in a nested block) sits on one of its lines. A link alone on its line
  // (after a <br>, in a list item of its own) is not in a sentence.
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && !isBlock(block)) block = block.parentElement;
    if (!block) return false;
    const lines = [...el.getClientRects()];
    const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/\p{L}{2,}/u.test(node.textContent)) continue;
      let parent = node.parentElement, inFlow = true;
      while (parent && parent !== block) {
        if (parent.matches(TARGETS) || isBlock(parent)) { inFlow = false; break; }
        parent = parent.parentElement;
      }
      if (!inFlow) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if ([...range.getClientRects()].some((word) => lines.some((line) => sameLine(word, line)))) return true;
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  const targets = [];
  for (const el of document.querySelectorAll(TARGETS)) {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[hidden], [aria-hidden=true]")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= 0 || box.left >= width) continue;  // off screen until focused
    // A radio or box inside its own <label>: the label is the target the finger hits.
    const label = (el.type === "checkbox" || el.type === "radio") && el.closest("label");
    const hit = label ? label.getBoundingClientRect() : box;
    targets.push({
      el, what: describe(el), x: hit.left, y: hit.top + window.scrollY, w: hit.width, h: hit.height,
      primary: el.matches(".button, button[type=submit]:not(.link-button), input[type=submit]"),
      inline: inSentence(el),
    });
  }
  const small = targets.filter((t) => (t.w < 24 || t.h < 24) && !t.inline);
  const centre = (t) => [t.x + t.w / 2, t.y + t.h / 2];
  const touchesBox = ([cx, cy], t) => {
    const dx = Math.max(t.x - cx, 0, cx - (t.x + t.w));
    const dy = Math.max(t.y - cy, 0, cy - (t.y + t.h));
    return dx * dx + dy * dy < 12 * 12;
  };
  const undersized = [], exempt = [];
  for (const t of small) {
    const c = centre(t);
    const crowded = targets.find((other) => other !== t && !other.el.contains(t.el) && !t.el.contains(other.el) && (
      small.includes(other)
        ? Math.hypot(c[0] - centre(other)[0], c[1] - centre(other)[1]) < 24
        : touchesBox(c, other)));
    if (crowded) undersized.push(`${t.what} is ${Math.round(t.w)}x${Math.round(t.h)} px, next to ${crowded.what}`);
    else exempt.push(`${t.what} ${Math.round(t.w)}x${Math.round(t.h)} px, spaced`);
  }
  for (const t of targets) {
    if (t.inline && (t.w < 24 || t.h < 24)) exempt.push(`${t.what} ${Math.round(t.w)}x${Math.round(t.h)} px, in a sentence`);
  }
  const lowPrimary = targets.filter((t) => t.primary && t.h < 44)
    .map((t) => `${t.what} is ${Math.round(t.h)} px high`);
  // Data for a script (json_script, type application/json) is not a script.
  const scripts = [...document.scripts].filter((s) => !s.type || /javascript|module/.test(s.type))
    .map((s) => s.src ? new URL(s.src).pathname : "inline: " + s.textContent.trim().slice(0, 60));
  return {
    duplicates, undersized, exempt, lowPrimary, scripts,
    scrollWidth: document.documentElement.scrollWidth, width,
    uses: {
      errorSummary: !!document.querySelector("[data-error-summary]"),
      progress: !!document.querySelector("[data-progress-url], [data-busy-label]"),
      chart: !!document.querySelector("canvas"),
    },
  };
}
