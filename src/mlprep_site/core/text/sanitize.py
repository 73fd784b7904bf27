"""Answer HTML from untrusted sources, cleaned with nh3 (the Rust `ammonia` sanitiser) and an
allow-list of what our markdown extensions and page markup produce.

Answers are markdown and may hold raw HTML, as in any MkDocs site: content review is the normal
gate. This is the extra step for content that is not reviewed line by line (`sanitize: true` in
the plugin, `import --sanitize`). Kept: details/summary, tables, highlighted code (pygments
spans and classes), admonitions, headings with ids, links, images, lists, footnotes, abbr,
MathML. Dropped: scripts and styles with their content, event handlers, iframes, objects,
forms, URLs with a scheme other than http, https or mailto (`javascript:`, `data:`), every
`data-` attribute, and ids and class names in our or the theme's namespace (`mlprep…`, `__…`,
`md-…`), which our scripts read. `style` is kept
on table cells only, for their alignment, with no property but `text-align`.
"""

from __future__ import annotations

import nh3

from mlprep_site.core.text.tex import DISPLAY_CLASS, INVALID_CLASS, MATH_CLASS

_TEXT = {"a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp"}
_TEXT |= {"small", "span", "strong", "sub", "sup", "u", "var", "wbr"}
_BLOCKS = {"blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "hr", "img"}
_BLOCKS |= {"li", "ol", "p", "pre", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}
_TABLES = {"caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}
_MATHML = {"math", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "mfrac", "msqrt", "mroot"}
_MATHML |= {"mstyle", "merror", "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup"}
_MATHML |= {"munder", "mover", "munderover", "mtable", "mtr", "mtd", "semantics", "annotation"}
ALLOWED_TAGS = frozenset(_TEXT | _BLOCKS | _TABLES | _MATHML)

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # No `data-` attribute: our scripts and the theme's read theirs (`data-qid`, `data-topic`), and
    # an answer that carries them forges a question block. `id` and `class` pass `attribute_value`.
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "details": {"open"},
    "ol": {"start", "type"},
    "li": {"value"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "math": {"display", "xmlns"},
    "mo": {"fence", "stretchy", "separator", "lspace", "rspace", "largeop", "movablelimits"},
    "mfrac": {"linethickness"},
    "mspace": {"width", "height", "depth"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mi": {"mathvariant"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "menclose": {"notation"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing"},
    "mtd": {"columnalign", "columnspan", "rowspan"},
    "annotation": {"encoding"},
}
# Table cells carry their column's alignment as `style="text-align: …"` (the `tables`
# extension); that one property is kept, every other style is dropped.
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


# Names our scripts and the theme's give their elements: an id in an answer that starts with
# one of these could take an element's place (`getElementById`) or a global's (`id="mlprepStudy"`
# is `window.mlprepStudy` until the script sets it), a class could make our scripts take an
# answer's element for one of ours (`details.mlprep-question`).
RESERVED_PREFIXES = ("mlprep", "__", "md-", "md_")
# What our own markdown writes in an answer under those names: styling only, no script reads it.
OWN_CLASSES = frozenset({MATH_CLASS, INVALID_CLASS, DISPLAY_CLASS})


def attribute_value(tag: str, name: str, value: str) -> str | None:
    """An allowed attribute's value as kept in a cleaned answer, or None to drop it: ids and
    class names in our and the theme's namespaces go."""
    if name == "id":
        return None if value.strip().lower().startswith(RESERVED_PREFIXES) else value
    if name == "class":
        kept = [c for c in value.split() if c in OWN_CLASSES or not c.lower().startswith(RESERVED_PREFIXES)]
        return " ".join(kept) if kept else None
    return value


def sanitize_html(html: str) -> str:
    """`html` with only the allow-listed elements, attributes and URL schemes left."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_value,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )
