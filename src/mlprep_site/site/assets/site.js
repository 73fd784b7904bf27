/* mlprep site: open the question a URL points at (#<question id>).
 *
 * A question's anchor is the heading inside its closed <details>; following a permalink or
 * a search result must show the answer, not a closed block. Runs on first load, on every
 * page Material's instant navigation swaps in (document$), and when the hash changes,
 * including through history.pushState, which fires no hashchange.
 *
 * Material's search.highlight adds `?h=<terms>` to every result link; a hit on a page title
 * matches no term and gets `?h=` with nothing after it. Such links (and such an address on
 * arrival) lose the empty parameter: the page opens as it is, its question (#id) open.
 *
 * On a page of many questions the blocks far from the screen are not laid out yet (site.css,
 * content-visibility), so the ones above a target take their real height as the page scrolls
 * to it: the target is scrolled to again until it stays put (a few frames at most).
 *
 * Search previews: Material shows a hit's matching paragraphs (or the whole text when only the
 * title matched). Each preview is cut to one sentence of its first paragraph: the one with the
 * first match, or the first sentence. site.css shows that paragraph only, two lines at most.
 */
(() => {
  "use strict";
  if (window.mlprepSite) return;

  // The fragment as an id; a malformed escape (`#%`) is not an id, and must not throw.
  const hashId = () => {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch {
      return "";
    }
  };

  const targetQuestion = () => {
    const id = hashId();
    if (!id) return null;
    const target = document.getElementById(id);
    return target ? target.closest("details.mlprep-question") : null;
  };

  const openTarget = () => {
    for (const old of document.querySelectorAll("details.mlprep-target")) {
      old.classList.remove("mlprep-target");
    }
    const question = targetQuestion();
    if (!question) return;
    // Open every enclosing <details> too, so a hint-in-answer target is visible.
    for (let el = question; el; el = el.parentElement && el.parentElement.closest("details")) {
      el.open = true;
    }
    question.classList.add("mlprep-target");
    if (ownContent()) markSearchTerms(question);
    const heading = document.getElementById(hashId());
    if (heading) whenScrollable(() => settle(heading, 120));
  };
  /* ---------- a page of many questions: what Material's content component does ----------
     Such a page's content is not Material's content component (overrides/main.html): it would
     set up each of the page's blocks and links when the page loads. The question a search hit
     opens gets its search terms marked, and a question, when opened, the component's other work
     on its answer: a wide code block the keyboard can scroll, a table in its scrolling box. */
  const ownContent = () => document.querySelector("[data-mlprep-content]");
  const themeFeatures = () => {
    try {
      return JSON.parse(document.getElementById("__config").textContent).features || [];
    } catch {
      return [];
    }
  };
  const markSearchTerms = (question) => {
    const query = new URLSearchParams(window.location.search).get("h") || "";
    const terms = query.split(/[\s*+\-:~^]+/).filter(Boolean).map((t) => t.replace(/[|\\{}()[\]^$+*?.-]/g, "\\$&"));
    if (!terms.length || !themeFeatures().includes("search.highlight")) return;
    const match = new RegExp("(" + terms.join("|") + ")", "i");
    const nodes = [];
    for (const part of question.querySelectorAll(":scope > :is(summary, .mlprep-question-body, .mlprep-answer)")) {
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (match.test(node.data) && !node.parentElement.closest("mark")) nodes.push(node);
      }
    }
    for (const node of nodes) {
      node.replaceWith(...node.data.split(match).map((text, i) => {
        if (i % 2 === 0) return text;
        const mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = text;
        return mark;
      }));
    }
  };
  const fitAnswer = (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open || !ownContent()) return;
    if (!details.matches("details.mlprep-question")) return;
    const hover = window.matchMedia("(hover)").matches;
    for (const code of details.querySelectorAll("pre > code:not([tabindex])")) {
      if (hover && code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
    }
    for (const table of details.querySelectorAll("table:not([class])")) {
      if (table.parentElement.classList.contains("md-typeset__table")) continue;
      const wrap = document.createElement("div"), box = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      box.className = "md-typeset__table";
      table.replaceWith(wrap);
      wrap.append(box);
      box.append(table);
    }
  };
  document.addEventListener("toggle", fitAnswer, true);

  /* On a phone Material locks the page's scroll while its search is open, and lets it go a
     moment after the search closes (then scrolls back to where the reader was): a hit followed
     meanwhile is scrolled to once the lock is gone. */
  const LOCK = "data-md-scrolllock";
  let waiting = null;
  const whenScrollable = (scroll) => {
    if (waiting) waiting.disconnect();
    waiting = null;
    if (!document.body.hasAttribute(LOCK)) {
      scroll();
      return;
    }
    const observer = new MutationObserver(() => {
      if (document.body.hasAttribute(LOCK)) return;
      observer.disconnect();
      waiting = null;
      scroll();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: [LOCK] });
    waiting = observer;
  };
  /* Scroll `target` to the top, and keep it there for the next frames until it has landed and
     stays: blocks that render late (content-visibility) move it or make the page long enough
     to scroll it further (a scroll to a far question may first stop at the page's end as
     estimated), and a scroll may not take while the page is still locked or restored by
     Material's search as it closes. A reader who scrolls, taps or presses a key meanwhile has
     the page to themselves. */
  const USER_INPUT = ["wheel", "touchstart", "keydown", "mousedown"];
  let settling = null;
  const settle = (target, frames) => {
    if (settling) settling();
    let left = frames, done = false;
    const stop = () => {
      done = true;
      settling = null;
      for (const name of USER_INPUT) window.removeEventListener(name, stop, true);
    };
    for (const name of USER_INPUT) window.addEventListener(name, stop, { capture: true, passive: true });
    settling = stop;
    const page = document.documentElement;
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    const landed = () => {
      const top = target.getBoundingClientRect().top;
      if (Math.abs(top - margin) <= 2) return true;
      // as far as the page goes: at its end (the target below the top) or at its start
      return top > margin ? window.scrollY + window.innerHeight >= page.scrollHeight - 1 : window.scrollY <= 0;
    };
    const check = () => {
      if (done) return;
      if (!target.isConnected || left-- <= 0) return stop();
      if (!landed()) target.scrollIntoView({ block: "start" });
      window.requestAnimationFrame(check);
    };
    target.scrollIntoView({ block: "start" });
    window.requestAnimationFrame(check);
  };

  /* ---------- search previews: one sentence ---------- */
  const SENTENCE_END = /[.!?](?=\s|$)/g;
  const oneSentence = (article) => {
    if (article.dataset.mlprepPreview) return;
    article.dataset.mlprepPreview = "1";
    const block = article.querySelector(":scope > :is(h1, h2) + :not(nav)");
    if (!block) return;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push([node, text.length]);
      text += node.data;
    }
    const mark = block.querySelector("mark");
    const first = mark && document.createTreeWalker(mark, NodeFilter.SHOW_TEXT).nextNode();
    const found = first && nodes.find(([node]) => node === first);
    const at = found ? found[1] : 0;
    let start = 0, end = text.length;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
      const stop = m.index + 1;
      if (stop <= at) start = stop;
      else { end = stop; break; }
    }
    for (const [node, offset] of nodes) {
      const from = Math.max(0, start - offset), to = Math.min(node.data.length, end - offset);
      node.data = to > from ? node.data.slice(from, to) : "";
    }
    const lead = nodes.find(([node]) => node.data.trim());
    if (lead) lead[0].data = lead[0].data.trimStart();
  };
  let results = null;
  const previews = new MutationObserver(() => {
    if (results) results.querySelectorAll(".md-search-result__article").forEach(oneSentence);
  });
  const watchSearch = () => {
    const list = document.querySelector(".md-search-result__list");
    if (!list || list === results) return;
    previews.disconnect();
    results = list;
    previews.observe(list, { childList: true, subtree: true });
  };

  const withoutEmptyHighlight = (href) => {
    const url = new URL(href, window.location.href);
    if (!url.searchParams.has("h") || url.searchParams.get("h").trim()) return null;
    url.searchParams.delete("h");
    return url.href;
  };
  // Capture phase: before Material's instant navigation follows the link.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    const clean = link && withoutEmptyHighlight(link.href);
    if (clean) link.href = clean;
  }, true);
  const cleanAddress = () => {
    const clean = withoutEmptyHighlight(window.location.href);
    if (clean) history.replaceState(history.state, "", clean);
  };

  // pushState/replaceState change the hash without an event; Material's instant navigation
  // uses them, so wrap both once.
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (...args) {
      const result = original.apply(this, args);
      window.setTimeout(openTarget, 0);
      return result;
    };
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("popstate", () => window.setTimeout(openTarget, 0));
  const arrive = () => {
    cleanAddress();
    openTarget();
    watchSearch();
  };
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(() => window.setTimeout(arrive, 0));
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", arrive);
  } else {
    arrive();
  }
  window.mlprepSite = { openTarget };
})();
