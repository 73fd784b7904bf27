"""`serve`'s Anki collection, kept from build to build: after an edit, only the decks whose
notes changed are written again into it, and the package is zipped from it.

A topic's notes are kept by the serve cache (`anki.KeptNotes`), which gives the very same list
while the topic and its answers stay the same: a deck whose list is the one last written is
left as it is. When the decks themselves change (a topic added, removed, renamed or
described anew), the collection is written whole again.
"""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
import time
from pathlib import Path

import genanki

from mlprep_site.exports.anki import NoteFields, TopicDeck, write_collection, zip_collection

LAST_ID = "SELECT max(ifnull((SELECT max(id) FROM notes), 0), ifnull((SELECT max(id) FROM cards), 0))"
"""New notes' and cards' ids follow every id in the collection (ids are creation times)."""
DELETE_NOTES = "DELETE FROM notes WHERE id IN (SELECT nid FROM cards WHERE did = ?)"
DELETE_CARDS = "DELETE FROM cards WHERE did = ?"


class KeptCollection:
    """The collection database in a temporary folder of its own, and what it holds."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="mlprep-deck-")
        self.database = Path(self._folder.name) / "collection.anki2"
        self._decks: list[tuple[int, str, str]] | None = None
        """Each deck's id, name and description, as written (None: to be written whole)."""
        self._written: dict[int, list[NoteFields]] = {}
        self.decks_written = 0
        """Topic decks whose notes the last write wrote (the others were left in place)."""

    def write(self, decks: list[genanki.Deck], path: Path) -> None:
        """Write `decks` into the collection, then the package to `path`."""
        key = [(deck.deck_id, deck.name, deck.description) for deck in decks]
        topic_decks = [deck for deck in decks if isinstance(deck, TopicDeck)]
        held, self._decks = self._decks, None  # until the collection is whole again
        if held != key or not self.database.exists():
            self.database.unlink(missing_ok=True)
            write_collection(genanki.Package(decks), self.database)
            self._written = {deck.deck_id: deck.fields() for deck in topic_decks}
            self.decks_written = len(topic_decks)
        else:
            self._update(topic_decks)
        self._decks = key
        zip_collection(self.database, path)

    def _update(self, decks: list[TopicDeck]) -> None:
        connection = sqlite3.connect(self.database)
        try:
            cursor = connection.cursor()
            (last,) = cursor.execute(LAST_ID).fetchone()
            timestamp = time.time()
            ids = itertools.count(max(int(last) + 1, int(timestamp * 1000)))
            self.decks_written = 0
            for deck in decks:
                fields = deck.fields()
                if fields is self._written.get(deck.deck_id):
                    continue
                cursor.execute(
                    "DELETE FROM notes WHERE id IN (SELECT nid FROM cards WHERE did = ?)", (deck.deck_id,)
                )
                cursor.execute("DELETE FROM cards WHERE did = ?", (deck.deck_id,))
                for note in deck.make_notes(fields):
                    note.write_to_db(cursor, timestamp, deck.deck_id, ids)
                self._written[deck.deck_id] = fields
                self.decks_written += 1
            connection.commit()
        finally:
            connection.close()
