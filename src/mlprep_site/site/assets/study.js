/* mlprep study mode: self-grading, progress, a quiz with spaced review. No framework.
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
 * Question data: only the quiz fetches any. Topic pages count their own questions; the home
 * page's progress spans carry their topic's answered question ids (data-ids). The quiz reads
 * a small index (ids, difficulty, tags) and fetches a topic's questions and answers when a
 * question of it is about to be shown (see site/quiz_data.py for the files).
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
  let quiz = null;
  const files = {}; // URL -> promise of its JSON

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

  /* ---------- the quiz ---------- */
  const fetchJson = (url) => {
    if (!files[url]) {
      files[url] = fetch(url).then((r) => {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
      files[url].catch(() => { delete files[url]; });
    }
    return files[url];
  };
  const checked = (form, name) =>
    Array.from(form.querySelectorAll("input[name=" + name + "]:checked"), (i) => i.value);
  const matches = (form) => {
    const topics = checked(form, "topic"), tags = checked(form, "tag"), levels = checked(form, "difficulty");
    return (q) => (!topics.length || topics.includes(q.topic))
      && (!levels.length || levels.includes(q.difficulty))
      && (!tags.length || q.tags.some((t) => tags.includes(t)));
  };
  /* Leitner order: due (lowest box first), new, then the rest by due date; see the header. */
  const reviewOrder = (questions) => {
    const data = load().q, now = Date.now();
    const due = [], fresh = [], later = [];
    for (const q of shuffle(questions.slice())) {
      const e = data[q.id];
      (!e ? fresh : e.due <= now ? due : later).push(q);
    }
    const stat = (q) => data[q.id];
    due.sort((a, b) => stat(a).b - stat(b).b);
    later.sort((a, b) => stat(a).due - stat(b).due);
    return { queue: due.concat(fresh, later), due: due.length, fresh: fresh.length };
  };

  const fieldset = (legend, name, options) => {
    const box = el("fieldset", { className: "mlprep-filter" }, el("legend", { textContent: legend }));
    for (const [value, text] of options) {
      box.append(el("label", {}, el("input", { type: "checkbox", name, value }), " " + text));
    }
    return box;
  };

  /* The index's questions as the filters see them. */
  const indexQuestions = (index) => {
    const all = [];
    for (const t of index.topics) {
      for (const [id, difficulty, tags] of t.questions) {
        all.push({ id, topic: t.slug, topicTitle: t.title, difficulty, tags: tags.map((n) => index.tags[n]) });
      }
    }
    return all;
  };

  const buildQuiz = (root, index, indexUrl) => {
    const siteRoot = new URL(index.root, indexUrl);
    const loaded = {}; // topic slug -> its file, once here: a card then shows at once
    const topicData = (slug) => fetchJson(new URL(slug + ".json", indexUrl).href).then((data) => {
      loaded[slug] = data;
      return data;
    });
    const all = indexQuestions(index);
    const levels = new Set(all.map((q) => q.difficulty));
    const topics = index.topics.filter((t) => t.questions.length);
    const form = el("form", { className: "mlprep-quiz-filters", onsubmit: (e) => e.preventDefault() },
      fieldset("Topics", "topic", topics.map((t) => [t.slug, t.title])),
      fieldset("Difficulty", "difficulty", ["easy", "medium", "hard", ""].filter((d) => levels.has(d))
        .map((d) => [d, d || "unrated"])),
      fieldset("Tags", "tag", index.tags.slice().sort().map((t) => [t, t])));
    // The filters fold away under the card: the question is the first thing on screen.
    const filterSummary = el("summary");
    const filters = el("details", { className: "mlprep-quiz-filter-box" }, filterSummary, form);
    filters.setAttribute("aria-label", "Quiz filters");
    const status = el("p", { className: "mlprep-quiz-status", role: "status" });
    const stage = el("div", { className: "mlprep-quiz-stage" });
    const actions = el("div", { className: "mlprep-quiz-session" },
      button("Shuffle", () => newRound()), button("Reset everything", resetEverything));
    // Shown with the first card (or message), in place of "Loading questions…": nothing moves.
    const mount = () => { if (!stage.isConnected) root.replaceChildren(status, stage, actions, filters); };
    const state = { root, queue: [], pos: 0, graded: 0, revealed: false, current: null };
    quiz = state;

    const describeFilters = () => {
      const chosen = ["topic", "difficulty", "tag"].reduce((n, name) => n + checked(form, name).length, 0);
      filterSummary.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters (all questions)";
    };
    const newRound = () => {
      const order = reviewOrder(all.filter(matches(form)));
      Object.assign(state, { queue: order.queue, pos: 0, graded: 0 });
      state.summary = order.due + " due, " + order.fresh + " new";
      describeFilters();
      show(false);
    };
    /* The card of the question at `pos`, once its topic's file is here; the next question's
       topic is fetched meanwhile, so Skip and grading do not wait. */
    const show = (focus) => {
      const q = state.queue[state.pos];
      state.current = null;
      state.revealed = false;
      if (!q) {
        mount();
        status.textContent = state.queue.length
          ? "Done: " + state.graded + " graded. Shuffle for another round."
          : "No answered question matches these filters.";
        stage.replaceChildren();
        return;
      }
      const following = state.queue[state.pos + 1];
      if (following && !loaded[following.topic]) topicData(following.topic).catch(() => {});
      if (loaded[q.topic]) {
        render(q, loaded[q.topic], focus);
        return;
      }
      status.textContent = "Loading the question…";
      stage.replaceChildren();
      topicData(q.topic).then((data) => {
        if (state.queue[state.pos] !== q || state.current === q) return; // moved on meanwhile
        render(q, data, focus);
      }, () => {
        mount();
        if (state.queue[state.pos] === q) status.textContent = "Could not load the questions of " + q.topicTitle + ".";
      });
    };
    const render = (q, data, focus) => {
      const [text, answerHtml] = data.questions[q.id] || ["", ""];
      const last = load().q[q.id];
      state.current = q;
      status.textContent = "Question " + (state.pos + 1) + " of " + state.queue.length + " (" + state.summary + ")";
      const answer = el("div", { className: "mlprep-quiz-answer", hidden: true, tabIndex: -1 });
      answer.innerHTML = answerHtml; // trusted: rendered by the site build
      const base = data.url ? new URL(data.url + "#" + q.id, siteRoot) : siteRoot;
      answer.querySelectorAll("[href],[src]").forEach((node) => {
        const attr = node.hasAttribute("href") ? "href" : "src";
        node.setAttribute(attr, new URL(node.getAttribute(attr), base).href);
      });
      if (data.url) answer.append(el("p", {}, el("a", { href: base.href, textContent: "Open on its topic page" })));
      const reveal = button("Reveal answer", () => revealAnswer());
      reveal.setAttribute("aria-keyshortcuts", "Space");
      const skip = button("Skip", () => next());
      skip.setAttribute("aria-keyshortcuts", "ArrowRight");
      const bar = gradeBar((g) => {
        grade(q.id, q.topic, g);
        state.graded++;
        if (g === "unknown") state.queue.splice(state.pos + 1 + REQUEUE_AFTER, 0, q);
        next();
      });
      bar.hidden = true;
      const card = el("article", { className: "mlprep-quiz-card" },
        el("p", { className: "mlprep-quiz-meta", textContent: [q.topicTitle, q.difficulty, q.tags.join(", "),
          last && "last time: " + LABEL[last.g]].filter(Boolean).join(" · ") }),
        el("h2", { className: "mlprep-quiz-question", tabIndex: -1 }, ...questionText(text)),
        answer, el("div", { className: "mlprep-quiz-actions" }, reveal, skip), bar);
      card.setAttribute("aria-label", "Quiz question");
      Object.assign(card.dataset, { qid: q.id, topic: q.topic, difficulty: q.difficulty });
      stage.replaceChildren(card);
      mount();
      state.card = { answer, reveal, bar };
      if (focus) reveal.focus();
    };
    const revealAnswer = () => {
      if (!state.current || state.revealed) return;
      state.revealed = true;
      const { answer, reveal, bar } = state.card;
      answer.hidden = false;
      bar.hidden = false;
      reveal.hidden = true;
      answer.focus({ preventScroll: true }); // keys 1/2/3 next; the question stays in view
    };
    const next = () => {
      if (!state.current) return;
      state.pos++;
      show(true);
    };
    Object.assign(state, { revealAnswer, next, gradeKey: (g) => state.card.bar.querySelector("[data-grade=" + g + "]").click() });
    form.addEventListener("change", newRound);
    const params = new URLSearchParams(location.search);
    for (const name of ["topic", "tag", "difficulty"]) {
      for (const value of params.getAll(name)) {
        form.querySelectorAll("input[name=" + name + "]").forEach((i) => { if (i.value === value) i.checked = true; });
      }
    }
    newRound();
  };

  const initQuiz = (root) => {
    if (root.dataset.mlprepStudy) return;
    root.dataset.mlprepStudy = "1";
    const indexUrl = new URL(root.dataset.index || "", location.href).href;
    fetchJson(indexUrl).then((index) => buildQuiz(root, index, indexUrl), () => {
      root.textContent = "Could not load the questions (" + indexUrl + ").";
    });
  };

  const typing = (target) =>
    target instanceof Element && !!target.closest("textarea, select, [contenteditable=''], [contenteditable=true], "
      + "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])");
  const onKey = (e) => {
    if (!quiz || !quiz.root.isConnected || !quiz.current || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    if (e.key === " " && !quiz.revealed) {
      // On a focused button, link or checkbox Space keeps its own meaning.
      if (e.target instanceof Element && e.target.closest("button, a, input, summary, label")) return;
      quiz.revealAnswer();
    } else if (["1", "2", "3"].includes(e.key) && quiz.revealed) {
      quiz.gradeKey(GRADES[Number(e.key) - 1][0]);
    } else if (e.key === "ArrowRight") {
      quiz.next();
    } else {
      return;
    }
    e.preventDefault();
  };

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
    document.querySelectorAll("#mlprep-quiz").forEach(initQuiz);
    refresh();
  };
  const start = () => {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
    else init();
  };

  window.mlprepStudy = { load, nextBox, mergeProgress, INTERVAL_DAYS };
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("storage", (e) => { if (e.key === KEY || e.key === null) refresh(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
