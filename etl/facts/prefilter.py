"""Required literal prefixes of a regular expression, for a cheap substring prefilter.

`literal_prefixes(pattern)` returns lower-case strings such that every match of the pattern
starts with one of them (ignoring case), or None when no such set is known. A pattern whose
prefixes occur nowhere in a text cannot match it, so the regex need not run.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # the parser's own constants
import re._parser as sre_parse
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: Stop extending prefixes once they are this long (selective enough) or this many.
MAX_PREFIX_LENGTH = 6
MAX_PREFIXES = 64

_SKIP = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


def _sequence(items: Any) -> tuple[set[str], bool]:
    """(prefixes, complete): complete when every item was consumed as literals."""
    items = list(items)
    prefixes = {""}
    for index, (op, av) in enumerate(items):
        if op in _SKIP:
            continue
        if op is sre_constants.LITERAL:
            prefixes = {p + chr(av).lower() for p in prefixes}
        elif op is sre_constants.SUBPATTERN:
            inner, complete = _sequence(av[-1])
            prefixes = {p + i for p in prefixes for i in inner}
            if not complete:
                return prefixes, False
        elif op is sre_constants.BRANCH:
            alternatives: set[str] = set()
            complete = True
            for branch in av[1]:
                inner, branch_complete = _sequence(branch)
                alternatives |= inner
                complete = complete and branch_complete
            prefixes = {p + a for p in prefixes for a in alternatives}
            if not complete:
                return prefixes, False
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _high, item = av
            inner, _ = _sequence(item)
            taken = {p + i for p in prefixes for i in inner}
            if low >= 1:
                return taken, False
            # an optional item: a match starts either with it or with what follows it
            rest, _ = _sequence(items[index + 1 :])
            return taken | {p + r for p in prefixes for r in rest}, False
        else:
            return prefixes, False
        if len(prefixes) > MAX_PREFIXES or min(map(len, prefixes)) >= MAX_PREFIX_LENGTH:
            return prefixes, False
    return prefixes, True


#: Parses kept: one per distinct pattern of the rules, with room to spare.
PARSE_CACHE_SIZE = 4096


def parse_pattern(source: str, flags: int) -> sre_parse.SubPattern | None:
    """The parse of a pattern, None when it does not parse. Not kept: a parse is
    thousands of small objects, and keeping them slows every later garbage collection by
    more than parsing again costs."""
    try:
        return sre_parse.parse(source, flags)
    except re.error:
        return None


def literal_prefixes(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    return source_prefixes(pattern.pattern, pattern.flags)


#: What was read off pattern sources, by (analysis, source, flags), as lists of strings (or
#: None): worked out once per process, and — for a caller that runs the same rules in many
#: processes, such as a refresh (`etl.tables.pattern_cache`) — savable and loadable, since
#: parsing the rules' hundreds of patterns is a good part of loading them.
_ANALYSES: dict[tuple[str, str, int], list[str] | None] = {}
_added = [0]


def remembered(
    kind: str, source: str, flags: int, compute: Callable[[], list[str] | None]
) -> list[str] | None:
    """The analysis `kind` of a pattern source: known, or computed now and kept."""
    key = (kind, source, flags)
    if key in _ANALYSES:
        return _ANALYSES[key]
    value = compute()
    _ANALYSES[key] = value
    _added[0] += 1
    return value


def known_analyses() -> list[tuple[str, str, int, list[str] | None]]:
    return [(kind, source, flags, value) for (kind, source, flags), value in _ANALYSES.items()]


def add_analyses(entries: list[tuple[str, str, int, list[str] | None]]) -> None:
    """Analyses worked out by an earlier process running the same code (see
    `etl.tables.pattern_cache`, which checks that it is)."""
    for kind, source, flags, value in entries:
        _ANALYSES.setdefault((kind, source, flags), value)


def analyses_added() -> int:
    """How many analyses this process has worked out itself."""
    return _added[0]


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def source_prefixes(source: str, flags: int) -> tuple[str, ...] | None:
    """`literal_prefixes` of the pattern `source` compiled with `flags`, without compiling it."""
    found = remembered("prefixes", source, flags, lambda: _prefixes(source, flags))
    return tuple(found) if found is not None else None


def _prefixes(source: str, flags: int) -> list[str] | None:
    parsed = parse_pattern(source, flags)
    if parsed is None:
        return None
    prefixes, _ = _sequence(list(parsed))
    if not prefixes or "" in prefixes or len(prefixes) > MAX_PREFIXES:
        return None
    # "export" covers "exports": keep only prefixes that no shorter one already covers
    kept = sorted(prefixes, key=len)
    minimal: list[str] = []
    for prefix in kept:
        if not any(prefix.startswith(shorter) for shorter in minimal):
            minimal.append(prefix)
    return minimal


def may_match(prefixes: tuple[str, ...] | None, lowered_text: str) -> bool:
    if prefixes is None:
        return True
    # Dozens of patterns are tried against one text, many with the same prefixes ("year",
    # "month"): each prefix is looked for once per text (the text held by identity).
    global _found_in, _found
    if _found_in is not lowered_text:
        _found_in, _found = lowered_text, {}
    for prefix in prefixes:
        present = _found.get(prefix)
        if present is None:
            present = _found[prefix] = prefix in lowered_text
        if present:
            return True
    return False


#: The text `may_match` was last asked about, and which prefixes it holds.
_found_in: str | None = None
_found: dict[str, bool] = {}
