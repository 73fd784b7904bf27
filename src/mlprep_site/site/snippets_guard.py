"""pymdownx.snippets on topic pages: a snippet file that cannot be found is a content finding
at the line that names it, not a traceback out of MkDocs (see `render_path`)."""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from mlprep_site.core.model import Topic

SNIPPETS_NAME, SNIPPETS_PRIORITY = "snippet", 32  # pymdownx.snippets' preprocessor


class SnippetsGuard(Preprocessor):
    """pymdownx.snippets on a topic page, with a file it cannot find reported at the content
    line that names it (a build failure under `--strict`) instead of a traceback out of
    MkDocs; the page then keeps its snippet lines as text."""

    def __init__(
        self, md: Markdown, snippets: Preprocessor, topic: Topic, problems: list[tuple[int, str]]
    ) -> None:
        super().__init__(md)
        self.snippets = snippets
        self.topic = topic
        self.problems = problems
        """(source line, message) of the page's conversion, as `render_path.PageQuestions` has them."""

    def __getattr__(self, name: str) -> Any:
        # The rest is snippets' own (its extension's `reset` clears its download cache).
        return getattr(self.snippets, name)

    def run(self, lines: list[str]) -> list[str]:
        from pymdownx.snippets import SnippetMissingError

        try:
            result: list[str] = self.snippets.run(lines)
        except SnippetMissingError as error:
            self.problems.append((self._line_naming(str(error)), f"pymdownx.snippets: {error}"))
            return lines
        return result

    def _line_naming(self, message: str) -> int:
        """The content line of the snippet marker whose file `message` names (else the topic's
        first line)."""
        path = message.split("'")[1] if message.count("'") >= 2 else message
        for question in self.topic.questions:
            first = question.answer_line or question.line
            for offset, line in enumerate((question.answer or "").split("\n")):
                if "8<-" in line and path in line:
                    return first + offset
        return 1
