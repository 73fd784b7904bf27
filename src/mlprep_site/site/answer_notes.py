"""Each answer's footnotes at the end of its own answer (`AnswerNotes`), a treeprocessor of the
rendering path (`render_path`)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor

from mlprep_site.site.page_questions import PageQuestions


def page_footnotes(md: Markdown) -> FootnoteExtension | None:
    """The page's footnotes extension, if it has one."""
    found = (e for e in md.registeredExtensions if isinstance(e, FootnoteExtension))
    return next(found, None)


class AnswerNotes(Treeprocessor):
    """Each answer's footnotes at the end of its own answer, not at the foot of the page: the
    note is then part of the answer's HTML that the page, its question's search entry, the
    JSON-LD, the quiz data and the deck get, and it opens and closes with its question. The
    notes are footnotes' own elements, moved; each keeps its number on the page (`value`)."""

    def __init__(self, md: Markdown, state: PageQuestions) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        notes = page_footnotes(self.md)
        if notes is None or not self.state.note_labels:
            return
        owner = {
            notes.makeFootnoteId(label): element
            for element, labels in self.state.note_labels
            for label in labels
        }
        parents = {child: parent for parent in root.iter() for child in parent}
        found = [
            (note, listing, number)
            for listing in root.iter("ol")
            if _in_notes_div(listing, parents)
            for number, note in enumerate(listing, start=1)
            if note.get("id") in owner
        ]
        own_lists: dict[int, etree.Element] = {}  # id() of an answer element → its notes' list
        for note, listing, number in found:
            note.set("value", str(number))
            answer = owner[str(note.get("id"))]
            if id(answer) not in own_lists:
                # Laid out with line breaks as markdown's `prettify` lays out the page's notes
                # (it has run: this runs after every other tree processor).
                own_div = etree.SubElement(answer, "div", {"class": "footnote"})
                etree.SubElement(own_div, "hr").tail = "\n"
                own_list = etree.SubElement(own_div, "ol")
                own_div.text = own_div.tail = own_list.text = own_list.tail = "\n"
                own_lists[id(answer)] = own_list
            listing.remove(note)
            own_lists[id(answer)].append(note)
        for page_div in {id(parents[listing]): parents[listing] for _, listing, _ in found}.values():
            if not any(child.tag == "ol" and len(child) for child in page_div):
                parents[page_div].remove(page_div)


def _in_notes_div(listing: etree.Element, parents: dict[etree.Element, etree.Element]) -> bool:
    """Whether `listing` is the list of footnotes' `div.footnote` (not an answer's own
    `{#fn:x}` item)."""
    div = parents.get(listing)
    return listing.tag == "ol" and div is not None and div.get("class") == "footnote"
