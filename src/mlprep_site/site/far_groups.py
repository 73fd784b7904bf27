"""On a page of many questions (past blocks.TOC_QUESTIONS_MAX), its question blocks in groups of
GROUP_SIZE: `<div class="mlprep-group">` around each run of consecutive blocks, cut at every
section heading and at GROUP_SIZE blocks.

site.css lays a group out and styles it only near the screen (`content-visibility: auto`), as it
does each block: a block skipped alone still has its own element styled, and the theme restyles
every styled element of the page several times while it loads (its palette and focus classes on
<html> and <body>). With groups, the generated 500-question page styles 47 % fewer elements
and lays out 74 % fewer objects while it loads, the corpus's 341-question page (44 groups, cut
at its sections) 38 % and 59 % (bench/profile_page.py). Find-in-page, anchors and search still
reach every block: nothing is hidden, only not laid out until near the screen.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

GROUP_SIZE = 20
FAR_GROUPS_PRIORITY = 3  # a tree processor after toc (5) and the question permalinks' removal (4)
GROUP_CLASS = "mlprep-group"
FAR_CLASS = "mlprep-far"


def is_far_block(element: etree.Element) -> bool:
    return element.tag == "details" and FAR_CLASS in element.get("class", "").split()


def group_runs(parent: etree.Element, size: int = GROUP_SIZE) -> int:
    """Wraps each run of consecutive far blocks among `parent`'s children (text between them
    other than white space ends a run), `size` blocks a group at most; returns the groups made."""
    children = list(parent)
    runs: list[list[etree.Element]] = []
    run: list[etree.Element] = []
    for child in children:
        if is_far_block(child):
            run.append(child)
            if len(run) == size or (child.tail or "").strip():
                runs.append(run)
                run = []
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    made = 0
    for blocks in runs:
        if len(blocks) < 2:
            continue
        index = list(parent).index(blocks[0])
        group = etree.Element("div", {"class": GROUP_CLASS})
        group.text = "\n"
        group.tail = blocks[-1].tail
        blocks[-1].tail = "\n"
        for block in blocks:
            parent.remove(block)
            group.append(block)
        parent.insert(index, group)
        made += 1
    return made


class FarGroups(Treeprocessor):
    """Groups the far question blocks of the page (registered on big pages only)."""

    def run(self, root: etree.Element) -> None:
        parents = [element for element in root.iter() if any(is_far_block(child) for child in element)]
        for parent in parents:
            group_runs(parent)
