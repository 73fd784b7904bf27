"""The FAQPage JSON-LD of a topic page, from the answers' HTML as rendered on the page.
Pure: HTML in, HTML out; no MkDocs."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from mlprep_site.core.domain.model import Topic
from mlprep_site.core.text.inline import plain_text

# In a script element only `</` (it may end the element) and `<!--` (it may start an escaped
# section) are dangerous; `<s` is escaped too, so that no `<script` appears in the page at
# all. Every other `<` stays one byte: answers are HTML, and escaping every tag would
# double the JSON-LD.
SCRIPT_UNSAFE_RE = re.compile(r"<(?=[!sS])")


def _script_json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return SCRIPT_UNSAFE_RE.sub(r"\\u003c", text.replace("</", "<\\/"))


# Search engines show only a few tags of an answer (paragraphs, lists, links, emphasis) and
# ignore the rest; syntax highlighting's spans alone would make the JSON-LD larger than the
# page's content.
SPAN_TAG_RE = re.compile(r"</?span\b[^>]*>")


def faq_jsonld(topic: Topic, answer_html: Mapping[str, str | None]) -> str | None:
    """A FAQPage JSON-LD `<script>` for the questions whose answer the page shows, or None.

    Only the page's own answer HTML goes in (cleaned, with `sanitize`): a question missing
    from the page (a hook removed it) or whose answer cleaned down to nothing is left out,
    never filled in from its markdown."""
    entities = [
        {
            "@type": "Question",
            "name": plain_text(q.question),  # schema.org's name is text
            "acceptedAnswer": {"@type": "Answer", "text": SPAN_TAG_RE.sub("", html)},
        }
        for q in topic.questions
        if q.answer is not None and (html := answer_html.get(q.id))
    ]
    if not entities:
        return None
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}
    return f'<script type="application/ld+json">{_script_json(data)}</script>'
