"""Linking cues, compiled from `data/cues.yaml` (data, so analysts can add phrasings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from etl.facts.catalog import DATA_DIR, load_catalog
from etl.facts.prefilter import source_prefixes

_MACRO = re.compile(r"\{([A-Z_]+)\}")
#: Roles a frame may accept; the linker assigns one to every figure.
ROLES = frozenset(
    {
        "money", "money_target", "money_increment", "percent", "percent_change", "multiple",
        "fraction", "rank", "volume", "volume_rate", "volume_increment", "mass", "mass_rate",
        "mass_increment", "length", "price_per_barrel",
    }
)  # fmt: skip
#: Special `accepts` values the linker resolves itself.
SPECIAL_TARGETS = frozenset({"partner", "inverse", "reverse", "owner"})


@dataclass(frozen=True)
class Frame:
    id: str
    patterns: tuple[re.Pattern[str], ...]  # found anywhere in the sentence
    accepts: dict[str, str | None]
    after: bool = False
    #: its cue may run across the figure ("Russia's $129 billion in exports to China"), but
    #: unlike an `after` cue it never reaches a figure before it
    across: bool = False
    inherit: bool = True  # may a later cue-less sentence borrow this frame?
    order: int = 0  # position in cues.yaml: the earlier frame wins an exact tie
    #: per pattern, literal prefixes one of which every match starts with (None: unknown)
    prefixes: tuple[tuple[str, ...] | None, ...] = ()
    prefix_sets: tuple[frozenset[str] | None, ...] = ()  # the same, as sets
    requires: re.Pattern[str] | None = None
    follows: tuple[re.Pattern[str], ...] = ()  # '^...': must start right after the figure
    precedes: tuple[re.Pattern[str], ...] = ()  # '...$': must end right before the figure
    entity: tuple[re.Pattern[str], ...] = ()  # where the entity may be named, if not in the cue

    @property
    def blocker(self) -> bool:
        return all(metric is None for metric in self.accepts.values())


@dataclass(frozen=True)
class Veto:
    """Words that, near a figure of one of `roles`, say it is not a catalog figure at all."""

    id: str
    roles: frozenset[str]
    metrics: frozenset[str]  # empty: every metric the role may have
    patterns: tuple[re.Pattern[str], ...]  # anywhere in the figure's stretch of the sentence
    follows: tuple[re.Pattern[str], ...] = ()  # '^...': right after the figure
    precedes: tuple[re.Pattern[str], ...] = ()  # '...$': ending right before the figure


@dataclass(frozen=True)
class Cues:
    frames: tuple[Frame, ...]
    change_up: re.Pattern[str]
    change_down: re.Pattern[str]
    change_window: int
    target_cues: re.Pattern[str]
    target_object: re.Pattern[str]
    actual_verbs: re.Pattern[str]
    status_projection: re.Pattern[str]
    status_target: re.Pattern[str]
    increment: re.Pattern[str]
    pipelines: dict[str, tuple[re.Pattern[str], ...]]
    commodities: dict[str, re.Pattern[str]]
    attribution: tuple[re.Pattern[str], ...]
    countries: dict[str, re.Pattern[str]]  # CN, RU, OTHER mention patterns; CN_FIRM
    vetoes: tuple[Veto, ...] = ()
    component_after: re.Pattern[str] | None = None  # "2.1 bcm by pipeline"
    component_before: re.Pattern[str] | None = None  # "another 0.77 bcm"
    third_pair: re.Pattern[str] | None = None  # "Russia and India", "India–China"
    other_routes: tuple[re.Pattern[str], ...] = ()  # routes that are no catalog pipeline
    other_facilities: tuple[re.Pattern[str], ...] = ()  # ports, plants, fields: no pipeline
    all_prefixes: tuple[str, ...] = ()  # every frame pattern's prefixes, each once


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(5):  # macros may use macros
        expanded = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    unknown = _MACRO.findall(pattern)
    assert not unknown, f"unknown cue macro(s): {unknown}"
    return pattern


def _clean(pattern: str) -> str:
    """YAML folding joins the lines of a long alternation with spaces: drop them around '|'."""
    return re.sub(r"[ \t\n]*\|[ \t\n]*", "|", pattern.strip())


def _compile(pattern: str, macros: dict[str, str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    source = _clean(_expand(_clean(pattern), macros))
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise ValueError(f"bad cue pattern {pattern!r}: {exc}") from exc


def _gate_source(source: str, prefixes: tuple[str, ...]) -> str:
    """The pattern behind a lookahead for the first letters its matches can start with: the
    same matches, found faster (the engine skips every other position at once)."""
    firsts = {c for p in prefixes for c in (p[0].lower(), p[0].upper())}
    gate = "".join(re.escape(c) if c in "\\]^-[" else c for c in sorted(firsts))
    return f"(?=[{gate}])(?:{source})"


def _compile_gated(
    pattern: str, macros: dict[str, str]
) -> tuple[re.Pattern[str], tuple[str, ...] | None]:
    """The pattern gated by its literal prefixes (`_gate_source`; as it is when it has none),
    and the prefixes, read off the source: only what is used is compiled (compiling is
    most of the cost of loading the cues)."""
    source = _clean(_expand(_clean(pattern), macros))
    prefixes = source_prefixes(source, re.IGNORECASE | re.UNICODE)  # a compiled str's flags
    if prefixes:
        try:
            return re.compile(_gate_source(source, prefixes), re.IGNORECASE), prefixes
        except re.error:
            pass  # `_compile` names the problem
    return _compile(pattern, macros), prefixes


def parse_cues(raw: dict[str, Any], metric_ids: set[str]) -> Cues:
    macros = {name: _clean(value) for name, value in raw["macros"].items()}
    # the pipeline aliases are also a macro, for frames that key on a named pipeline
    pipeline_sources = {pid: list(aliases) for pid, aliases in raw["pipelines"].items()}
    macros["PIPELINE"] = "(?:" + "|".join(a for al in pipeline_sources.values() for a in al) + ")"
    for name in list(macros):
        macros[name] = _expand(macros[name], macros)
    # entity ids are lower-case names; COUNTRY keeps its named group once per pattern
    frames: list[Frame] = []
    for order, spec in enumerate(raw["frames"]):
        accepts = (
            {role: metric for role, metric in spec["accepts"].items()}
            if isinstance(spec["accepts"], dict)
            else dict.fromkeys(spec["accepts"])
        )
        for role, metric in accepts.items():
            assert role in ROLES, f"frame {spec['id']}: unknown role {role}"
            assert metric is None or metric in metric_ids or metric in SPECIAL_TARGETS, (
                f"frame {spec['id']}: unknown metric {metric}"
            )
        sources = [_clean(p) for p in spec["patterns"]]
        free = [
            _compile_gated(p, macros)
            for p in sources
            if not p.startswith("^") and not p.endswith("$")
        ]
        prefixes = tuple(found for _gated_pattern, found in free)
        frames.append(
            Frame(
                id=spec["id"],
                patterns=tuple(gated for gated, _found in free),
                prefixes=prefixes,
                prefix_sets=tuple(
                    None if found is None else frozenset(found) for found in prefixes
                ),
                follows=tuple(_compile(p, macros) for p in sources if p.startswith("^")),
                precedes=tuple(
                    _compile_gated(p, macros)[0]
                    for p in sources
                    if p.endswith("$") and not p.startswith("^")
                ),
                accepts=accepts,
                entity=tuple(_compile(p, macros) for p in spec.get("entity", [])),
                after=bool(spec.get("after", False)),
                across=bool(spec.get("across", False)),
                inherit=bool(spec.get("inherit", True)),
                order=order,
                requires=_compile(spec["requires"], macros) if spec.get("requires") else None,
            )
        )
    vetoes = []
    for spec in raw.get("vetoes", []):
        roles = frozenset(spec["roles"])
        assert roles <= ROLES, f"veto {spec['id']}: unknown role(s) {roles - ROLES}"
        sources = [_clean(p) for p in spec["patterns"]]
        vetoes.append(
            Veto(
                spec["id"],
                roles,
                frozenset(spec.get("metrics", [])),
                patterns=tuple(
                    _compile(p, macros)
                    for p in sources
                    if not p.startswith("^") and not p.endswith("$")
                ),
                follows=tuple(_compile(p, macros) for p in sources if p.startswith("^")),
                precedes=tuple(
                    _compile(p, macros)
                    for p in sources
                    if p.endswith("$") and not p.startswith("^")
                ),
            )
        )
    components = raw.get("components", {})
    change = raw["change"]
    target = raw["target"]
    status = raw["status"]
    return Cues(
        frames=tuple(frames),
        change_up=_compile((change["up"]), macros),
        change_down=_compile((change["down"]), macros),
        change_window=int(change["window"]),
        target_cues=_compile((target["cues"]), macros),
        target_object=_compile(target["object"], macros),
        actual_verbs=_compile(target["actual_verbs"], macros),
        status_projection=_compile(status["projection"], macros),
        status_target=_compile(status["target"], macros),
        increment=_compile(raw["increment"], macros),
        pipelines={
            pid: tuple(_compile(a, macros) for a in aliases)
            for pid, aliases in pipeline_sources.items()
        },
        commodities={cid: _compile(p, macros) for cid, p in raw["commodities"].items()},
        attribution=tuple(_compile(p, macros, 0) for p in raw["attribution"]),
        countries={
            "CN": _compile(r"\b{CN}\b", macros),
            "RU": _compile(r"\b{RU}\b", macros),
            "OTHER": _compile(r"\b{OTHER}\b", macros),
            "CN_FIRM": _compile(r"\b{CN_FIRM}\b", macros),
            "REGION_SUBJECT": _compile(r"{REGION_SUBJECT}", macros),
            # a country that can be a metric's entity (group `entity`)
            "ENTITY": _compile(r"\b{COUNTRY}\b", macros),
        },
        vetoes=tuple(vetoes),
        other_routes=tuple(_compile(p, macros) for p in raw.get("other_routes", [])),
        other_facilities=tuple(_compile(p, macros) for p in raw.get("other_facilities", [])),
        all_prefixes=tuple(
            sorted({p for frame in frames for found in frame.prefixes if found for p in found})
        ),
        component_after=_compile(components["after"], macros) if "after" in components else None,
        component_before=(
            _compile(components["before"], macros) if "before" in components else None
        ),
        third_pair=_compile(
            r"\b(?:{RU}|{CN})\s*(?:and|-|–|/)\s*{OTHER}\b|\b{OTHER}\s*(?:and|-|–|/)\s*(?:{RU}|{CN})\b"
            # "India's trade with Russia", "Russia's commerce with Turkey"
            r"|\b{OTHER}{POSS}\s++(?:trade|commerce|turnover)\s++with\s++(?:{RU}|{CN})\b"
            r"|\b(?:{RU}|{CN}){POSS}\s++(?:trade|commerce|turnover)\s++with\s++{OTHER}\b",
            macros,
        ),
    )


@cache
def load_cues(path: Path | None = None) -> Cues:
    path = path or DATA_DIR / "cues.yaml"
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return parse_cues(raw, set(load_catalog().metrics))


def all_patterns() -> list[re.Pattern[str]]:
    """Every compiled cue pattern (for the regular-expression safety test)."""
    cues = load_cues()
    patterns: list[re.Pattern[str]] = []
    for frame in cues.frames:
        patterns.extend(frame.patterns + frame.follows + frame.precedes + frame.entity)
        if frame.requires is not None:
            patterns.append(frame.requires)
    patterns += [
        cues.change_up, cues.change_down, cues.target_cues, cues.target_object,
        cues.actual_verbs, cues.status_projection, cues.status_target, cues.increment,
    ]  # fmt: skip
    for aliases in cues.pipelines.values():
        patterns.extend(aliases)
    patterns.extend(cues.commodities.values())
    patterns.extend(cues.attribution)
    patterns.extend(cues.countries.values())
    for veto in cues.vetoes:
        patterns.extend(veto.patterns + veto.follows + veto.precedes)
    patterns.extend(
        p for p in (cues.component_after, cues.component_before, cues.third_pair) if p is not None
    )
    patterns.extend(cues.other_routes)
    patterns.extend(cues.other_facilities)
    return patterns
