"""The relevance gate: one cheap scan that tells a document which cannot hold a catalog fact.

Every metric of the catalog is about China and Russia or one of their pipelines, and every
fact is a figure. A document that names neither China nor Russia (nor one of their
pipelines) but does name another country or region is about something else: it is skipped
before quantities are even looked for. A document that names no country at all is read (a
snippet may leave its subject implied: "the two leaders set a goal of $200 billion in
trade"). A document without any figure is skipped once the quantity scan finds none.
Either way the caller is told why (`GateReason`), so a skip is counted and reported, never
silent.

The mention scan runs the same compiled country and pipeline patterns the linker uses
(`data/cues.yaml`), through `etl.facts.scan`, so it only looks where those names can start.
"""

from __future__ import annotations

from enum import StrEnum

from etl.facts import scan
from etl.facts.cues import Cues


class GateReason(StrEnum):
    """Why the gate skipped a document."""

    off_topic = "about other countries: no mention of China, Russia or their pipelines"
    no_figure = "no figure"


def mentions_china_or_russia(text: str, cues: Cues) -> bool:
    """Does the text name China, Russia or one of the catalog's pipelines?"""
    patterns = [cues.countries["CN"], cues.countries["RU"]]
    patterns += [alias for aliases in cues.pipelines.values() for alias in aliases]
    return any(scan.search(pattern, text) is not None for pattern in patterns)


def off_topic(text: str, cues: Cues) -> bool:
    """Names another country or region and neither China, Russia nor their pipelines."""
    # China or Russia first: most documents that get this far name one, and then the long
    # list of other places need not be looked for
    if mentions_china_or_russia(text, cues):
        return False
    return scan.search(cues.countries["OTHER"], text) is not None
