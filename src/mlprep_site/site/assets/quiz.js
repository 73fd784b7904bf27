/* mlprep quiz: questions within the chosen filters in spaced-review order (see study.js for the
 * schedule and the storage), graded with buttons or keys (Space reveals, 1/2/3 grade, → skips).
 *
 * Question data: a small index (ids, difficulty, tags; see site/quiz_data.py) says what the
 * filters and the order need; a topic's questions and answers are fetched when a question of it
 * is about to be shown, so a one-topic quiz downloads one topic.
 *
 * Runs after study.js (bundled in this order) and takes its helpers from window.mlprepStudy.
 * Question text is text (textContent only); answer HTML is trusted build output.
 */
(() => {
  "use strict";
  const study = window.mlprepStudy;
  if (!study || study.quizReady) return;
  study.quizReady = true;
  const { load, grade, el, button, shuffle, questionText, gradeBar, isDue, moreMenu, bindMenu, resetEverything } = study;
  const { REQUEUE_AFTER, GRADES, LABEL } = study;
  let quiz = null;
  const files = new Map(); // URL -> promise of its JSON

  const fetchJson = (url) => {
    if (!files.has(url)) {
      const file = fetch(url).then((r) => {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
      files.set(url, file);
      file.catch(() => { files.delete(url); });
    }
    return files.get(url);
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
      (!e ? fresh : isDue(e, now) ? due : later).push(q);
    }
    const stat = (q) => data[q.id];
    due.sort((a, b) => stat(a).b - stat(b).b);
    later.sort((a, b) => stat(a).due - stat(b).due);
    return due.concat(fresh, later);
  };
  /* "2 due, 5 new": what is left of the round from `pos` on, as stored now. */
  const remaining = (queue, pos) => {
    const data = load().q, now = Date.now();
    let due = 0, fresh = 0;
    for (const id of new Set(queue.slice(pos).map((q) => q.id))) {
      const e = data[id];
      if (!e) fresh++;
      else if (isDue(e, now)) due++;
    }
    return due + " due, " + fresh + " new";
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
    const loaded = new Map(); // topic slug -> its file, once here: a card then shows at once
    const topicData = (slug) => fetchJson(new URL(slug + ".json", indexUrl).href).then((data) => {
      loaded.set(slug, data);
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
    const menu = moreMenu([["reset-all", "Reset everything\u2026"]]);
    const actions = el("div", { className: "mlprep-quiz-session" }, button("Shuffle", () => newRound()), menu);
    bindMenu(menu, new Map([["reset-all", {
      ask: resetEverything.ask,
      run: () => { resetEverything.run(); newRound(); },
    }]]));
    // Shown with the first card (or message), in place of "Loading questions…": nothing moves.
    const mount = () => { if (!stage.isConnected) root.replaceChildren(status, stage, actions, filters); };
    const state = { root, queue: [], pos: 0, graded: 0, revealed: false, current: null };
    quiz = state;

    const describeFilters = () => {
      const chosen = ["topic", "difficulty", "tag"].reduce((n, name) => n + checked(form, name).length, 0);
      filterSummary.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters (all questions)";
    };
    const newRound = () => {
      Object.assign(state, { queue: reviewOrder(all.filter(matches(form))), pos: 0, graded: 0 });
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
      if (following && !loaded.has(following.topic)) topicData(following.topic).catch(() => {});
      if (loaded.has(q.topic)) {
        render(q, loaded.get(q.topic), focus);
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
      const [text, answerHtml] = Object.hasOwn(data.questions, q.id) ? data.questions[q.id] : ["", ""];
      const last = load().q[q.id];
      state.current = q;
      status.textContent = "Question " + (state.pos + 1) + " of " + state.queue.length
        + " (" + remaining(state.queue, state.pos) + ")";
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
          last && "last time: " + LABEL.get(last.g)].filter(Boolean).join(" · ") }),
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

  document.addEventListener("keydown", onKey);
  const init = () => document.querySelectorAll("#mlprep-quiz").forEach(initQuiz);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => study.start(init));
  else study.start(init);
})();
