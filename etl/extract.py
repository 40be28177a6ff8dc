"""The per-document pipeline: recognise quantities → link to metrics → deduplicate.

`extract_document` is a pure function (a Document in, facts out), so a refresh can map it
over a process pool, or any distributed engine, unchanged.
"""

from __future__ import annotations

from etl.model import Document, Fact


def extract_document(doc: Document) -> list[Fact]:
    """Every catalog fact the document states, each once, at its first mention."""
    return []  # replaced by the linker as it lands
