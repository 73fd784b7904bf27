/* mlprep study mode: self-grading, progress, the in-page filter, the spaced review the quiz
 * (quiz.js) follows. No framework.
 *
 * Storage: one localStorage key, "mlprep-study", holding
 *   {"v": 1, "q": {"<question id>": {"g": grade, "b": box, "due": ms, "t": "<topic slug>", "at": ms}}}
 * where grade is "known" (knew it, key 1), "partly" (key 2) or "unknown" (didn't know, key 3).
 * Another version or unreadable JSON starts afresh instead of breaking the page; an entry that is
 * not one of the above is dropped.
 *
 * Ids and slugs are content: `constructor`, `__proto__` or `toString` are ids like any other. Maps
 * and objects without a prototype hold everything keyed by them; nothing is looked up on a plain
 * object.
 *
 * Spaced review: Leitner boxes 1-5; a question never graded is "new" (no box).
 *   knew it      one box up (new: box 2), at most box 5
 *   partly       one box down, at least box 1 (new: box 1)
 *   didn't know  box 1; in a running quiz the question also comes back after 3 other cards
 * A question is due INTERVAL_DAYS[box] days after its last grade:
 *   box 1: 0 (at once), box 2: 1 day, box 3: 3 days, box 4: 7 days, box 5: 21 days.
 * Quiz order, always within the filters: due questions (lowest box first, shuffled within a box),
 * then new ones (shuffled), then the others, soonest due first.
 *
 * Progress moves between browsers as a file: Export writes the stored object as JSON; Import
 * reads one back and merges it, the newer grade ("at") of a question winning; a file that is not
 * such an object is rejected with a message and changes nothing. When the browser refuses to
 * store (quota, private mode), the message says the grades are kept for this visit only.
 *
 * Topic pages: no work per question when the page loads (a page may hold 500): a new reader's
 * page is not written to, and nothing goes over its blocks. A question's grade buttons are made
 * when it is first opened (one listener for the page), as is its link to itself on a page whose
 * headings have none; the link to its source line is in the page's HTML. Grades are shown on
 * the questions that have one, found by their ids. The filter (words, tag, difficulty, grade)
 * hides the blocks that do not match, and reads the blocks only when first used; it keeps its
 * state in the URL (?words=…&tag=…&difficulty=…&grade=not-known|due). On a page of many
 * questions the blocks come in groups (div.mlprep-group, site/far_groups.py).
 * The home page's progress spans carry their topic's answered question ids (data-ids).
 *
 * The buttons of topic pages and the home page are in the page's HTML (so nothing moves when
 * this script runs); this script binds them by their data-action. What forgets grades sits in a
 * "⋯" menu and asks before it forgets.
 *
 * Question text is text (textContent only); answer HTML is trusted build output.
 * Works with Material's instant navigation: init runs on every document$ emission, and every
 * element it binds is marked, so nothing is bound twice. It binds the page's controls at once
 * (a click must find them bound), and shows the grades in a task of its own, not in the theme's
 * (a long one on a big page); both measure themselves ("mlprep init", "mlprep grades":
 * bench/profile_page.py reads them, tests wait for them).
 */
(() => {
  "use strict";
  if (window.mlprepStudy) return;
  const KEY = "mlprep-study";
  const VERSION = 1;
  const DAY = 864e5;
  const INTERVAL_DAYS = [0, 0, 1, 3, 7, 21];
  const REQUEUE_AFTER = 3;
  const GRADES = [["known", "Knew it", "1"], ["partly", "Partly", "2"], ["unknown", "Didn't know", "3"]];
  const LABEL = new Map([["known", "knew it"], ["partly", "partly"], ["unknown", "didn't know"]]);
  const FILTERS = ["words", "tag", "difficulty", "grade"];
  let memory = null; // what was last saved, and all there is when the browser refused to store it
  let memoryOnly = false;

  /* ---------- storage and the Leitner schedule ---------- */
  const table = () => Object.create(null);
  const isProgress = (data) =>
    !!data && data.v === VERSION && !!data.q && typeof data.q === "object" && !Array.isArray(data.q);
  const isTime = (n) => typeof n === "number" && Number.isFinite(n);
  const validEntry = (e) => !!e && typeof e === "object" && typeof e.g === "string" && LABEL.has(e.g)
    && Number.isInteger(e.b) && e.b >= 1 && e.b <= 5 && isTime(e.due)
    && (e.at === undefined || isTime(e.at)) && (e.t === undefined || typeof e.t === "string");
  /* The valid entries of `q`, copied field by field into a table without a prototype. */
  const entries = (q) => {
    const kept = table();
    for (const [id, e] of Object.entries(q)) {
      if (!validEntry(e)) continue;
      const entry = { g: e.g, b: e.b, due: e.due };
      if (e.t !== undefined) entry.t = e.t;
      if (e.at !== undefined) entry.at = e.at;
      kept[id] = entry;
    }
    return kept;
  };
  /* The stored grades, read and checked once and kept until they change (a page of 500 questions
     opened all at once asks for them 500 times). Callers may change what they get, then save it. */
  let loaded = null;
  const load = () => {
    if (!loaded) loaded = read();
    return loaded;
  };
  const read = () => {
    let raw = memory;
    if (!memoryOnly) {
      try { raw = localStorage.getItem(KEY); } catch (e) { /* keep memory */ }
    }
    let data = null;
    try { data = JSON.parse(raw); } catch (e) { /* start afresh */ }
    return { v: VERSION, q: isProgress(data) ? entries(data.q) : table() };
  };
  /* Stores `data`; false when the browser kept it for this visit only. */
  const save = (data) => {
    loaded = data;
    memory = JSON.stringify(data);
    memoryOnly = false;
    try { localStorage.setItem(KEY, memory); } catch (e) { memoryOnly = true; }
    refresh();
    return !memoryOnly;
  };
  const nextBox = (box, grade) =>
    grade === "known" ? Math.min(5, Math.max(box, 1) + 1)
      : grade === "partly" ? Math.max(1, box - 1) : 1;
  const grade = (id, topic, g) => {
    const data = load();
    const now = Date.now();
    const last = data.q[id];
    const box = nextBox(last ? last.b : 0, g);
    data.q[id] = { g, b: box, due: now + INTERVAL_DAYS[box] * DAY, t: topic, at: now };
    save(data);
  };
  const forget = (ids, topic) => {
    const data = load();
    for (const id of Object.keys(data.q)) {
      if (ids.has(id) || (topic && data.q[id].t === topic)) delete data.q[id];
    }
    save(data);
  };
  const isDue = (entry, now) => !!entry && entry.due <= now;

  /* ---------- small DOM helpers ---------- */
  const el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  };
  const button = (text, onclick, props) =>
    el("button", Object.assign({ type: "button", className: "mlprep-button", onclick }, props), text);
  const shuffle = (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const plural = (n, noun) => n + " " + noun + (n === 1 ? "" : "s");
  /* Question text with `code spans` as <code>; everything goes in through text nodes. */
  // \x60 is the backtick: written out, it would read as a template literal to the minifier.
  const questionText = (text) =>
    String(text).split(/(\x60[^\x60]+\x60)/).map((part) =>
      /^\x60[^\x60]+\x60$/.test(part) ? el("code", { textContent: part.slice(1, -1) }) : part);

  const gradeBar = (onGrade) => {
    const bar = el("div", { className: "mlprep-grade", role: "group" });
    bar.setAttribute("aria-label", "How well did you know it?");
    for (const [g, text, key] of GRADES) {
      const b = button(text, () => onGrade(g), { className: "mlprep-button mlprep-grade-" + g });
      b.dataset.grade = g;
      b.setAttribute("aria-keyshortcuts", key);
      b.setAttribute("aria-pressed", "false");
      bar.append(b);
    }
    return bar;
  };

  /* ---------- topic pages and the home page ---------- */
  const questionsOnPage = () => Array.from(document.querySelectorAll("details.mlprep-question"));
  const answered = (details) => !details.classList.contains("mlprep-wanted");
  /* The page's question blocks by id, made when first needed: never for a new reader. */
  let blockIndex = null;
  const blocksById = () => {
    if (!blockIndex) {
      blockIndex = new Map();
      for (const d of questionsOnPage()) blockIndex.set(d.dataset.qid, d);
    }
    return blockIndex;
  };

  /* A question's grade buttons are made when it is first opened: one listener for the page
     (toggle does not bubble: it is caught on its way down), nothing per question. */
  const onToggle = (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open) return;
    if (!details.matches("details.mlprep-question")) return;
    addPermalink(details);
    if (!answered(details) || details.querySelector(":scope > .mlprep-grade")) return;
    const { qid, topic } = details.dataset;
    const bar = gradeBar((g) => grade(qid, topic, g));
    details.insertBefore(bar, details.querySelector(":scope > .mlprep-question-refs, :scope > .mlprep-question-foot"));
    showGrade(details, load().q[qid]);
  };
  /* On a page of many questions the heading has no permalink of its own (render_path.py): the
     question's link to itself (its heading's id) is put first in its footer when it is opened.
     The footer and its source link are in the page's HTML. */
  const addPermalink = (details) => {
    const heading = details.querySelector(":scope > summary > h2[id]");
    if (!heading || heading.querySelector(".headerlink") || details.querySelector(":scope > .mlprep-question-foot > .mlprep-permalink")) return;
    let foot = details.querySelector(":scope > .mlprep-question-foot");
    if (!foot) foot = details.appendChild(el("p", { className: "mlprep-question-foot" }));
    const link = el("a", { className: "mlprep-permalink", href: "#" + encodeURIComponent(heading.id), textContent: "link" });
    foot.prepend(link, foot.firstChild ? " \u00b7 " : "");
  };
  /* A question's grade: its icon (study.css, from data-grade), a badge in its heading (before
     the permalink) that screen readers read with the question, its pressed grade button. */
  const showGrade = (details, entry) => {
    if (entry) details.dataset.grade = entry.g;
    else delete details.dataset.grade;
    let badge = details.querySelector(":scope > summary .mlprep-badge");
    const title = details.querySelector(":scope > summary > h2") || details.querySelector(":scope > summary");
    if (!badge && entry && title) {
      badge = title.insertBefore(el("span", { className: "mlprep-badge" }), title.querySelector(":scope > .headerlink"));
    }
    if (badge) {
      badge.hidden = !entry;
      badge.textContent = entry ? "(your grade: " + LABEL.get(entry.g) + ")" : "";
    }
    details.querySelectorAll(":scope > .mlprep-grade button").forEach((b) =>
      b.setAttribute("aria-pressed", String(!!entry && b.dataset.grade === entry.g)));
  };

  const visibleQuestions = () => questionsOnPage().filter((d) => !d.hidden);
  const setAllOpen = (open) => visibleQuestions().forEach((d) => { d.open = open; });

  /* The "⋯" menu: a button that shows a panel. Its buttons ask first, in the panel itself
     ("Forget …? [Forget] [Cancel]"), and forget only when told to. Escape or a click elsewhere
     closes it. */
  const bindMenu = (menu, actions) => {
    if (!menu || menu.dataset.mlprepStudy) return;
    menu.dataset.mlprepStudy = "1";
    const opener = menu.querySelector(".mlprep-menu-button");
    const panel = menu.querySelector(".mlprep-menu-panel");
    const choices = Array.from(panel.children);
    let pending = null, confirm = null, question = null, no = null;
    // The confirmation is made when first asked for: a page that loads writes nothing.
    const confirmation = () => {
      if (confirm) return;
      question = el("p", { className: "mlprep-confirm-text" });
      confirm = el("div", { className: "mlprep-confirm", hidden: true }, question);
      confirm.setAttribute("role", "alertdialog");
      confirm.setAttribute("aria-label", "Confirm");
      const yes = button("Forget", () => {
        const run = pending;
        show(false);
        opener.focus();
        if (run) run();
      }, { className: "mlprep-button mlprep-danger" });
      no = button("Cancel", () => { show(false); opener.focus(); });
      confirm.append(yes, no);
      panel.append(confirm);
    };
    const show = (open) => {
      pending = null;
      panel.hidden = !open;
      opener.setAttribute("aria-expanded", String(open));
      if (confirm) confirm.hidden = true;
      choices.forEach((c) => { c.hidden = false; });
      if (open) choices[0].focus();
    };
    menu.mlprepClose = () => show(false);
    opener.addEventListener("click", () => show(panel.hidden));
    panel.addEventListener("click", (e) => {
      const target = e.target instanceof Element ? e.target.closest("button[data-action]") : null;
      const action = target && actions.get(target.dataset.action);
      if (!action) return;
      confirmation();
      pending = action.run;
      question.textContent = action.ask;
      choices.forEach((c) => { c.hidden = true; });
      confirm.hidden = false;
      no.focus();
    });
    menu.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !panel.hidden) {
        show(false);
        opener.focus();
      }
    });
  };
  const closeMenus = (e) => {
    for (const menu of document.querySelectorAll(".mlprep-menu")) {
      if (menu.mlprepClose && !(e.target instanceof Node && menu.contains(e.target))) {
        if (!menu.querySelector(".mlprep-menu-panel").hidden) menu.mlprepClose();
      }
    }
  };
  const resetTopic = (topic) => ({
    ask: "Forget your grades for this topic?",
    run: () => forget(new Set(questionsOnPage().filter((d) => d.dataset.topic === topic).map((d) => d.dataset.qid)), topic),
  });
  const resetEverything = { ask: "Forget all your grades on this site?", run: () => forget(new Set(Object.keys(load().q))) };
  /* The "⋯" menu for pages built by script (the quiz): the same markup as the page writer's. */
  const moreMenu = (items) => {
    const panel = el("div", { className: "mlprep-menu-panel", role: "group", hidden: true });
    panel.setAttribute("aria-label", "Forget grades");
    for (const [action, text] of items) {
      panel.append(el("button", { type: "button", className: "mlprep-button", textContent: text }));
      panel.lastChild.dataset.action = action;
    }
    const opener = button("\u22ef", null, { className: "mlprep-button mlprep-menu-button", title: "More actions" });
    opener.setAttribute("aria-expanded", "false");
    opener.setAttribute("aria-label", "More actions");
    return el("div", { className: "mlprep-menu" }, opener, panel);
  };

  const initControls = (box) => {
    if (box.dataset.mlprepStudy) return;
    box.dataset.mlprepStudy = "1";
    const topic = box.dataset.topic;
    bindActions(box, { expand: () => setAllOpen(true), collapse: () => setAllOpen(false) });
    bindMenu(box.querySelector(".mlprep-menu"),
      new Map([["reset-topic", resetTopic(topic)], ["reset-all", resetEverything]]));
    const form = box.querySelector(".mlprep-filter-form");
    if (form) initFilter(form, box.querySelector(".mlprep-filter-status"));
  };
  /* The page's own buttons (written by the page writer) run actions[button.dataset.action]. */
  const bindActions = (box, actions) => {
    box.addEventListener("click", (e) => {
      const target = e.target instanceof Element ? e.target.closest("button[data-action]") : null;
      const action = target && box.contains(target) && Object.hasOwn(actions, target.dataset.action)
        ? actions[target.dataset.action] : null;
      if (action) action();
    });
  };

  /* ---------- the filter of a topic page ---------- */
  const initFilter = (form, status) => {
    // A block's words (question, its body, its answer) in lower case, read when words are first typed.
    const texts = new WeakMap();
    const text = (d) => {
      if (!texts.has(d)) {
        const parts = d.querySelectorAll(":scope > :is(summary, .mlprep-question-body, .mlprep-answer)");
        texts.set(d, Array.from(parts, (p) => p.textContent).join(" ").toLowerCase());
      }
      return texts.get(d);
    };
    // Each section heading with the blocks under it (or in the groups under it): hidden when
    // none of them shows. Read when the filter is first applied.
    let sections = null;
    const readSections = () => {
      sections = [];
      for (const heading of document.querySelectorAll("h2.mlprep-section")) {
        const blocks = [];
        for (let n = heading.nextElementSibling; n && !n.matches("h2.mlprep-section"); n = n.nextElementSibling) {
          if (n.matches("details.mlprep-question")) blocks.push(n);
          else if (n.matches(".mlprep-group")) blocks.push(...n.querySelectorAll(":scope > details.mlprep-question"));
        }
        sections.push([heading, blocks]);
      }
    };
    // A group none of whose blocks shows is hidden too (nothing of it is left to lay out).
    const groups = Array.from(document.querySelectorAll(".mlprep-group"));
    const field = (name) => form.elements.namedItem(name);
    const value = (name) => (field(name) ? field(name).value : "");
    const apply = (share) => {
      const words = value("words").toLowerCase().split(/\s+/).filter(Boolean);
      const tag = value("tag"), level = value("difficulty"), wanted = value("grade");
      const data = load().q, now = Date.now();
      const questions = questionsOnPage();
      let shown = 0;
      for (const d of questions) {
        const entry = data[d.dataset.qid];
        const byGrade = !wanted || (answered(d)
          && (wanted === "due" ? isDue(entry, now) : !(entry && entry.g === "known")));
        const match = byGrade && (!level || d.dataset.difficulty === level)
          && (!tag || d.dataset.tags.split(" ").includes(tag))
          && (!words.length || words.every((w) => text(d).includes(w)));
        if (d.hidden === match) d.hidden = !match;
        if (match) shown++;
      }
      if (!sections) readSections();
      for (const [heading, blocks] of sections) {
        const hide = !blocks.some((d) => !d.hidden);
        if (heading.hidden !== hide) heading.hidden = hide;
      }
      for (const group of groups) {
        const hide = !group.querySelector(":scope > details.mlprep-question:not([hidden])");
        if (group.hidden !== hide) group.hidden = hide;
      }
      const active = !!(words.length || tag || level || wanted);
      status.textContent = active ? "Showing " + shown + " of " + plural(questions.length, "question") : "";
      if (active && !clear) {
        // Made when first needed: a page that loads writes nothing.
        clear = button("Clear filter", () => {
          form.reset();
          apply(true);
          field("words").focus();
        });
        status.after(clear);
      }
      if (clear) clear.hidden = !active;
      if (share) {
        const url = new URL(location.href);
        for (const name of FILTERS) {
          const v = value(name).trim();
          if (v) url.searchParams.set(name, v);
          else url.searchParams.delete(name);
        }
        if (url.href !== location.href) history.replaceState(history.state, "", url.href);
      }
    };
    let clear = null;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", () => apply(true));
    form.addEventListener("change", () => apply(true));
    const params = new URLSearchParams(location.search);
    let given = false;
    for (const name of FILTERS) {
      const v = params.get(name);
      const input = field(name);
      if (!v || !input) continue;
      if (input.tagName === "SELECT" && !Array.from(input.options).some((o) => o.value === v)) continue;
      input.value = v;
      given = true;
    }
    if (given) apply(false);
    refilter = () => { if (status.isConnected && status.textContent) apply(false); };
  };
  let refilter = () => {};

  /* ---------- progress as a file: export, import (merge, newer grade wins) ---------- */
  const exportProgress = (message) => {
    const data = load();
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "mlprep-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(link.href), 0);
    message.textContent = "Exported " + plural(Object.keys(data.q).length, "grade") + ".";
  };
  /* The merge of `text` into the stored grades, or an error message for a malformed file. */
  const mergeProgress = (text) => {
    let incoming = null;
    try { incoming = JSON.parse(text); } catch (e) { return { error: "This file is not JSON." }; }
    if (!isProgress(incoming)) return { error: "This file is not an mlprep progress file (version " + VERSION + ")." };
    const ids = Object.keys(incoming.q);
    const bad = ids.find((id) => !validEntry(incoming.q[id]));
    if (bad !== undefined) return { error: "The grade of question \u201c" + bad + "\u201d in this file is malformed." };
    const data = load();
    const given = entries(incoming.q);
    let taken = 0;
    for (const id of ids) {
      const e = given[id], mine = data.q[id];
      if (!mine || (e.at || 0) > (mine.at || 0)) {
        data.q[id] = e;
        taken++;
      }
    }
    return { data, taken, total: ids.length };
  };
  const importProgress = (file, message) => {
    file.text().then((text) => {
      const result = mergeProgress(text);
      if (result.error) {
        message.textContent = "Not imported: " + result.error;
        message.dataset.state = "error";
        return;
      }
      const stored = save(result.data);
      // What is stored now, read back: the count of the merge when it was kept.
      const kept = Object.keys(load().q).filter((id) => Object.hasOwn(result.data.q, id)).length;
      const taken = Math.min(result.taken, kept);
      message.textContent = stored
        ? "Imported " + plural(taken, "grade") + " of " + result.total + " (a grade newer in this browser is kept)."
        : "Imported " + plural(taken, "grade") + " of " + result.total + " for this visit only: this browser "
          + "refused to store them (its storage is full or disabled). Export them before you leave.";
      message.dataset.state = stored ? "ok" : "error";
    }, () => { message.textContent = "Not imported: the file could not be read."; });
  };
  const initProgressTools = (box) => {
    if (box.dataset.mlprepStudy) return;
    box.dataset.mlprepStudy = "1";
    const message = box.querySelector(".mlprep-progress-message") || box;
    const picker = el("input", { type: "file", accept: ".json,application/json", hidden: true });
    picker.setAttribute("aria-label", "Progress file to import");
    picker.addEventListener("change", () => {
      if (picker.files && picker.files[0]) importProgress(picker.files[0], message);
      picker.value = "";
    });
    box.append(picker);
    bindActions(box, { export: () => exportProgress(message), import: () => picker.click() });
  };

  /* ---------- counts, bars and "continue where you left off" ---------- */
  /* Each topic's answered ids as the home page lists them (its spans' data-ids). */
  const listedIds = () => {
    const ids = new Map();
    for (const span of document.querySelectorAll(".mlprep-progress[data-ids]")) {
      if (!ids.has(span.dataset.topic)) ids.set(span.dataset.topic, span.dataset.ids.split(" ").filter(Boolean));
    }
    return ids;
  };
  /* A topic's [known, answered] on its own page: the answered blocks counted by the browser, the
     known ones among the stored grades (no pass over the blocks for a new reader). */
  const pageCounts = (topic, data) => {
    const selector = 'details.mlprep-question:not(.mlprep-wanted)[data-topic="' + CSS.escape(topic) + '"]';
    const total = document.querySelectorAll(selector).length;
    let known = 0;
    for (const id of Object.keys(data)) {
      if (data[id].g !== "known") continue;
      const d = blocksById().get(id);
      if (d && answered(d) && d.dataset.topic === topic) known++;
    }
    return [known, total];
  };
  const showContinue = (box, ids, data) => {
    const now = Date.now();
    let best = null;
    for (const span of document.querySelectorAll(".mlprep-progress[data-ids]")) {
      const mine = ids.get(span.dataset.topic) || [];
      const due = mine.filter((id) => isDue(data[id], now)).length;
      const graded = mine.filter((id) => data[id]).length;
      const link = span.closest("li") && span.closest("li").querySelector("a");
      if (link && (due > 0 || graded > 0) && (!best || due > best.due || (due === best.due && graded > best.graded))) {
        best = { due, graded, total: mine.length, link };
      }
    }
    if (!best) return;
    const url = new URL(best.link.href);
    if (best.due) url.searchParams.set("grade", "due");
    else url.searchParams.set("grade", "not-known");
    const where = el("a", { href: url.href, textContent: best.link.textContent });
    const what = best.due ? ": " + plural(best.due, "question") + " due for review." : ": "
      + (best.total - best.graded) + " of " + plural(best.total, "question") + " not graded yet.";
    box.replaceChildren(el("p", {}, "Continue where you left off: ", where, what));
  };

  function refresh() {
    const data = load().q;
    // Only a block whose grade changed is touched, found by its id: a new reader's page is not
    // written to, and no pass goes over its blocks.
    for (const d of document.querySelectorAll("details.mlprep-question[data-grade]")) {
      if (!data[d.dataset.qid]) showGrade(d, undefined);
    }
    for (const id of Object.keys(data)) {
      const d = blocksById().get(id);
      if (d && data[id].g !== d.dataset.grade) showGrade(d, data[id]);
    }
    const ids = listedIds();
    const isKnown = (id) => !!data[id] && data[id].g === "known";
    for (const span of document.querySelectorAll(".mlprep-progress[data-topic]")) {
      const mine = ids.get(span.dataset.topic);
      const [known, total] = mine ? [mine.filter(isKnown).length, mine.length] : pageCounts(span.dataset.topic, data);
      const text = known + " of " + total + " known";
      if ((mine || total) && span.textContent !== text) span.textContent = text;
    }
    for (const bar of document.querySelectorAll(".mlprep-bar[data-topic]")) {
      const mine = ids.get(bar.dataset.topic) || [];
      bar.style.setProperty("--known", String(mine.length ? mine.filter(isKnown).length / mine.length : 0));
    }
    document.querySelectorAll(".mlprep-continue").forEach((box) => showContinue(box, ids, data));
    refilter();
  }

  /* ---------- print: every answer open, restored afterwards ---------- */
  let closedForPrint = [];
  const beforePrint = () => {
    closedForPrint = Array.from(document.querySelectorAll("details:not([open])"));
    closedForPrint.forEach((d) => { d.open = true; });
  };
  const afterPrint = () => {
    closedForPrint.forEach((d) => { d.open = false; });
    closedForPrint = [];
  };

  /* Binding the page's controls, then (in a task of its own: the first read of the browser's
     storage can take a while) showing the grades. */
  const init = () => {
    const began = performance.now();
    refilter = () => {};
    blockIndex = null;
    document.querySelectorAll(".mlprep-study-controls").forEach(initControls);
    document.querySelectorAll(".mlprep-progress-tools").forEach(initProgressTools);
    performance.measure("mlprep init", { start: began });
    window.setTimeout(showGrades, 0);
  };
  const showGrades = () => {
    const began = performance.now();
    refresh();
    // A question the address points at and opened before this script ran gets its buttons.
    document.querySelectorAll("details.mlprep-question[open]").forEach((d) => onToggle({ target: d }));
    performance.measure("mlprep grades", { start: began });
  };
  /* `init` now, and again on every page Material's instant navigation swaps in. */
  const start = (init) => {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
    else init();
  };

  // quiz.js (bundled after this script) takes what it shares with the pages from here.
  window.mlprepStudy = {
    load, save, nextBox, mergeProgress, grade, el, button, shuffle, questionText, gradeBar, isDue,
    moreMenu, bindMenu, resetEverything, start, INTERVAL_DAYS, REQUEUE_AFTER, GRADES, LABEL,
  };
  document.addEventListener("toggle", onToggle, true);
  document.addEventListener("click", closeMenus);
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("storage", (e) => {
    if (e.key !== KEY && e.key !== null) return;
    loaded = null; // another tab changed them
    refresh();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start(init));
  else start(init);
})();
