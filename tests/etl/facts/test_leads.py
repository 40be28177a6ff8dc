"""Every match of a scanned pattern starts where its verifier (its leads) matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts import leads, scan
from tests.etl.facts.test_scan import PATTERNS, PIECES

WITH_LEADS = [p for p in PATTERNS if leads.leads_of(p.pattern, p.flags) is not None]


def test_the_rules_have_leads() -> None:
    """The period patterns that open with a common word ("the", "a", "in") have leads that
    name the word after it."""
    assert len(WITH_LEADS) >= 20
    relative = next(p for p in WITH_LEADS if "so\\s+far\\s+this\\s+year" in p.pattern)
    found = leads.leads_of(relative.pattern, relative.flags)
    assert found is not None and f"the{leads.SPACE}same" in found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_every_match_starts_where_its_leads_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    if not scan.TextIndex(text).usable:
        return  # leads are only used where lower-casing keeps positions and folds as re does
    lowered = text.lower()
    for pattern in WITH_LEADS:
        verify = scan._verifier(pattern)
        assert verify is not None
        for m in pattern.finditer(text):
            assert verify(lowered, m.start()), (pattern.pattern, text, m.start())


def test_a_verifier_is_a_tree_of_the_leads() -> None:
    source = leads.verifier_source(["the\x04last", "the\x04la", "this", "a\x04year"])
    assert source == r"(?:a\s+year|th(?:e\s+la|is))"
    verify = re.compile(source)
    assert verify.match("the  latest") and verify.match("this") and not verify.match("the year")
