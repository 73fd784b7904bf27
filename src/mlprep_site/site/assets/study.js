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
 * Question text is text (textContent only); answer_html is trusted build output.
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
  const SCRIPT_URL = document.currentScript ? document.currentScript.src : "";
  let memory = null; // when localStorage is unavailable (private mode, disabled storage)
  let quiz = null;
  const banks = {};

  /* ---------- storage and the Leitner schedule ---------- */
  const load = () => {
    let raw = memory;
    try { raw = localStorage.getItem(KEY); } catch (e) { /* keep memory */ }
    let data = null;
    try { data = JSON.parse(raw); } catch (e) { /* start afresh */ }
    if (!data || data.v !== VERSION || !data.q || typeof data.q !== "object") return { v: VERSION, q: {} };
    for (const [id, e] of Object.entries(data.q)) {
      if (!e || !LABEL[e.g] || !(e.b >= 1 && e.b <= 5) || typeof e.due !== "number") delete data.q[id];
    }
    return data;
  };
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
  const questionText = (text) =>
    String(text).split(/(`[^`]+`)/).map((part) =>
      /^`[^`]+`$/.test(part) ? el("code", { textContent: part.slice(1, -1) }) : part);

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

  const initQuestion = (details) => {
    if (details.dataset.mlprepStudy) return;
    details.dataset.mlprepStudy = "1";
    // The badge goes inside the question's heading (before its permalink), on the question's line.
    const title = details.querySelector(":scope > summary > h2") || details.querySelector(":scope > summary");
    if (title) {
      title.insertBefore(el("span", { className: "mlprep-badge", hidden: true }),
        title.querySelector(":scope > .headerlink"));
    }
    if (!answered(details)) return;
    const { qid, topic } = details.dataset;
    details.append(gradeBar((g) => grade(qid, topic, g)));
  };

  const setAllOpen = (open) => questionsOnPage().forEach((d) => { d.open = open; });
  const confirmForget = (message, ids, topic) => {
    if (window.confirm(message)) forget(ids, topic);
  };
  const initControls = (box) => {
    if (box.dataset.mlprepStudy) return;
    box.dataset.mlprepStudy = "1";
    const topic = box.dataset.topic;
    box.append(
      button("Expand all", () => setAllOpen(true)),
      button("Collapse all", () => setAllOpen(false)),
      button("Reset topic", () => confirmForget(
        "Forget your grades for this topic?",
        new Set(questionsOnPage().filter((d) => d.dataset.topic === topic).map((d) => d.dataset.qid)),
        topic)),
      button("Reset everything", resetEverything),
    );
  };
  const resetEverything = () => confirmForget("Forget all your grades on this site?", new Set(Object.keys(load().q)));

  /* Answered question ids per topic: from the page when the topic is on it, else from bank.json. */
  const fetchBank = (url) => {
    if (!banks[url]) {
      banks[url] = fetch(url).then((r) => {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
      banks[url].catch(() => { delete banks[url]; });
    }
    return banks[url];
  };
  const idsFromBank = (bank) => {
    const ids = {};
    for (const t of bank.topics) {
      ids[t.slug] = t.questions.filter((q) => q.answer_html != null || q.answer != null).map((q) => q.id);
    }
    return ids;
  };
  let homeIds = null;

  function refresh() {
    const data = load().q;
    const onPage = {};
    for (const d of questionsOnPage()) {
      const entry = data[d.dataset.qid];
      const badge = d.querySelector(".mlprep-badge");
      if (badge) {
        badge.hidden = !entry;
        badge.dataset.grade = entry ? entry.g : "";
        badge.textContent = entry ? LABEL[entry.g] : "";
      }
      d.querySelectorAll(":scope > .mlprep-grade button").forEach((b) =>
        b.setAttribute("aria-pressed", String(!!entry && b.dataset.grade === entry.g)));
      if (answered(d)) (onPage[d.dataset.topic] = onPage[d.dataset.topic] || []).push(d.dataset.qid);
    }
    const spans = Array.from(document.querySelectorAll(".mlprep-progress[data-topic]"));
    // A span with data-total (answered questions) counts stored grades by topic; one without,
    // for a topic not on this page, needs the topic's ids from bank.json.
    const missing = spans.some((s) => !onPage[s.dataset.topic] && !s.dataset.total);
    if (missing && !homeIds && SCRIPT_URL) {
      fetchBank(new URL("bank.json", SCRIPT_URL).href).then((bank) => {
        homeIds = idsFromBank(bank);
        refresh();
      }, () => {});
    }
    const isKnown = (id) => data[id] && data[id].g === "known";
    for (const span of spans) {
      const topic = span.dataset.topic;
      const ids = onPage[topic] || (homeIds && homeIds[topic]);
      if (ids) {
        span.textContent = ids.filter(isKnown).length + " of " + ids.length + " known";
      } else if (span.dataset.total) {
        const known = Object.keys(data).filter((id) => data[id].t === topic && isKnown(id)).length;
        span.textContent = known + " of " + span.dataset.total + " known";
      }
    }
  }

  /* ---------- the quiz ---------- */
  const checked = (form, name) =>
    Array.from(form.querySelectorAll("input[name=" + name + "]:checked"), (i) => i.value);
  const matches = (form) => {
    const topics = checked(form, "topic"), tags = checked(form, "tag"), levels = checked(form, "difficulty");
    return (q) => (!topics.length || topics.includes(q.topic))
      && (!levels.length || levels.includes(q.difficulty || ""))
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

  const buildQuiz = (root, bank, bankUrl) => {
    const siteRoot = new URL("../../", bankUrl);
    const all = [], tags = new Set(), levels = new Set();
    for (const t of bank.topics) {
      for (const q of t.questions) {
        if (q.answer_html == null) continue;
        all.push(Object.assign({}, q, { topic: t.slug, topicTitle: t.title, tags: q.tags || [] }));
        q.tags && q.tags.forEach((tag) => tags.add(tag));
        levels.add(q.difficulty || "");
      }
    }
    const form = el("form", { className: "mlprep-quiz-filters", onsubmit: (e) => e.preventDefault() },
      fieldset("Topics", "topic", bank.topics.map((t) => [t.slug, t.title])),
      fieldset("Difficulty", "difficulty", ["easy", "medium", "hard", ""].filter((d) => levels.has(d))
        .map((d) => [d, d || "unrated"])),
      fieldset("Tags", "tag", Array.from(tags).sort().map((t) => [t, t])));
    const status = el("p", { className: "mlprep-quiz-status", role: "status" });
    const stage = el("div", { className: "mlprep-quiz-stage" });
    const actions = el("div", { className: "mlprep-quiz-session" },
      button("Shuffle", () => newRound()), button("Reset everything", resetEverything));
    root.replaceChildren(form, actions, status, stage);
    const state = { root, queue: [], pos: 0, graded: 0, revealed: false, current: null };
    quiz = state;

    const newRound = () => {
      const order = reviewOrder(all.filter(matches(form)));
      Object.assign(state, { queue: order.queue, pos: 0, graded: 0 });
      state.summary = order.due + " due, " + order.fresh + " new";
      show(false);
    };
    const show = (focus) => {
      const q = state.queue[state.pos];
      const last = q && load().q[q.id];
      state.current = q || null;
      state.revealed = false;
      if (!q) {
        status.textContent = state.queue.length
          ? "Done: " + state.graded + " graded. Shuffle for another round."
          : "No answered question matches these filters.";
        stage.replaceChildren();
        return;
      }
      status.textContent = "Question " + (state.pos + 1) + " of " + state.queue.length + " (" + state.summary + ")";
      const answer = el("div", { className: "mlprep-quiz-answer", hidden: true, tabIndex: -1 });
      answer.innerHTML = q.answer_html; // trusted: rendered by the site build
      const base = q.url ? new URL(q.url, siteRoot) : siteRoot;
      answer.querySelectorAll("[href],[src]").forEach((node) => {
        const attr = node.hasAttribute("href") ? "href" : "src";
        node.setAttribute(attr, new URL(node.getAttribute(attr), base).href);
      });
      if (q.url) answer.append(el("p", {}, el("a", { href: base.href, textContent: "Open on its topic page" })));
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
        el("h2", { className: "mlprep-quiz-question", tabIndex: -1 }, ...questionText(q.question)),
        answer, el("div", { className: "mlprep-quiz-actions" }, reveal, skip), bar);
      Object.assign(card.dataset, { qid: q.id, topic: q.topic, difficulty: q.difficulty || "" });
      stage.replaceChildren(card);
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
    root.textContent = "Loading questions…";
    const bankUrl = new URL(root.dataset.bank || "", location.href).href;
    fetchBank(bankUrl).then((bank) => buildQuiz(root, bank, bankUrl), () => {
      root.textContent = "Could not load the questions (" + bankUrl + ").";
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
    document.querySelectorAll("#mlprep-quiz").forEach(initQuiz);
    refresh();
  };
  const start = () => {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
    else init();
  };

  window.mlprepStudy = { load, nextBox, INTERVAL_DAYS };
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("storage", (e) => { if (e.key === KEY || e.key === null) refresh(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
