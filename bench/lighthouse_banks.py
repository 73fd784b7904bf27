"""The generated banks bench/lighthouse.py measures: 2,500 questions in 25 topics with long
answers (the "large" site), and big topic pages (the "big" site): the 341-question Kubernetes
topic of a public DevOps interview repository when the corpus is extracted
(bench/.work/corpus, see tests/corpus), or a generated page of 341 questions, and a generated
page of 500.

The big pages' questions are the corpus page's size: its answers are 193 characters of markdown
on average (137 the median; 315 of 341 answered), so a generated big page has one-sentence
answers with a list every third question and code every seventh, one in twelve unanswered.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

TOPICS = (
    "Feature stores", "Model registries", "Batch inference", "Online serving", "Model compression",
    "GPU scheduling", "Data validation", "Experiment tracking", "Training pipelines", "Drift detection",
    "Shadow deployments", "Blue-green releases", "Canary analysis", "Autoscaling", "Caching predictions",
    "Observability", "Incident response", "Access control", "Privacy", "Cost control",
    "Streaming features", "Edge deployment", "LLM serving", "Evaluation", "Reproducibility",
)  # fmt: skip
WORDS = (
    "model", "feature", "drift", "latency", "canary", "rollout", "batch", "stream", "serving",
    "cache", "replica", "shadow", "metric", "threshold", "gradient", "ensemble", "pipeline",
    "schema", "registry", "tensor", "quantise", "label", "embedding", "retrain", "monitor",
    "alert", "rollback", "traffic", "experiment", "variant", "bucket", "sample",
)  # fmt: skip
DIFFICULTIES = ("easy", "medium", "medium", "hard")


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def answer(rng: random.Random, i: int) -> str:
    """A lead sentence in bold, two paragraphs, a list; every third has code, every fifth a table."""
    parts = [f"**{sentence(rng, 16)}**", f"{sentence(rng, 30)} {sentence(rng, 25)}", sentence(rng, 35)]
    parts.append("\n".join(f"- **{rng.choice(WORDS)}:** {sentence(rng, 14)}" for _ in range(4)))
    if i % 3 == 0:
        code = f"def predict_{i}(features):\n    scores = model.predict(features)\n    return scores > 0.5"
        parts.append(f"```python\n{code}\n```")
    if i % 5 == 0:
        rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} ms |" for _ in range(4))
        parts.append(f"| stage | p95 |\n|---|---|\n{rows}")
    return "\n\n".join(parts)


def question_block(rng: random.Random, number: int, i: int) -> str:
    meta = (
        f"{{id: generated-{i}, tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}], "
        f"difficulty: {rng.choice(DIFFICULTIES)}}}"
    )
    body = f"\n{answer(rng, i)}\n" if i % 20 else ""  # one question in twenty is still wanted
    return (
        f"{number}. **{sentence(rng, 10)[:-1]}, case {i}?**\n<!-- mlprep: {meta} -->\n\n"
        f"<details>\n<summary>Answer</summary>\n{body}\n</details>\n"
    )


def topic_file(rng: random.Random, order: int, title: str, per_topic: int) -> str:
    slug = slugify(title)
    head = (
        f"---\ntitle: {title}\nslug: {slug}\norder: {order}\n"
        f"description: Interview questions on {title.lower()}.\ntags: [{rng.choice(WORDS)}]\n---\n"
        f"# {title}\n"
    )
    first = order * per_topic
    blocks = [question_block(rng, n + 1, first + n + 1) for n in range(per_topic)]
    refs = "".join(f"- [{title}, part {k}](https://example.org/{slug}/{k})\n" for k in (1, 2, 3))
    return "\n".join([head, *blocks, f"## References and Reading Materials\n{refs}"])


def write_bank(folder: Path, questions: int, topics: int = len(TOPICS)) -> list[str]:
    """The bank as topic files in `folder`; returns the topic slugs."""
    rng = random.Random(2500)
    folder.mkdir(parents=True)
    per_topic = questions // topics
    for order, title in enumerate(TOPICS[:topics]):
        text = topic_file(rng, order, title, per_topic)
        (folder / f"{slugify(title)}.md").write_text(text, encoding="utf-8")
    return [slugify(title) for title in TOPICS[:topics]]


def short_answer(rng: random.Random, i: int) -> str:
    """An answer of the corpus page's size: a sentence; a short list every third, code every seventh."""
    parts = [sentence(rng, rng.randint(10, 18))]
    if i % 3 == 0:
        parts.append("\n".join(f"- {sentence(rng, 4)}" for _ in range(3)))
    if i % 7 == 0:
        parts.append(f"```sh\nkubectl get pods -l app=model-{i}\n```")
    return "\n\n".join(parts)


def big_questions(questions: int, seed: int) -> list[tuple[str, str, str, str | None]]:
    """The questions of a big page: (tag, difficulty, question, answer or None), the answers of
    the corpus page's size (one in twelve unanswered)."""
    rng = random.Random(seed)
    found = []
    for n in range(1, questions + 1):
        tag, difficulty = rng.choice(WORDS), rng.choice(DIFFICULTIES)
        answer = short_answer(rng, n) if n % 12 else None
        found.append((tag, difficulty, f"{sentence(rng, 8)[:-1]}, case {n}?", answer))
    return found


def big_topic_file(title: str, questions: int, seed: int) -> str:
    """One topic page of `questions` questions of the corpus page's size."""
    slug = slugify(title)
    blocks = []
    for n, (tag, difficulty, question, answer) in enumerate(big_questions(questions, seed), 1):
        meta = f"{{id: {slug}-{n}, tags: [{tag}], difficulty: {difficulty}}}"
        body = f"\n{answer}\n" if answer else ""
        blocks.append(
            f"{n}. **{question}**\n<!-- mlprep: {meta} -->\n\n"
            f"<details>\n<summary>Answer</summary>\n{body}\n</details>\n"
        )
    description = f"{questions} questions on one page."
    head = f"---\ntitle: {title}\nslug: {slug}\ndescription: {description}\n---\n# {title}\n"
    return "\n".join([head, *blocks])


def plain_page(title: str, questions: int, seed: int) -> str:
    """The same questions as `big_topic_file` written by hand for plain Material: a heading per
    question, its answer in a collapsed admonition (pymdownx.details)."""
    blocks = [f"# {title}\n"]
    for n, (_, _, question, answer) in enumerate(big_questions(questions, seed), 1):
        text = answer or "No answer yet."
        indented = "\n".join(f"    {line}" if line else "" for line in text.split("\n"))
        blocks.append(f'## {n}. {question}\n\n??? note "Answer"\n\n{indented}\n')
    return "\n".join(blocks)


PLAIN_CONFIG = """site_name: plain Material peer
site_url: !ENV [MLPREP_SITE_URL, "http://127.0.0.1:8000/"]
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.top, search.highlight, search.suggest, toc.follow]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
plugins: [search]
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight: {use_pygments: true}
  - toc: {permalink: true}
"""


def write_plain_project(project: Path) -> list[str]:
    """A plain Material project (the repository's theme set-up, no plugin, no overrides) with the
    big site's generated pages of 341 and 500 questions written by hand; returns their paths."""
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Plain Material\n\nThe peer pages.\n", encoding="utf-8")
    pages = {"kubernetes": ("Kubernetes", 341, 341), "five-hundred": ("Five hundred", 500, 500)}
    for name, (title, questions, seed) in pages.items():
        (project / "docs" / f"{name}.md").write_text(plain_page(title, questions, seed), encoding="utf-8")
    return list(pages)


CORPUS_KUBERNETES = Path("devops-exercises") / "topics" / "kubernetes" / "README.md"
IMAGE_LINE_RE = re.compile(r"^.*(?:!\[[^\]]*\]\(|<img\b).*$", re.MULTILINE)


def write_big_bank(folder: Path, corpus: Path) -> list[str]:
    """The big pages' topics in `folder`: the corpus's Kubernetes topic (its image lines left out:
    the corpus keeps no image files, and the page, not the missing files, is measured) or a
    generated 341-question page, and a generated 500-question page; returns their slugs."""
    folder.mkdir(parents=True)
    source = corpus / CORPUS_KUBERNETES
    if source.is_file():
        (folder / "kubernetes").mkdir()
        text = IMAGE_LINE_RE.sub("", source.read_text(encoding="utf-8"))
        (folder / "kubernetes" / "README.md").write_text(text, encoding="utf-8")
    else:
        (folder / "kubernetes.md").write_text(big_topic_file("Kubernetes", 341, 341), encoding="utf-8")
    (folder / "five-hundred.md").write_text(big_topic_file("Five hundred", 500, 500), encoding="utf-8")
    return ["kubernetes", "five-hundred"]


def copy_project(repo: Path, project: Path) -> str:
    """A project folder with the repository's mkdocs.yml, docs/ and theme overrides; returns the
    content folder its mkdocs.yml names."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("docs", "src/mlprep_site/site/overrides"):
        shutil.copytree(repo / folder, project / folder)
    shutil.copy(repo / "CONTRIBUTING.md", project)  # docs/contributing.md includes it
    match = re.search(r"^\s+content:\s*(\S+)\s*$", config, re.MULTILINE)
    return match.group(1) if match else "content"
