"""Reporting basis: which customs statistics a trade figure is on.

Chinese and Russian customs publish different totals for the same trade (2015: $68 bn in
one, $64.2 bn in the other), so a series mixing them hops between statistics and growth
recomputed across the hop is wrong. Trade values and growth rates are therefore reconciled
per basis: each fact's basis is its reporter's (`data/reporters.yaml`); a fact whose reporter
has no basis of its own (unattributed, a company) is on `PRIMARY`, Chinese customs, which
most sources quote. The other basis is kept as its own series. Metrics not split by basis
(capacities, volumes, shares, targets) have basis `ANY`.
"""

from __future__ import annotations

from functools import lru_cache

from etl.facts.reporters import reporter_basis
from etl.model import Fact

#: The basis a trade series is built on where sources allow (data/README.md).
PRIMARY = "china_customs"
OTHER = "russia_customs"
BASES: tuple[str, ...] = (PRIMARY, OTHER)
#: The basis of a metric that is not split by basis.
ANY = "any"
#: Metrics split by basis: bilateral and directional trade values and their growth rates.
SPLIT_PREFIX = "trade."
SPLIT_SUFFIXES: tuple[str, ...] = (".value", ".growth")


def splits_by_basis(metric: str) -> bool:
    return metric.startswith(SPLIT_PREFIX) and metric.endswith(SPLIT_SUFFIXES)


@lru_cache(maxsize=1 << 12)  # asked for every fact in every round of reconciliation
def basis_of_reporter(metric: str, reporter: str | None) -> str:
    if not splits_by_basis(metric):
        return ANY
    basis = reporter_basis().get(reporter or "")
    return basis if basis in BASES else PRIMARY


def basis_of(fact: Fact) -> str:
    """The basis a fact's figure is on."""
    return basis_of_reporter(fact.metric, fact.reporter)


def is_primary(basis: str) -> bool:
    """Whether observations of this basis make the one series per metric that charts and
    derived figures use."""
    return basis in (PRIMARY, ANY)
