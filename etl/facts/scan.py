"""Run a regular expression only where a match can start: same matches, a fraction of the work.

Python's `re` tries a pattern at every position of the text unless the pattern begins with
a literal, so forty whole-document patterns cost forty passes. Most of ours cannot start
just anywhere: a figure starts with a digit run or a currency sign, a period with a month
name or a year, a cue with one of a few words. `start_anchors(pattern)` reads that from the
parsed pattern; `TextIndex` finds those anchors in a document once (where words begin, by
their first letters: `etl.facts.word_index`; one literal search per other anchor; the digit
runs), shared by every stage and every pattern; and `finditer(pattern, text, pos, endpos)`
tries the pattern only at those positions, after its leads (`etl.facts.leads`: the words
after the first one) when it has many. `PatternSet` runs many patterns over the same
sentence.

The matches are exactly those of `pattern.finditer(text, pos, endpos)`: every match starts at
an anchor (the anchors are a superset of the possible starts), each candidate is tried with
`pattern.match(text, start, endpos)` — the same attempt `finditer` makes there, seeing the
whole text for lookbehinds and word boundaries — and candidates inside a previous match are
skipped as `finditer` skips them. When that cannot be guaranteed the scan is the ordinary
one: a pattern with no known anchors, one that can match the empty string, a text whose
lower-casing changes its length or that holds characters `re` folds to ASCII letters
outside `str.lower` (dotless i, long s), or anchors so frequent that scanning is cheaper.
"""

from __future__ import annotations

import bisect
import itertools
import re
import re._constants as sre_constants  # the parser's own constants
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from etl.facts.leads import leads_of, verifier_source
from etl.facts.prefilter import parse_pattern, remembered
from etl.facts.word_index import KEY_CHARS, WordIndex

T = TypeVar("T")

#: An anchor that is any digit / a digit that starts a run of digits.
DIGIT_ANY = "\x00"
DIGIT_RUN = "\x01"
#: AFTER + c: the match starts right after the character c (a one-character lookbehind).
AFTER = "\x02"
#: WORD + literal: the literal starts a word (the pattern has '\b' before a letter).
WORD = "\x03"
_MARKERS = (DIGIT_ANY, DIGIT_RUN, AFTER)
#: Longer literal anchors are no more selective; more of them cost more than a scan.
MAX_ANCHOR_LENGTH = 6
MAX_ANCHORS = 256
#: A pattern whose candidates are denser than one per this many characters is scanned
#: the ordinary way (each candidate costs a call; a scan costs a few ns per character).
MIN_CHARS_PER_CANDIDATE = 24
#: Word anchors are told apart in a stretch by this many first characters.
HEAD_LENGTH = 3
#: Words are filed by this many first characters; longer anchors are checked in place.
WORD_TABLE_KEY = KEY_CHARS
#: Words' first letters whose anchor entries a pattern set keeps (a few thousand in a corpus).
KEYS_KEPT = 65536
#: A pattern's candidates in a text are checked against its leads (`etl.facts.leads`) from
#: this many on: fewer cost less to try than the leads cost to work out for a short text.
VERIFY_FROM = 16
#: Patterns whose anchors are remembered (the recognisers', periods' and cues' are ~400).
PATTERN_CACHE_SIZE = 4096

_DIGIT_RUNS = re.compile(r"\d+")
_START = re.Match.start
_SPAN = re.Match.span
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _case_special() -> re.Pattern[str]:
    """Non-ASCII characters that `re` matches case-insensitively against other characters
    in ways `str.lower` does not reproduce (e.g. 'ı' and 'I', 'ſ' and 's')."""
    try:
        from re._casefix import _EXTRA_CASES  # the table re itself uses (3.11+)
    except ImportError:  # pragma: no cover - other Pythons: treat all non-ASCII as special
        return re.compile(r"[^\x00-\x7f]")
    chars = {c for key, values in _EXTRA_CASES.items() for c in (key, *values) if c > 0x7F}
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(chars)) + "]")


_CASE_SPECIAL = _case_special()


def _is_digit_set(items: list[Any]) -> bool:
    """A character class that only holds decimal digits ('\\d', '[0-9]', '[5-9]', '7')."""
    if not items:
        return False
    for op, av in items:
        if op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT:
            continue
        if op is sre_constants.RANGE and 48 <= av[0] <= av[1] <= 57:
            continue
        if op is sre_constants.LITERAL and 48 <= av <= 57:
            continue
        return False
    return True


#: A range in a character class is spelled out up to this many characters ('[1-4]').
MAX_RANGE = 10


def _literal_chars(items: list[Any]) -> list[str] | None:
    """The characters of a class made only of literals and short ranges ('[$€]', '[1-4]')."""
    chars = []
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.append(chr(av))
        elif op is sre_constants.RANGE and av[1] - av[0] < MAX_RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def _guard(op: Any, av: Any, ascii_only: bool) -> str:
    """What this zero-width item forbids just before the current position: 'word' (a word
    character: '\\b' before a letter or digit, '(?<![\\w.,])'), 'digit' ('(?<![\\d$])'), or
    '' (nothing we use)."""
    if ascii_only:
        return ""  # an ASCII \\b or \\w says nothing about other scripts' letters
    if op is sre_constants.AT:
        return "word" if av is sre_constants.AT_BOUNDARY else ""
    if op is sre_constants.ASSERT_NOT:
        direction, inner = av
        items = list(inner)
        if direction != -1 or len(items) != 1 or items[0][0] is not sre_constants.IN:
            return ""
        categories = {a for o, a in items[0][1] if o is sre_constants.CATEGORY}
        if sre_constants.CATEGORY_WORD in categories:
            return "word"
        if sre_constants.CATEGORY_DIGIT in categories:
            return "digit"
    return ""


_GUARD_STRENGTH = ("", "digit", "word")


def _word_start(char: str, guard: str) -> str:
    """A literal first character, marked as starting a word when the guard says so."""
    return WORD + char if guard == "word" and (char.isalnum() or char == "_") else char


def _extend(prefixes: set[str], more: set[str]) -> set[str]:
    """Append each of `more` to each prefix; a prefix that already ends in a marker (or
    would get one after a literal) stops growing there."""
    out: set[str] = set()
    for p in prefixes:
        if (p and p[-1] in _MARKERS) or p.startswith(AFTER):
            out.add(p)
            continue
        for m in more:
            if m and m[0] in (DIGIT_ANY, DIGIT_RUN) and p:
                out.add(p)  # "no" followed by a digit: the literal part is the anchor
            elif m.startswith(AFTER):
                out.add(p if p else m)
            else:
                out.add(p + m)
    return out


def _sequence(items: Any, ascii_only: bool, guard: str = "") -> tuple[set[str], bool]:
    """(anchors, complete): every match of the sequence starts with one of the anchors;
    complete when every item was consumed as literals."""
    items = list(items)
    prefixes = {""}
    for index, (op, av) in enumerate(items):
        at_start = prefixes == {""}
        inner_guard = guard if at_start else ""
        if op in (sre_constants.AT, sre_constants.ASSERT_NOT):
            if at_start:
                guard = max(guard, _guard(op, av, ascii_only), key=_GUARD_STRENGTH.index)
            continue
        if op is sre_constants.ASSERT:
            direction, inner = av
            inner_items = list(inner)
            if at_start and direction == -1 and len(inner_items) == 1:
                (iop, iav) = inner_items[0]
                chars = (
                    [chr(iav)]
                    if iop is sre_constants.LITERAL
                    else _literal_chars(list(iav))
                    if iop is sre_constants.IN
                    else None
                )
                if chars:
                    return {AFTER + c.lower() for c in chars}, False
            continue
        if op is sre_constants.LITERAL:
            prefixes = _extend(prefixes, {_word_start(chr(av).lower(), inner_guard)})
        elif op is sre_constants.IN:
            items_in = list(av)
            if items_in and items_in[0][0] is sre_constants.NEGATE:
                return prefixes, False
            chars = _literal_chars(items_in)
            if chars is None and _is_digit_set(items_in):
                digit = DIGIT_RUN if inner_guard else DIGIT_ANY
                return _extend(prefixes, {digit}), False
            if chars is None:
                return prefixes, False
            prefixes = _extend(prefixes, {_word_start(c.lower(), inner_guard) for c in chars})
        elif op is sre_constants.SUBPATTERN:
            inner, complete = _sequence(av[-1], ascii_only, inner_guard)
            prefixes = _extend(prefixes, inner)
            if not complete:
                return prefixes, False
        elif op is sre_constants.BRANCH:
            alternatives: set[str] = set()
            complete = True
            for branch in av[1]:
                inner, branch_complete = _sequence(branch, ascii_only, inner_guard)
                alternatives |= inner
                complete = complete and branch_complete
            prefixes = _extend(prefixes, alternatives)
            if not complete:
                return prefixes, False
        elif op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            sre_constants.POSSESSIVE_REPEAT,
        ):
            low, _high, item = av
            inner, _ = _sequence(item, ascii_only, inner_guard)
            taken = _extend(prefixes, inner)
            if low >= 1:
                return taken, False
            # an optional item: a match starts either with it or with what follows it
            rest, _ = _sequence(items[index + 1 :], ascii_only, inner_guard)
            return taken | _extend(prefixes, rest), False
        else:
            return prefixes, False
        if len(prefixes) > MAX_ANCHORS or min(map(len, prefixes)) >= MAX_ANCHOR_LENGTH:
            return prefixes, False
    return prefixes, True


def by_pattern(compute: Callable[[re.Pattern[str]], T]) -> Callable[[re.Pattern[str]], T]:
    """Cache a function of a compiled pattern by the pattern object's identity: hashing a
    `re.Pattern` hashes its whole compiled program, which for a list of a hundred country
    names costs more than the work being cached. The cache holds the pattern, so its id
    cannot be reused by another object while the entry lives."""
    cache: dict[int, tuple[re.Pattern[str], T]] = {}

    def cached(pattern: re.Pattern[str]) -> T:
        hit = cache.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        if len(cache) >= PATTERN_CACHE_SIZE:
            cache.clear()
        value = compute(pattern)
        cache[id(pattern)] = (pattern, value)
        return value

    return cached


@by_pattern
def start_anchors(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Anchors one of which every match starts at, or None when they are not known (then
    the pattern is scanned the ordinary way)."""
    found = remembered("anchors", pattern.pattern, pattern.flags, lambda: _anchors(pattern))
    return tuple(found) if found is not None else None


def _anchors(pattern: re.Pattern[str]) -> list[str] | None:
    parsed = parse_pattern(pattern.pattern, pattern.flags)
    if parsed is None:
        return None
    if parsed.getwidth()[0] == 0:
        return None  # an empty match moves finditer by one: not worth reproducing
    anchors, _ = _sequence(list(parsed), ascii_only=bool(pattern.flags & re.ASCII))
    if not anchors or "" in anchors or len(anchors) > MAX_ANCHORS:
        return None
    if any(a in (AFTER, WORD) or (a.startswith(AFTER) and len(a) != 2) for a in anchors):
        return None
    # "no" then a digit: the literal part is the anchor
    anchors = {a.rstrip(DIGIT_ANY + DIGIT_RUN) if len(a) > 1 else a for a in anchors}
    # "export" covers "exports": keep only anchors that no shorter one already covers
    minimal: list[str] = []
    for anchor in sorted(anchors, key=len):
        if not any(anchor.startswith(shorter) for shorter in minimal):
            minimal.append(anchor)
    return minimal


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def _required(items: Any) -> set[str] | None:
    """Strings (lower-cased) one of which every match of the sequence contains, or None.
    Runs of literals make the strings; of several candidates the one whose shortest string
    is longest is kept (the most selective)."""
    best: set[str] | None = None
    run = ""

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        usable = candidate and all(candidate) and len(candidate) <= MAX_ANCHORS
        if usable and (best is None or min(map(len, candidate)) > min(map(len, best))):  # type: ignore[arg-type]
            best = candidate

    for op, av in items:
        if op is sre_constants.LITERAL:
            run += chr(av).lower()
            continue
        consider({run} if run else None)
        run = ""
        if op is sre_constants.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is sre_constants.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(av[2]))
        elif op is sre_constants.IN:
            chars = _literal_chars(list(av))
            consider({c.lower() for c in chars} if chars else None)
    consider({run} if run else None)
    return best


@by_pattern
def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match contains (lower-cased), for patterns whose matches
    can start anywhere: a stretch holding none of them cannot match."""
    found = remembered("required", pattern.pattern, pattern.flags, lambda: _required_of(pattern))
    return frozenset(found) if found else None


def _required_of(pattern: re.Pattern[str]) -> list[str] | None:
    parsed = parse_pattern(pattern.pattern, pattern.flags)
    if parsed is None:
        return None
    found = _required(list(parsed))
    return sorted(found) if found else None


class TextIndex:
    """Where each anchor occurs in one text, computed on first use and kept for the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        #: can positions in the lowered text stand for positions in the text?
        self.usable = len(self.lowered) == len(text) and not _CASE_SPECIAL.search(text)
        #: candidates allowed per pattern over the whole text
        self.budget = len(text) // MIN_CHARS_PER_CANDIDATE + 1
        self._digits: dict[str, list[int]] = {}
        self._occurrences: dict[str, list[int] | None] = {}  # None: denser than the budget
        # by id(pattern), holding the pattern (see `by_pattern`)
        self._candidates: dict[int, tuple[re.Pattern[str], list[int] | None]] = {}
        self._anchor_lists: dict[int, tuple[re.Pattern[str], list[list[int]] | None]] = {}
        self._heads_range: tuple[int, int] | None = None
        self._heads: frozenset[str] = frozenset()
        self._word_index: WordIndex | None = None
        self._starting: dict[str, list[int]] = {}
        self._by_anchor_set: dict[int, list[int] | None] = {}  # by `_anchor_set`
        self._longer: dict[tuple[int, str, tuple[str, ...]], list[int]] = {}

    def digits(self, anchor: str) -> list[int]:
        """Where a run of digits starts (DIGIT_RUN) or any digit is (DIGIT_ANY); each list
        made when first asked for (the recognisers only ask for run starts)."""
        found = self._digits.get(anchor)
        if found is None:
            if anchor == DIGIT_RUN:
                # (the word index's array of the text, when it has one: no step per character)
                found = self._words().digit_runs() if self.usable else None
                if found is None:
                    found = list(map(_START, _DIGIT_RUNS.finditer(self.text)))
            else:
                spans = map(_SPAN, _DIGIT_RUNS.finditer(self.text))
                found = [i for start, end in spans for i in range(start, end)]
            self._digits[anchor] = found
        return found

    def _find(self, anchor: str, pos: int, end: int, limit: int) -> list[int] | None:
        """Positions in [pos, end) where a match may start at this anchor (None: more
        than `limit` of them)."""
        if anchor in (DIGIT_ANY, DIGIT_RUN):
            found = self.digits(anchor)
            if pos > 0 or end < len(self.text):
                found = found[bisect.bisect_left(found, pos) : bisect.bisect_left(found, end)]
            return found if len(found) <= limit else None
        word = anchor.startswith(WORD)
        literal, shift = (anchor[1:], 1) if anchor.startswith(AFTER) else (anchor, 0)
        if word:
            literal = anchor[1:]
            if literal[0] in _ASCII_WORD and pos == 0 and end == len(self.text):
                head = min(len(literal), WORD_TABLE_KEY)
                found = self._words_starting(head, literal[:head]) or []
                if len(literal) > head:
                    low = self.lowered
                    found = [p for p in found if low.startswith(literal, p)]
                return found if len(found) <= limit else None
        out: list[int] = []
        finder = _finder(literal, word)
        if _overlaps_itself(literal):  # "aa" twice in "aaa": finditer would skip one
            m = finder.search(self.lowered, max(0, pos - shift), end)
            while m is not None:
                out.append(m.start() + shift)
                if len(out) > limit:
                    return None
                m = finder.search(self.lowered, m.start() + 1, end)
            return out
        for m in finder.finditer(self.lowered, max(0, pos - shift), end):
            out.append(m.start() + shift)
            if len(out) > limit:
                return None
        return out

    def _words(self) -> WordIndex:
        """Where the text's words begin, by their first letters (built on first use)."""
        if self._word_index is None:
            self._word_index = WordIndex(self.lowered)
        return self._word_index

    def _words_starting(self, size: int, head: str) -> list[int] | None:
        """Where the words whose first `size` characters are `head` begin, in order; None
        when nowhere. A literal that starts with an ASCII letter, digit or underscore and
        follows none can only begin a word, so one index of word starts serves every such
        anchor of the text."""
        found = self._starting.get(head)
        if found is None:
            found = self._starting[head] = self._words().starting(head[:size])
        return found or None

    def _run_starts(self) -> list[int]:
        return self._words().starts

    def _heads_in(self, pos: int, end: int) -> frozenset[str]:
        """The first one to HEAD_LENGTH characters of every word that begins in [pos, end),
        for the stretch asked last (a sentence is asked once per cue pattern)."""
        if self._heads_range != (pos, end):
            runs = self._run_starts()
            first = bisect.bisect_left(runs, pos)
            last = bisect.bisect_left(runs, end, first)
            low = self.lowered
            heads = {low[p : p + k] for p in runs[first:last] for k in range(1, HEAD_LENGTH + 1)}
            self._heads = frozenset(heads)
            self._heads_range = (pos, end)
        return self._heads

    def occurrences(self, anchor: str) -> list[int] | None:
        """Every position in the text where a match may start at this anchor, found once per
        text; None when there are more than the text's budget (the anchor selects nothing)."""
        if anchor not in self._occurrences:
            self._occurrences[anchor] = self._find(anchor, 0, len(self.text), self.budget)
        return self._occurrences[anchor]

    def candidates(self, pattern: re.Pattern[str]) -> list[int] | None:
        """Sorted positions where a match of the pattern may start; None: scan everything."""
        hit = self._candidates.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        grouped = _grouped_anchors(pattern) if self.usable else None
        result: list[int] | None = None
        if grouped is not None:
            # patterns that start the same way (the cues share macros) share the positions
            shared = _anchor_set(pattern)
            if shared in self._by_anchor_set:
                result = self._by_anchor_set[shared]
            else:
                result = self._anchored(grouped)
                self._by_anchor_set[shared] = result
            if result is not None and len(result) >= VERIFY_FROM:
                # the words after the first one: "the" is a candidate of `the\s+last\s+year`
                # only where "last" follows it
                verify = _verifier(pattern)
                if verify is not None:
                    low = self.lowered
                    result = [p for p in result if verify(low, p)]
        self._candidates[id(pattern)] = (pattern, result)
        return result

    def _anchored(self, grouped: tuple[WordGroups, tuple[str, ...]]) -> list[int] | None:
        """Sorted positions where a match starting at one of these anchors may start."""
        result: list[int] | None = None
        by_head, others = grouped
        lists = []
        total = 0
        for anchor in others:
            found = self.occurrences(anchor)
            if found is None or total + len(found) > self.budget:
                break
            total += len(found)
            lists.append(found)
        else:
            # word anchors by their first letters: one table look-up per group
            low = self.lowered
            for (size, head), literals in by_head.items():
                found = self._words_starting(size, head)
                if not found:
                    continue
                if literals is not None:  # some anchors are longer than their head
                    key = (size, head, literals)
                    kept = self._longer.get(key)
                    if kept is None:
                        kept = self._longer[key] = [p for p in found if low.startswith(literals, p)]
                    found = kept
                total += len(found)
                if total > self.budget:
                    break
                lists.append(found)
            else:
                if len(lists) == 1:
                    result = lists[0]
                elif not others:
                    # a word is filed under one head of a set (no anchor of a set begins
                    # another): the lists share no position, and sorting their concatenation
                    # merges runs already in order
                    result = sorted(itertools.chain.from_iterable(lists))
                else:
                    result = sorted(set().union(*lists))
        return result

    def anchor_lists(self, pattern: re.Pattern[str]) -> list[list[int]] | None:
        """The positions of each of the pattern's anchors in the text (None: unknown or too
        dense), kept for the text."""
        hit = self._anchor_lists.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        anchors = start_anchors(pattern) if self.usable else None
        found = [self.occurrences(a) for a in anchors] if anchors is not None else [None]
        lists = None if any(f is None for f in found) else [f for f in found if f is not None]
        self._anchor_lists[id(pattern)] = (pattern, lists)
        return lists

    def candidates_in(self, pattern: re.Pattern[str], pos: int, end: int) -> list[int] | None:
        """The same for a stretch [pos, end) (a sentence): the text's anchor positions that
        fall inside it; None when they are too dense there to be worth it."""
        anchors = start_anchors(pattern) if self.usable else None
        if anchors is None:
            return None
        heads = _word_heads(anchors)
        if heads is not None and heads.isdisjoint(self._heads_in(pos, end)):
            return []  # none of the words a match starts with begins a word here
        lists = self.anchor_lists(pattern)
        if lists is None:
            return None
        return _pick(lists, pos, end, (end - pos) // MIN_CHARS_PER_CANDIDATE + 1)


@lru_cache(maxsize=4096)
def _word_heads(anchors: tuple[str, ...]) -> frozenset[str] | None:
    """When every anchor is a word start with an ASCII first character: their first
    HEAD_LENGTH characters (a match needs a word of the stretch to begin with one)."""
    if not all(a.startswith(WORD) and a[1:2] in _ASCII_WORD for a in anchors):
        return None
    return frozenset(a[1 : 1 + HEAD_LENGTH] for a in anchors)


@lru_cache(maxsize=4096)
def _overlaps_itself(literal: str) -> bool:
    """Can two occurrences of the literal overlap ("aa", "abab")?"""
    return any(literal[k:] == literal[: len(literal) - k] for k in range(1, len(literal)))


@lru_cache(maxsize=4096)
def _finder(literal: str, word: bool) -> re.Pattern[str]:
    """The literal in the lower-cased text; with `word`, not right after an ASCII letter,
    digit or underscore (which cannot precede a word's start; any other character might).
    The pattern begins with the literal, so `re` jumps from one occurrence to the next
    instead of trying every position, and checks the look back only there."""
    escaped = re.escape(literal)
    return re.compile(f"{escaped}(?<![a-z0-9_]{escaped})" if word else escaped)


#: Texts whose index is kept: the document in hand and a few short ones scanned between
#: its stages (a name, a sentence), so they do not evict it. Memory stays flat.
KEPT_INDEXES = 4
_recent: list[tuple[str, TextIndex]] = []


def index_for(text: str) -> TextIndex:
    """The index of this text object, kept while it is being worked on (by identity: the
    entry holds the text, so its id cannot be reused by another string meanwhile)."""
    recent = _recent
    for kept, index in recent:
        if kept is text:
            return index
    index = TextIndex(text)
    recent.insert(0, (text, index))
    del recent[KEPT_INDEXES:]
    return index


def finditer(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text, pos, endpos)`, tried only at candidates."""
    end = len(text) if endpos is None else max(0, min(endpos, len(text)))
    index = index_for(text)
    # a stretch takes the text's candidates (worked out once per text and pattern, however
    # many stretches are asked about), or, when those are too many, its own
    candidates = index.candidates(pattern)
    if candidates is None and (pos > 0 or end < len(text)):
        candidates = index.candidates_in(pattern, max(0, pos), end)
    if candidates is None:
        yield from pattern.finditer(text, pos, end)
        return
    match = pattern.match
    i = bisect.bisect_left(candidates, pos)
    n = len(candidates)
    while i < n:
        start = candidates[i]
        if start >= end:
            return
        m = match(text, start, end)
        if m is None:
            i += 1
            continue
        yield m
        # the next match starts at or after this one's end (never empty: width >= 1)
        i = bisect.bisect_left(candidates, m.end(), i + 1)


def search(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> re.Match[str] | None:
    """`pattern.search(text, pos, endpos)`, tried only at candidates."""
    return next(finditer(pattern, text, pos, endpos), None)


class PatternSet:
    """Many patterns run over the same stretches (the cue patterns, sentence by sentence).

    The patterns' word anchors are filed once by their first letters, each entry naming the
    set of anchors (shared by the patterns that start the same way) it belongs to; a stretch
    is then read word by word, each word's first one to WORD_TABLE_KEY letters looked up
    once, which gives the candidates of every anchor set at once. A pattern whose set got
    no candidate in the stretch is passed over without a call."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        numbers: dict[int, int] = {}  # `_anchor_set` -> this set's own numbering
        #: per pattern, the number of its anchor set (-1: no anchors, always scanned)
        self._set_of: list[int] = []
        #: per anchor set, its anchors that are not word starts
        self._others: list[tuple[str, ...]] = []
        by_word: dict[tuple[int, str], list[tuple[int, tuple[str, ...] | None]]] = {}
        for pattern in self.patterns:
            grouped = _grouped_anchors(pattern)
            if grouped is None:
                self._set_of.append(-1)
                continue
            shared = _anchor_set(pattern)
            if shared not in numbers:
                number = numbers[shared] = len(numbers)
                by_head, others = grouped
                self._others.append(others)
                for key, literals in by_head.items():
                    by_word.setdefault(key, []).append((number, literals))
            self._set_of.append(numbers[shared])
        #: the patterns without anchors (tried in every stretch), and those of each anchor set
        self._unanchored = tuple(k for k, n in enumerate(self._set_of) if n < 0)
        self._patterns_of = tuple(
            tuple(k for k, n in enumerate(self._set_of) if n == number)
            for number in range(len(self._others))
        )
        #: a word's first WORD_TABLE_KEY characters → the heads' entries it takes (filled
        #: as words are met)
        self._by_key: dict[str, tuple[tuple[int, tuple[str, ...] | None], ...]] = {}
        #: the anchor sets with anchors other than word starts
        self._with_others = tuple(n for n, others in enumerate(self._others) if others)
        #: (head length, {head: ((anchor set, longer literals or None), ...)}), by length
        self._by_head = tuple(
            (size, {head: tuple(entries) for (n, head), entries in by_word.items() if n == size})
            for size in sorted({size for size, _ in by_word})
        )

    def _entries_for(self, key: str) -> tuple[tuple[int, tuple[str, ...] | None], ...]:
        """The heads' entries a word whose first characters are `key` takes, of every head
        length at once (kept: the words of a language repeat their first letters)."""
        entries = tuple(
            entry for size, table in self._by_head for entry in table.get(key[:size], ())
        )
        if len(self._by_key) >= KEYS_KEPT:
            self._by_key.clear()
        self._by_key[key] = entries
        return entries

    def _candidates(self, index: TextIndex, pos: int, end: int) -> dict[int, list[int] | None]:
        """Per anchor set with a candidate in [pos, end), where a match may start (sorted);
        None when an anchor is too dense to list or the candidates are more than the
        stretch's budget. A set that is not named has no candidate there."""
        found: dict[int, list[int] | None] = {}
        low = index.lowered
        by_key = self._by_key
        runs = index._run_starts()
        first = bisect.bisect_left(runs, pos)
        last = bisect.bisect_left(runs, end, first)
        for start in runs[first:last]:
            key = low[start : start + WORD_TABLE_KEY]
            entries = by_key.get(key)
            if entries is None:
                entries = self._entries_for(key)
            for number, literals in entries:
                if literals is None or low.startswith(literals, start):
                    positions = found.get(number)
                    if positions is None:
                        found[number] = [start]
                    elif positions[-1] != start:
                        positions.append(start)
        for number in self._with_others:
            positions = found.get(number) or []
            for anchor in self._others[number]:
                occurring = index.occurrences(anchor)
                if occurring is None:
                    found[number] = None
                    break
                low_i = bisect.bisect_left(occurring, pos)
                high_i = bisect.bisect_left(occurring, end, low_i)
                if high_i > low_i:
                    positions = sorted({*positions, *occurring[low_i:high_i]})
            else:
                if positions:
                    found[number] = positions
        limit = (end - pos) // MIN_CHARS_PER_CANDIDATE + 1
        for number, positions in found.items():
            if positions is not None and len(positions) > limit:
                found[number] = None
        return found

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[tuple[int, re.Match[str]]]:
        """(index of the pattern, match) for every pattern in turn: what running
        `finditer(pattern, text, pos, endpos)` for each pattern in order gives."""
        end = len(text) if endpos is None else max(0, min(endpos, len(text)))
        pos = max(0, pos)
        index = index_for(text)
        if not index.usable:
            for k, pattern in enumerate(self.patterns):
                for m in pattern.finditer(text, pos, end):
                    yield k, m
            return
        candidates = self._candidates(index, pos, end)
        bisect_left = bisect.bisect_left
        stretch: str | None = None
        # the patterns that may match here, in their order: those without anchors, and
        # those of the anchor sets that have a candidate
        patterns_of = self._patterns_of
        asked = sorted([*self._unanchored, *(k for n in candidates for k in patterns_of[n])])
        for k in asked:
            number = self._set_of[k]
            picked = candidates[number] if number >= 0 else None
            if picked is None:
                # (worked out only for a pattern that gets here: most never do in a short text)
                needed = required_strings(self.patterns[k])
                if needed is not None:
                    if stretch is None:
                        stretch = index.lowered[pos:end]
                    if not any(s in stretch for s in needed):
                        continue  # none of the strings every match holds is here
                yield from ((k, m) for m in self.patterns[k].finditer(text, pos, end))
                continue
            match = self.patterns[k].match
            i, n = 0, len(picked)
            while i < n:
                found = match(text, picked[i], end)
                if found is None:
                    i += 1
                    continue
                yield k, found
                i = bisect_left(picked, found.end(), i + 1)


def _pick(lists: list[list[int]], pos: int, end: int, limit: int) -> list[int] | None:
    """The positions of the lists inside [pos, end), sorted; None when more than `limit`."""
    picked: list[int] = []
    for positions in lists:
        first = bisect.bisect_left(positions, pos)
        last = bisect.bisect_left(positions, end, first)
        if last > first:
            picked.extend(positions[first:last])
    if len(picked) > limit:
        return None
    if len(lists) > 1:
        picked.sort()
    return picked


WordGroups = dict[tuple[int, str], tuple[str, ...] | None]


@by_pattern
def _grouped_anchors(pattern: re.Pattern[str]) -> tuple[WordGroups, tuple[str, ...]] | None:
    """The pattern's anchors: word anchors (ASCII first letter) grouped by their first
    WORD_TABLE_KEY letters — (key length, head) → the full literals when some are longer
    than the head, else None — and the other anchors as they are."""
    anchors = start_anchors(pattern)
    if anchors is None:
        return None
    groups: dict[tuple[int, str], list[str]] = {}
    others = []
    for anchor in anchors:
        if anchor.startswith(WORD) and anchor[1:2] in _ASCII_WORD:
            literal = anchor[1:]
            size = min(len(literal), WORD_TABLE_KEY)
            groups.setdefault((size, literal[:size]), []).append(literal)
        else:
            others.append(anchor)
    by_head: WordGroups = {
        key: None if any(len(lit) == key[0] for lit in lits) else tuple(lits)
        for key, lits in groups.items()
    }
    return by_head, tuple(others)


#: Each distinct set of grouped anchors, numbered (a handful of hundred for all the rules).
AnchorSet = tuple[tuple[tuple[tuple[int, str], tuple[str, ...] | None], ...], tuple[str, ...]]
_ANCHOR_SETS: dict[AnchorSet, int] = {}


@by_pattern
def _anchor_set(pattern: re.Pattern[str]) -> int:
    """A number shared by the patterns whose grouped anchors are the same (so are their
    candidate positions in any text); only called for patterns that have anchors."""
    grouped = _grouped_anchors(pattern)
    assert grouped is not None
    by_head, others = grouped
    key = (tuple(sorted(by_head.items())), others)
    return _ANCHOR_SETS.setdefault(key, len(_ANCHOR_SETS))


@by_pattern
def _verifier(pattern: re.Pattern[str]) -> Callable[[str, int], re.Match[str] | None] | None:
    """`match` of a pattern for the lower-cased text that every match of `pattern` starts
    with (its leads, `etl.facts.leads`), when they say more than the first word does."""
    found = remembered("leads", pattern.pattern, pattern.flags, lambda: _leads_of(pattern))
    return re.compile(verifier_source(found)).match if found else None


def _leads_of(pattern: re.Pattern[str]) -> list[str] | None:
    return leads_of(pattern.pattern, pattern.flags)
