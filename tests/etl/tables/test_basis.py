"""Reporting basis and consensus by agreement, on hand-made facts: each customs' figures
are their own series; claims are recomputed on their own basis; several sources beat a lone
figure, including sources that imply a level through next year's level and growth rate; one
document stating two incompatible values is flagged, not ranked."""

from __future__ import annotations

from datetime import date

from etl.model import Document, Fact
from etl.tables.basis import ANY, OTHER, PRIMARY
from etl.tables.build import build_tables
from etl.tables.checks import check_claims
from etl.tables.derive import derive
from etl.tables.reconcile import RULE_AGREEMENT, RULE_SELF_CONFLICT, Observation, reconcile

BN = 1e9
VALUE, GROWTH = "trade.bilateral.value", "trade.bilateral.growth"


def value(doc: str, bn: float, year: str, reporter: str = "unattributed", start: int = 0) -> Fact:
    return Fact(doc, VALUE, None, bn * BN, "usd", year, start=start, reporter=reporter)


def growth(doc: str, pct: float, year: str, reporter: str = "unattributed") -> Fact:
    return Fact(doc, GROWTH, None, pct, "percent", year, reporter=reporter)


def by_key(facts: list[Fact]) -> dict[tuple[str, str | None, str], Observation]:
    return {(o.metric, o.period, o.basis): o for o in reconcile(facts, {})}


def test_each_customs_is_its_own_series_and_unattributed_figures_are_on_the_primary() -> None:
    facts = [
        value("cn", 95.3, "2034", "china_customs"),
        value("ru", 88.4, "2034", "russia_customs"),
        value("plain", 95.3, "2034"),
        value("ministry", 64.1, "2035", "russia_ministry"),
        Fact("gas", "energy.gas.exports_to_china", None, 38.0, "bcm", "2034", reporter="company"),
    ]
    found = by_key(facts)
    primary, other = found[(VALUE, "2034", PRIMARY)], found[(VALUE, "2034", OTHER)]
    assert (primary.value, primary.docs, primary.conflict) == (95.3 * BN, "cn;plain", False)
    assert (other.value, other.docs) == (88.4 * BN, "ru")
    assert (VALUE, "2035", OTHER) in found and (VALUE, "2035", PRIMARY) not in found
    assert ("energy.gas.exports_to_china", "2034", ANY) in found
    # Derived figures use one series per metric: the primary one.
    inputs = {d.formula for d in derive(reconcile(facts, {}))}
    assert not any("88.4" in f for f in inputs)


def test_several_sources_beat_a_more_precise_lone_figure() -> None:
    facts = [value("a", 68.0, "2035"), value("b", 68.0, "2035"), value("c", 64.27, "2035")]
    obs = by_key(facts)[(VALUE, "2035", PRIMARY)]
    assert obs.value == 68.0 * BN and obs.rule == RULE_AGREEMENT and obs.conflict


def test_a_next_year_level_and_growth_rate_support_the_level_they_imply() -> None:
    # 2036: +2.2 % to $69.52 bn implies $68.02 bn for 2035: it supports 68, not 64.2.
    facts = [
        value("lone-a", 64.2, "2035"),
        value("lone-b", 68.0, "2035"),
        value("next", 69.52, "2036"),
        growth("next", 2.2, "2036"),
    ]
    obs = by_key(facts)[(VALUE, "2035", PRIMARY)]
    assert obs.value == 68.0 * BN and obs.rule == RULE_AGREEMENT
    # Without the next year's rate, precision decides as before.
    plain = by_key(facts[:3])[(VALUE, "2035", PRIMARY)]
    assert plain.value == 64.2 * BN


def test_a_level_and_rate_on_another_basis_support_nothing_here() -> None:
    facts = [
        value("lone-a", 64.2, "2035"),
        value("lone-b", 68.0, "2035"),
        value("next", 69.52, "2036", "russia_customs"),
        growth("next", 2.2, "2036", "russia_customs"),
    ]
    assert by_key(facts)[(VALUE, "2035", PRIMARY)].value == 64.2 * BN


def test_one_document_with_two_incompatible_values_is_flagged_not_ranked() -> None:
    alone = [value("self", 50.0, "2037", start=10), value("self", 57.25, "2037", start=90)]
    obs = by_key(alone)[(VALUE, "2037", PRIMARY)]
    assert obs.rule == RULE_SELF_CONFLICT and obs.conflict and obs.value == 50.0 * BN
    with_other = [*alone, value("other", 57.3, "2037")]
    obs = by_key(with_other)[(VALUE, "2037", PRIMARY)]
    assert obs.value == 57.3 * BN and obs.conflict and obs.docs.startswith("other")


def test_claims_are_recomputed_on_their_own_basis() -> None:
    facts = [
        value("cn", 95.4, "2034", "china_customs"),
        value("cn", 68.0, "2035", "china_customs"),
        value("ru", 88.4, "2034", "russia_customs"),
        value("ru", 64.2, "2035", "russia_customs"),
        growth("claim-cn", -28.0, "2035"),  # unattributed: the primary basis
        growth("claim-ru", -27.4, "2035", "russia_customs"),
    ]
    checks = {c.doc: c for c in check_claims(facts, reconcile(facts, {}))}
    assert checks["claim-cn"].basis == PRIMARY and checks["claim-cn"].agrees is True
    assert round(checks["claim-cn"].recomputed_value or 0, 1) == -28.7
    assert checks["claim-ru"].basis == OTHER and checks["claim-ru"].agrees is True
    assert round(checks["claim-ru"].recomputed_value or 0, 1) == -27.4


def test_published_tables_carry_reporter_and_basis() -> None:
    facts = [value("ru", 88.4, "2034", "russia_customs"), value("cn", 95.4, "2034")]
    docs = [Document(id="ru", text="", published=date(2035, 1, 1)), Document(id="cn", text="")]
    tables = build_tables(docs, facts, "v")
    assert sorted(tables["facts"].column("reporter").to_pylist()) == [
        "russia_customs",
        "unattributed",
    ]
    assert sorted(tables["observations"].column("basis").to_pylist()) == [PRIMARY, OTHER]
