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
    const heading = document.getElementById(hashId());
    if (heading) heading.scrollIntoView({ block: "start" });
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
