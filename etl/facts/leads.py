"""What every match of a pattern begins with, read across the spaces between its words.

`scan` finds where a match may start from the first word of the pattern ("the", "a", "in");
for `the\\s+(?:last|current)\\s+year` every "the" of a text is such a place, though a match
needs "last" or "current" after it. `verifier(pattern)` reads from the parsed pattern the
*leads* — the text every match begins with, its words and the whitespace runs between them —
and compiles them into one small pattern that `scan` tries at each candidate of the lower-
cased text before the pattern itself: `the\\s+(?:la|cu)`. A candidate it rejects cannot be
the start of a match, so dropping it changes no match.

A lead is a superset of what the pattern's opening items match, item by item: a literal (an
ASCII one, or one without case) as itself lower-cased, a digit class as `\\d`, a run of one
or more whitespace characters as `\\s+`; reading stops at the first item with no such
description (leaving a shorter, still true lead). Like the anchors, leads are only used on a
text whose lower-casing keeps every character's position and folds as `re` does
(`TextIndex.usable`).
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # the parser's own constants
from typing import Any

from etl.facts.prefilter import parse_pattern

#: In a lead: a run of one or more whitespace characters / a decimal digit.
SPACE = "\x04"
DIGIT = "\x05"
#: Leads are read this far (characters, a whitespace run counting one); past it they select
#: nothing more worth a longer verifier.
MAX_LEAD_LENGTH = 8
MAX_LEADS = 256
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
#: A range in a character class is spelled out up to this many characters ('[0-9]').
MAX_RANGE = 10


def _plain(char: str) -> str | None:
    """The character as the lower-cased text holds it wherever the pattern matches it: an
    ASCII character lower-cased, or a character without case as itself; None otherwise."""
    if char.isascii():
        return char.lower()
    return char if char.lower() == char == char.upper() else None


def _class(items: list[Any]) -> set[str] | None:
    """What one character class stands for in a lead: SPACE for exactly '\\s', DIGIT for a
    class of digits, else its characters; None when it has no such description."""
    if not items or items[0][0] is sre_constants.NEGATE:
        return None
    if items == [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)]:
        return {SPACE}
    if all(
        (op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT)
        or (op is sre_constants.RANGE and 48 <= av[0] <= av[1] <= 57)
        or (op is sre_constants.LITERAL and 48 <= av <= 57)
        for op, av in items
    ):
        return {DIGIT}
    chars: set[str] = set()
    for op, av in items:
        codes = [av] if op is sre_constants.LITERAL else None
        if op is sre_constants.RANGE and av[1] - av[0] < MAX_RANGE:
            codes = list(range(av[0], av[1] + 1))
        if codes is None:
            return None
        for code in codes:
            plain = _plain(chr(code))
            if plain is None:
                return None
            chars.add(plain)
    return chars


def _extend(prefixes: set[str], more: set[str]) -> set[str]:
    return {p + m for p in prefixes for m in more}


def _done(prefixes: set[str]) -> bool:
    return len(prefixes) > MAX_LEADS or min(map(len, prefixes)) >= MAX_LEAD_LENGTH


def _leads(items: Any) -> tuple[set[str], bool]:
    """(leads, complete): every match of the sequence begins with text one of the leads
    describes; complete when they describe the whole of every match."""
    items = list(items)
    prefixes = {""}
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue  # takes no text
        more: set[str] | None = None
        complete = True
        if op is sre_constants.LITERAL:
            plain = _plain(chr(av))
            more = {plain} if plain is not None else None
        elif op is sre_constants.IN:
            more = _class(list(av))
        elif op is sre_constants.SUBPATTERN:
            more, complete = _leads(av[-1])
        elif op is sre_constants.BRANCH:
            more = set()
            for branch in av[1]:
                inner, branch_complete = _leads(branch)
                more |= inner
                complete = complete and branch_complete
        elif op in _REPEATS:
            low, high, item = av
            inner, inner_complete = _leads(item)
            if inner == {SPACE} and low >= 1:
                more = {SPACE}  # '\s+', '\s{1,3}': a run of whitespace
            elif low == 0 and high == 1:
                # an optional item: a match goes on with it or without it
                rest, _ = _leads(items[index + 1 :])
                taken = _extend(prefixes, inner)
                if inner_complete:
                    taken = _extend(taken, rest)
                return taken | _extend(prefixes, rest), False
            elif low >= 1:
                return _extend(prefixes, inner), False
        if more is None or not more:
            return prefixes, False
        prefixes = _extend(prefixes, more)
        if not complete or _done(prefixes):
            return prefixes, False
    return prefixes, True


def _token(char: str) -> str:
    return r"\s+" if char == SPACE else r"\d" if char == DIGIT else re.escape(char)


def _trie(leads: list[str]) -> dict[str, Any]:
    """The leads as a tree of their characters; a lead that ends where another goes on
    makes the longer one moot (only whether some lead matches is asked), so it is cut."""
    root: dict[str, Any] = {}
    for lead in sorted(leads, key=len):
        node = root
        for char in lead:
            if node.get("") is True:
                break  # a shorter lead already ends here
            node = node.setdefault(char, {})
        else:
            node.clear()
            node[""] = True
    return root


def _render(node: dict[str, Any]) -> str:
    if node.get("") is True:
        return ""
    branches = [_token(char) + _render(child) for char, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def leads_of(source: str, flags: int) -> list[str] | None:
    """The leads of a pattern, when they say more than its first word does: some lead goes
    on past a whitespace run. None otherwise (or when the pattern does not parse)."""
    parsed = parse_pattern(source, flags)
    if parsed is None:
        return None
    leads, _ = _leads(list(parsed))
    if "" in leads or len(leads) > MAX_LEADS:
        return None
    if not any(SPACE in lead[:-1] for lead in leads):
        return None
    return sorted(leads)


def verifier_source(leads: list[str]) -> str:
    """One pattern for the lower-cased text that matches where some lead does, written as
    a tree (`the\\s+(?:la|cu)`): each alternative begins with a literal, so `re` passes
    over the ones that cannot match without entering them."""
    return _render(_trie(leads))
