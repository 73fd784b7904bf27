/* mlprep study mode: self-grading, progress, the spaced review the quiz (quiz.js) follows. No
 * framework.
 *
 * Storage: one localStorage key, "mlprep-study", holding
 *   {"v": 1, "q": {"<question id>": {"g": grade, "b": box, "due": ms, "t": "<topic slug>", "at": ms}}}
 * where grade is "known" (knew it, key 1), "partly" (key 2) or "unknown" (didn't know, key 3).
 * Another version or unreadable JSON starts afresh instead of breaking the page.
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
 * such an object is rejected with a message and changes nothing.
 *
 * Question data: only the quiz fetches any (quiz.js). Topic pages count their own questions;
 * the home page's progress spans carry their topic's answered question ids (data-ids).
 *
 * The buttons of topic pages and the home page are in the page's HTML (so nothing moves when
 * this script runs); this script binds them by their data-action.
 *
 * Question text is text (textContent only); answer HTML is trusted build output.
 * Works with Material's instant navigation: init runs on every document$ emission, and every
 * element it binds is marked, so nothing is bound twice.
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
  const LABEL = { known: "knew it", partly: "partly", unknown: "didn't know" };
  let memory = null; // when localStorage is unavailable (private mode, disabled storage)

  /* ---------- storage and the Leitner schedule ---------- */
  const load = () => {
    let raw = memory;
    try { raw = localStorage.getItem(KEY); } catch (e) { /* keep memory */ }
    let data = null;
    try { data = JSON.parse(raw); } catch (e) { /* start afresh */ }
    if (!isProgress(data)) return { v: VERSION, q: {} };
    for (const [id, e] of Object.entries(data.q)) {
      if (!validEntry(e)) delete data.q[id];
    }
    return data;
  };
  const isProgress = (data) =>
    !!data && data.v === VERSION && !!data.q && typeof data.q === "object" && !Array.isArray(data.q);
  const validEntry = (e) => !!e && !!LABEL[e.g] && e.b >= 1 && e.b <= 5 && typeof e.due === "number"
    && (e.at === undefined || typeof e.at === "number") && (e.t === undefined || typeof e.t === "string");
  const save = (data) => {
    memory = JSON.stringify(data);
    try { localStorage.setItem(KEY, memory); } catch (e) { /* memory only */ }
    refresh();
  };
  const nextBox = (box, grade) =>
    grade === "known" ? Math.min(5, Math.max(box, 1) + 1)
      : grade === "partly" ? Math.max(1, box - 1) : 1;
  const grade = (id, topic, g) => {
    const data = load();
    const now = Date.now();
    const box = nextBox((data.q[id] || {}).b || 0, g);
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

  /* A question's grade buttons are made when it is first opened: a page of 100 questions does
     not build 400 elements nobody sees. */
  const initQuestion = (details) => {
    if (details.dataset.mlprepStudy || !answered(details)) return;
    details.dataset.mlprepStudy = "1";
    const addGradeBar = () => {
      if (!details.open || details.querySelector(":scope > .mlprep-grade")) return;
      const { qid, topic } = details.dataset;
      details.append(gradeBar((g) => grade(qid, topic, g)));
      showGrade(details, load().q[qid]);
    };
    details.addEventListener("toggle", addGradeBar);
    addGradeBar();
  };
  /* A question's grade: its icon (study.css, from data-grade), a badge in its heading (before
     the permalink) that screen readers read with the question, its pressed grade button. */
  const showGrade = (details, entry) => {
    if (entry) details.dataset.grade = entry.g;
    else delete details.dataset.grade;
    let badge = details.querySelector(".mlprep-badge");
    const title = details.querySelector(":scope > summary > h2") || details.querySelector(":scope > summary");
    if (!badge && entry && title) {
      badge = title.insertBefore(el("span", { className: "mlprep-badge" }), title.querySelector(":scope > .headerlink"));
    }
    if (badge) {
      badge.hidden = !entry;
      badge.textContent = entry ? "(your grade: " + LABEL[entry.g] + ")" : "";
    }
    details.querySelectorAll(":scope > .mlprep-grade button").forEach((b) =>
      b.setAttribute("aria-pressed", String(!!entry && b.dataset.grade === entry.g)));
  };

  const setAllOpen = (open) => questionsOnPage().forEach((d) => { d.open = open; });
  const confirmForget = (message, ids, topic) => {
    if (window.confirm(message)) forget(ids, topic);
  };
  const initControls = (box) => {
    if (box.dataset.mlprepStudy) return;
    box.dataset.mlprepStudy = "1";
    const topic = box.dataset.topic;
    const actions = {
      expand: () => setAllOpen(true),
      collapse: () => setAllOpen(false),
      "reset-topic": () => confirmForget(
        "Forget your grades for this topic?",
        new Set(questionsOnPage().filter((d) => d.dataset.topic === topic).map((d) => d.dataset.qid)),
        topic),
      "reset-all": () => resetEverything(),
    };
    bindActions(box, actions);
  };
  const resetEverything = () => confirmForget("Forget all your grades on this site?", new Set(Object.keys(load().q)));
  /* The page's own buttons (written by the page writer) run actions[button.dataset.action]. */
  const bindActions = (box, actions) => {
    box.addEventListener("click", (e) => {
      const target = e.target instanceof Element ? e.target.closest("button[data-action]") : null;
      if (target && box.contains(target) && actions[target.dataset.action]) actions[target.dataset.action]();
    });
  };

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
  const plural = (n, noun) => n + " " + noun + (n === 1 ? "" : "s");
  /* The merge of `incoming` into the stored grades, or an error message for a malformed file. */
  const mergeProgress = (text) => {
    let incoming = null;
    try { incoming = JSON.parse(text); } catch (e) { return { error: "This file is not JSON." }; }
    if (!isProgress(incoming)) return { error: "This file is not an mlprep progress file (version " + VERSION + ")." };
    const bad = Object.keys(incoming.q).find((id) => !validEntry(incoming.q[id]));
    if (bad !== undefined) return { error: "The grade of question \u201c" + bad + "\u201d in this file is malformed." };
    const data = load();
    let taken = 0;
    for (const [id, e] of Object.entries(incoming.q)) {
      const mine = data.q[id];
      if (!mine || (e.at || 0) > (mine.at || 0)) {
        data.q[id] = e;
        taken++;
      }
    }
    return { data, taken, total: Object.keys(incoming.q).length };
  };
  const importProgress = (file, message) => {
    file.text().then((text) => {
      const result = mergeProgress(text);
      if (result.error) {
        message.textContent = "Not imported: " + result.error;
        message.dataset.state = "error";
        return;
      }
      save(result.data);
      message.textContent = "Imported " + plural(result.taken, "grade") + " of " + result.total
        + " (a grade newer in this browser is kept).";
      message.dataset.state = "ok";
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

  function refresh() {
    const data = load().q;
    const onPage = {};
    for (const d of questionsOnPage()) {
      showGrade(d, data[d.dataset.qid]);
      if (answered(d)) (onPage[d.dataset.topic] = onPage[d.dataset.topic] || []).push(d.dataset.qid);
    }
    // A topic's answered ids: its questions on this page, or the span's data-ids (home page).
    const isKnown = (id) => data[id] && data[id].g === "known";
    for (const span of document.querySelectorAll(".mlprep-progress[data-topic]")) {
      const ids = onPage[span.dataset.topic]
        || (span.dataset.ids !== undefined ? span.dataset.ids.split(" ").filter(Boolean) : null);
      if (ids) span.textContent = ids.filter(isKnown).length + " of " + ids.length + " known";
    }
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

  const init = () => {
    questionsOnPage().forEach(initQuestion);
    document.querySelectorAll(".mlprep-study-controls").forEach(initControls);
    document.querySelectorAll(".mlprep-progress-tools").forEach(initProgressTools);
    refresh();
  };
  /* `init` now, and again on every page Material's instant navigation swaps in. */
  const start = (init) => {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
    else init();
  };

  // quiz.js (bundled after this script) takes what it shares with the pages from here.
  window.mlprepStudy = {
    load, nextBox, mergeProgress, grade, el, button, shuffle, questionText, gradeBar, resetEverything,
    start, INTERVAL_DAYS, REQUEUE_AFTER, GRADES, LABEL,
  };
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("storage", (e) => { if (e.key === KEY || e.key === null) refresh(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start(init));
  else start(init);
})();
