"""Reconciliation on hand-made facts: consensus, rule, conflict, partial periods, the key."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.model import Fact
from etl.tables.reconcile import (
    RULE_AGREE,
    RULE_PRECISION,
    RULE_RECENT,
    RULE_SINGLE,
    RULE_TIE,
    reconcile,
)

BN = 1e9
PUBLISHED = {
    "early": date(2022, 1, 10),
    "late": date(2023, 6, 1),
    "undated": None,
    "a": date(2024, 1, 1),
    "b": date(2024, 1, 1),
}


def fact(doc: str, value: float, period: str | None = "2021", **kw: Any) -> Fact:
    kw.setdefault("metric", "trade.bilateral.value")
    kw.setdefault("unit", "usd" if kw["metric"].endswith(".value") else "percent")
    return Fact(doc=doc, entity=kw.pop("entity", None), value=value, period=period, **kw)


def one(facts: list[Fact]) -> Any:
    observations = reconcile(facts, PUBLISHED)
    assert len(observations) == 1
    return observations[0]


def test_single_fact_is_its_own_consensus() -> None:
    obs = one([fact("a", 147 * BN)])
    assert (obs.value, obs.value_min, obs.value_max) == (147 * BN, 147 * BN, 147 * BN)
    assert (obs.n_sources, obs.conflict, obs.rule) == (1, False, RULE_SINGLE)
    assert obs.period_kind == "year" and obs.partial is False


def test_exact_beats_approx_and_the_spread_is_kept() -> None:
    # "about $140 billion" is 4.7 % below 146.887: inside the 5 % allowed to "about".
    obs = one(
        [fact("late", 140 * BN, qualifier="approx"), fact("early", 146.887 * BN)],
    )
    assert obs.value == 146.887 * BN
    assert obs.qualifier == "exact"
    assert obs.rule == "exact beats approx"
    assert (obs.value_min, obs.value_max) == (140 * BN, 146.887 * BN)
    assert obs.n_sources == 2
    assert obs.conflict is False
    assert obs.docs == "early;late"  # the consensus document first


def test_approx_too_far_away_is_a_conflict() -> None:
    # 88.4 vs 95.4: 7.3 % apart, beyond even the 5 % allowed to an approximate figure.
    obs = one([fact("a", 88.4 * BN, qualifier="approx"), fact("b", 95.4 * BN)])
    assert obs.value == 95.4 * BN and obs.conflict is True


def test_most_precise_wins_and_a_real_difference_is_flagged() -> None:
    # 107.06 (to the hundredth) vs 108.3 (to the tenth): 1.16 % apart, more than 1 %.
    obs = one([fact("late", 108.3 * BN), fact("early", 107.06 * BN)])
    assert obs.value == 107.06 * BN
    assert obs.rule == RULE_PRECISION
    assert obs.conflict is True


def test_most_recent_publication_breaks_a_tie_of_qualifier_and_precision() -> None:
    obs = one([fact("early", 218.2 * BN), fact("late", 240.1 * BN)])
    assert obs.value == 240.1 * BN
    assert obs.rule == RULE_RECENT
    assert obs.conflict is True


def test_undated_articles_lose_to_dated_ones_and_ties_go_to_the_first_id() -> None:
    assert one([fact("undated", 101 * BN), fact("early", 102 * BN)]).value == 102 * BN
    tie = one([fact("b", 101 * BN), fact("a", 102 * BN)])  # same date, same precision
    assert tie.value == 102 * BN and tie.rule == RULE_TIE


def test_same_value_everywhere() -> None:
    obs = one([fact("a", 69.52 * BN), fact("b", 69.52 * BN)])
    assert obs.rule == RULE_AGREE and obs.n_sources == 2 and obs.conflict is False


def test_headline_and_body_of_one_document_are_one_source_without_conflict() -> None:
    # The headline rounds (-28 %), the body is precise (-27.8 %): both are facts.
    headline = fact("a", -28.0, metric="trade.bilateral.growth", start=0)
    body = fact("a", -27.8, metric="trade.bilateral.growth", start=400)
    obs = one([headline, body])
    assert obs.value == -27.8
    assert obs.n_sources == 1
    assert (obs.value_min, obs.value_max) == (-28.0, -27.8)
    assert obs.conflict is False
    assert len(obs.fact_ids.split(";")) == 2


@pytest.mark.parametrize(
    ("coarse", "fine", "conflict"),
    [
        (26.0, 26.3, False),  # 26.3 rounds to 26
        (15.0, 14.7, False),  # 14.7 rounds to 15
        (35.0, 35.8, True),  # 35.8 rounds to 36, and is 2.3 % away
        (10.3, 10.5, True),  # same precision, 1.9 % apart
    ],
)
def test_rounding_is_not_a_conflict_but_a_different_number_is(
    coarse: float, fine: float, conflict: bool
) -> None:
    facts = [
        fact("a", coarse, metric="trade.share.china_in_russia"),
        fact("b", fine, metric="trade.share.china_in_russia"),
    ]
    assert one(facts).conflict is conflict


def test_bounds_agree_when_satisfied_and_lose_to_stated_figures() -> None:
    satisfied = one([fact("a", 100 * BN, qualifier="at_least"), fact("b", 107.06 * BN)])
    assert satisfied.value == 107.06 * BN
    assert satisfied.rule == "exact beats bound"
    assert satisfied.conflict is False
    violated = one([fact("a", 110 * BN, qualifier="at_least"), fact("b", 107.06 * BN)])
    assert violated.conflict is True
    ceiling = one([fact("a", 50.0, qualifier="at_most", metric="trade.bilateral.growth")])
    assert ceiling.qualifier == "at_most"


def test_status_is_part_of_the_key() -> None:
    target = fact("a", 200 * BN, period="2024", metric="trade.bilateral.value", status="target")
    actual = fact("b", 244.8 * BN, period="2024")
    observations = reconcile([target, actual], PUBLISHED)
    assert [(o.status, o.value) for o in observations] == [
        ("actual", 244.8 * BN),
        ("target", 200 * BN),
    ]
    assert not any(o.conflict for o in observations)


@pytest.mark.parametrize(
    ("metric", "period", "kind", "partial"),
    [
        ("trade.bilateral.value", "2023", "year", False),
        ("trade.bilateral.value", "2018-12", "month", True),
        ("trade.bilateral.value", "2023-01/2023-09", "months", True),
        ("trade.bilateral.value", "2023-01/2023-12", "months", False),
        ("arms.export_share", "2016/2020", "years", False),
        ("trade.bilateral.multiple", "2001/2021", "change", False),
        ("geo.border_length", None, "none", False),
    ],
)
def test_period_kind_and_partial(metric: str, period: str | None, kind: str, partial: bool) -> None:
    unit = {
        "trade.bilateral.value": "usd",
        "arms.export_share": "percent",
        "trade.bilateral.multiple": "ratio",
        "geo.border_length": "km",
    }[metric]
    entity = "india" if metric == "arms.export_share" else None
    obs = one([Fact("a", metric, entity, 10.0, unit, period)])
    assert (obs.period_kind, obs.partial) == (kind, partial)


def test_partial_year_never_merges_with_the_year() -> None:
    observations = reconcile(
        [fact("a", 80.675 * BN, period="2022-01/2022-06"), fact("b", 190.27 * BN, period="2022")],
        PUBLISHED,
    )
    by_period = {o.period: o for o in observations}
    assert by_period["2022"].value == 190.27 * BN and not by_period["2022"].partial
    assert by_period["2022-01/2022-06"].partial
    assert not any(o.conflict for o in observations)


def test_mixed_units_for_one_key_are_refused() -> None:
    facts = [
        Fact("a", "energy.pipeline.capacity", "espo", 30.0, "mt_per_year", None),
        Fact("b", "energy.pipeline.capacity", "espo", 30.0, "bcm_per_year", None),
    ]
    with pytest.raises(ValueError, match="mixed units"):
        reconcile(facts, PUBLISHED)


values = st.sampled_from([26.0, 26.3, 27.8, -28.0, 35.0, 35.8, 10.5, 99.9])
qualifiers = st.sampled_from(["exact", "approx", "at_least", "at_most"])
docs = st.sampled_from(sorted(PUBLISHED))


@given(st.lists(st.tuples(docs, values, qualifiers), min_size=1, max_size=8), st.randoms())
def test_consensus_is_a_stated_value_and_order_does_not_matter(
    items: list[tuple[str, float, str]], rnd: Any
) -> None:
    facts = [
        fact(doc, value, metric="trade.bilateral.growth", qualifier=q, start=i)
        for i, (doc, value, q) in enumerate(items)
    ]
    obs = one(facts)
    assert obs.value in {f.value for f in facts}
    assert obs.value_min <= obs.value <= obs.value_max
    assert obs.n_sources == len({f.doc for f in facts})
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert one(shuffled) == obs
