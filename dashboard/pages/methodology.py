"""Methodology: definitions, conversion factors and their source, how the figures are made."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard import fmt
from dashboard.data import Tables
from etl.facts.catalog import load_catalog


def _tolerances() -> tuple[str, str]:
    try:
        from etl.tables.reconcile import APPROX_REL_TOLERANCE, REL_TOLERANCE

        return f"{REL_TOLERANCE * 100:g} %", f"{APPROX_REL_TOLERANCE * 100:g} %"
    except ImportError:  # pragma: no cover - the reconciliation module is part of the ETL
        return "a stated tolerance", "a wider tolerance"


def definitions() -> Any:
    catalog = load_catalog()
    rows = [
        html.Tr(
            [
                html.Td(html.Code(metric.id)),
                html.Td(metric.label),
                html.Td(", ".join(fmt.unit_label(u) for u in metric.units)),
                html.Td(metric.definition),
            ]
        )
        for metric in catalog.metrics.values()
    ]
    return html.Div(
        html.Table(
            [
                html.Thead(
                    html.Tr(
                        [html.Th(h, scope="col") for h in ("Metric", "Label", "Unit", "Definition")]
                    )
                ),
                html.Tbody(rows),
            ],
            className="data-table",
        ),
        className="table-scroll",
        tabIndex="0",
        role="region",
        **fmt.attrs({"aria-label": "Metric definitions"}),
    )


def conversions(tables: Tables | None) -> list[Any]:
    if tables is None:
        return [html.P("No tables loaded.", className="empty")]
    derived = tables.derived
    energy = derived[derived["kind"].astype(str) == "energy_equivalent"]
    formulas = sorted({fmt.text(f) for f in energy["formula"] if fmt.text(f)})
    notes = sorted({fmt.text(n) for n in derived["source_note"] if fmt.text(n)})
    out: list[Any] = [
        html.P(
            "Pipeline capacities are converted to a common energy unit in the derived table "
            "so that gas (bcm per year) and oil (million tonnes per year) lines can be "
            "compared:"
        ),
        html.Ul([html.Li(html.Code(f)) for f in formulas]) if formulas else None,
    ]
    if notes:
        out.append(html.P(["Source of the factors: ", *[html.Span(n + ". ") for n in notes]]))
    return out


def layout(tables: Tables | None) -> list[Any]:
    exact_tol, approx_tol = _tolerances()
    rules = []
    if tables is not None:
        rules = sorted({fmt.text(r) for r in tables.observations["rule"] if fmt.text(r)})
    kinds = []
    if tables is not None:
        kinds = sorted({fmt.text(k) for k in tables.derived["kind"] if fmt.text(k)})
    return [
        html.H1("Methodology"),
        html.Section(
            [
                html.H2("Where the figures come from"),
                html.P(
                    "Articles about China–Russia trade and energy are read by a rule-based "
                    "extractor. It finds each stated figure (amounts, percentages, ranks, "
                    'capacities), resolves its unit and period ("last year" is read against '
                    "the publication date), links it to a catalog metric from the words around "
                    "it, and records its qualifier (exact, approximate, at least, at most) and "
                    "status (actual, target, planned, projection). Each fact keeps its "
                    "document, character offsets and a hash of its evidence sentence; the "
                    "sentence itself is never published."
                ),
                html.H2("Reconciliation: one consensus per metric and period"),
                html.P(
                    "All facts for the same metric, entity, period and status are candidates. "
                    "The consensus is one figure a source actually stated, never an average: "
                    'exact beats approximate, which beats a bound ("more than"); then the '
                    "more precise figure; then the most recent publication. Sources conflict "
                    f"when a figure differs from the consensus by more than {exact_tol} "
                    f"({approx_tol} for approximate figures), unless it is the same figure "
                    "rounded. Part-year figures keep their own period and never pass for a "
                    "year."
                ),
                html.P(["Rules used in these tables: ", html.Span(", ".join(rules) or "—")]),
                html.H2("Derived figures and checks"),
                html.P(
                    "Compound annual growth and multiples of turnover between years, the "
                    "previous year implied by a stated growth rate, the dependence asymmetry "
                    "(China's share of Russia's trade divided by Russia's share of China's) "
                    "and pipeline capacities in energy units are computed from the "
                    "observations, each with its formula and inputs. Stated claims such as "
                    '"fourteenfold" or "up 35 %" are recomputed and marked as agreeing or '
                    "not."
                ),
                html.P(
                    [
                        "Kinds of derived figures in these tables: ",
                        html.Span(", ".join(kinds) or "—"),
                    ]
                ),
            ],
            className="card prose",
        ),
        html.Section(
            [html.H2("Conversion factors"), *conversions(tables)],
            className="card prose",
        ),
        html.Section([html.H2("Definitions"), definitions()], className="card prose"),
        html.Section(
            [
                html.H2("Known limits"),
                html.Ul(
                    [
                        html.Li(
                            "Figures are as the articles state them; official statistics "
                            "of the two countries differ and are revised."
                        ),
                        html.Li(
                            "Only figures in the catalog are extracted; a figure phrased "
                            "in an unusual way can be missed, and a figure about another "
                            "pair of countries can, rarely, be mis-linked."
                        ),
                        html.Li(
                            "Years with no article leave gaps; on the time charts a dotted "
                            "grey line bridges them, and the footnotes name the missing years."
                        ),
                        html.Li(
                            "Shares of trade come from different statistical bases in "
                            "different articles; the asymmetry ratio is computed only "
                            "where both shares are reported for the same year."
                        ),
                        html.Li(
                            "Energy conversions use approximate average factors; actual "
                            "calorific values vary by field and crude grade."
                        ),
                    ]
                ),
            ],
            className="card prose",
        ),
    ]
