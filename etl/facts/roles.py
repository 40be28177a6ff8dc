"""The role of a figure in its sentence: a level, a change (and its sign), a target, a
yearly rate, an increment. Roles decide which cue frames may claim the figure."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from etl.facts.cues import Cues
from etl.facts.quantities import QUALIFIERS_BEFORE, Quantity
from etl.facts.tables import is_change_cell
from etl.facts.text import Sentence

#: How far before a money figure a target cue may stand (characters).
TARGET_WINDOW = 160


_PART_OF = re.compile(
    r"\s+of\s+(?!(?:the\s+)?(?:previous|same|last|a\s+year|its\s+previous)\b)(?:the\s+)?[A-Za-z]",
    re.I,
)


#: "the $200 billion goal", "the $200bn 'by 2024' goal": the figure names the goal itself;
#: "to $300 billion by 2030, a goal that ...": an apposition names it.
_TARGET_NOUN_AFTER = re.compile(
    r"\s*+(?:[\"“'‘]?+(?:by|for|in)\s++\d{4}[\"”'’]?+\s++)?+(?:(?:trade|turnover|bilateral)\s+)?"
    r"(?:target|goal|objective)s?\b"
    r"|\s*+(?:by|in|for)\s++(?:the\s++end\s++of\s++)?+\d{4}\s*+,\s*+(?:a|an|the)\s++(?:[a-z-]+\s+)?"
    r"(?:target|goal|objective)\b",
    re.IGNORECASE,
)


_SPACES = re.compile(r"[\s-]*")


#: A fraction with its count ("a third", "one tenth"), not a bare "quarter" (of a year).
_COUNTED = re.compile(r"(?:an?|one|two|three)\b", re.IGNORECASE)


#: "fell by half", "grew by nearly half": a bare fraction after "by" is a change too.
_BY_BEFORE = re.compile(
    r"\bby\s++(?:(?:nearly|almost|about|around|roughly|some|over|more\s+than|just\s+over"
    r"|just\s+under|close\s+to|less\s+than|well\s+over)\s++)?$",
    re.IGNORECASE,
)

_ONE_WORD = re.compile(r"[\s-]*\w+\s+")


_YOY_AFTER = re.compile(r"\s*(?:year[\s-]on[\s-]year|y/y|yoy|annually|in\s+annual\s+terms)", re.I)


#: How far before a figure an increment cue ("exceeded the plan ... by") may start.
INCREMENT_REACH = 140
#: A qualifier ("more than", "nearly") sits in the last few words before a figure.
QUALIFIER_REACH = 40


_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(\[]))([+\-−–])\s?$")
#: A sign spelled out right before a figure: "93.8 billion, plus 40.7 percent", "minus 3%".
_SIGN_WORD_BEFORE = re.compile(r"\b(plus|minus)\s+$", re.IGNORECASE)


#: Right after a figure only: "7% below the January 2024 level", "12 percent above last year's".
_ABOVE, _BELOW = re.compile(r"above\b", re.I), re.compile(r"below\b", re.I)


#: A sign said in words right before a percentage ("plus 40.7 percent", "minus 3%").
_SIGN_WORD_BEFORE = re.compile(r"\b(plus|minus)\s++$", re.IGNORECASE)
#: Words that say how much, after a change verb ("fell more — roughly 6.6 percent").
_DEGREE_WORDS = frozenset({"more", "less"})
_AFTER_VERB = re.compile(
    r"\b(?:r[io]se|grew|increased|fell|dropped|declined|decreased|slumped|shrank|gained|lost)\s+$",
    re.IGNORECASE,
)


#: A currency's country mark written before the figure's own symbol ("US" of "US$ 100").
_CURRENCY_MARK = re.compile(r"\b(?:US|U\.S\.|USD|A|C|HK|S)\s*+$")


def _strip_qualifier(window: str) -> str:
    """The window without the qualifier that ends it ("... rose by more than " → "... rose by")."""
    offset = max(0, len(window) - QUALIFIER_REACH)
    for _, pattern in QUALIFIERS_BEFORE:
        m = pattern.search(window, offset)
        if m:
            return window[: m.start()]
    return window


def change_sign(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> int:
    """+1 / -1 when a change word governs the percentage, 0 when none does."""
    explicit = _SIGN_BEFORE.search(text, max(sentence.start, q.start - 3), q.start)
    if explicit:  # "(+26.3%)", "-1%"
        return -1 if explicit.group(1) in "-−–" else 1
    spoken = _SIGN_WORD_BEFORE.search(text, max(sentence.start, q.start - 7), q.start)
    if spoken:  # "93.8 billion, plus 40.7 percent": a sign read out
        return -1 if spoken.group(1).lower() == "minus" else 1
    left_start = max(sentence.start, q.start - cues.change_window)
    left = _strip_qualifier(text[left_start : q.start])
    best: tuple[int, int] | None = None  # (distance, sign)
    for sign, pattern in ((1, cues.change_up), (-1, cues.change_down)):
        for m in pattern.finditer(left):
            if m.group().lower() in _DEGREE_WORDS and _AFTER_VERB.search(left, 0, m.start()):
                continue  # "fell more", "rose less": the verb's sign, the word only its degree
            distance = len(left) - m.end()
            if best is None or distance < best[0]:
                best = (distance, sign)
    # right after the figure, or one word on: "a 30 percent plunge", "4.5% less than"
    right = text[q.end : min(sentence.end, q.end + 25)]
    one_word_on = _ONE_WORD.match(right)
    spaces = _SPACES.match(right)
    starts = [spaces.end() if spaces else 0] + ([one_word_on.end()] if one_word_on else [])
    for sign, pattern in ((1, cues.change_up), (-1, cues.change_down), (1, _ABOVE), (-1, _BELOW)):
        for pos in starts:
            found = pattern.match(right, pos)
            if found is not None and (best is None or found.start() < best[0]):
                best = (found.start(), sign)
    if best is None and _BY_BEFORE.search(text, max(sentence.start, q.start - 4), q.start):
        # "grew 11.7% to $373bn, with the EU by 4.2%, and with Russia by 27.2%": a gapped
        # clause keeps the verb of the first one, however far back
        last = None
        for sign, pattern in ((1, cues.change_up), (-1, cues.change_down)):
            for m in pattern.finditer(text, sentence.start, q.start):
                if last is None or m.end() > last[0]:
                    last = (m.end(), sign)
        if last is not None:
            return last[1]
    if best is None and _YOY_AFTER.match(text, q.end):
        return 1  # "trade up 5% year on year" without a verb we could read: treat as a change
    return best[1] if best else 0


#: "had fallen to about 2 percent", "rose to 18%": a verb of change, then "to" and the figure:
#: the figure is the level reached (a share, a rate), not the size of the change.
_MOVED_TO = re.compile(
    r"\b(?:r[io]s(?:e|en|es|ing)|f[ae]ll(?:en|s|ing)?|drop(?:ped|s|ping)?|declin\w*|decreas\w*"
    r"|increas\w*|gr[eo]w(?:n|s|ing)?|climb\w*|jump\w*|slid\w*|sh?r[iua]nk\w*|s[au]nk|edg\w*"
    r"|slipp?\w*|dipp?\w*|plung\w*|soar\w*|surg\w*|tumbl\w*|went\s+(?:up|down)|gone\s+(?:up|down))"
    r"\s++to\s++(?:(?:about|around|nearly|almost|some|roughly|just|only|barely|over|under"
    r"|more\s+than|less\s+than|below|above|a\s+mere|a\s+record(?:\s+high)?\s+of)\s++)*+$",
    re.IGNORECASE,
)
#: ... unless what moved is itself a rate of change ("growth slowed to 3.4 percent").
_RATE_NOUN = re.compile(
    r"\b(?:growth|increase|rise|expansion|pace|rate|gain|(?P<down>decline|contraction|fall|drop))\b",
    re.IGNORECASE,
)


def role_of(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> tuple[str, int]:
    """The figure's role and, for changes, its sign."""
    before = text[max(sentence.start, q.start - INCREMENT_REACH) : q.start]
    if q.kind == "percent":
        if _PART_OF.match(text, q.end):
            return "percent", 0
        if _MOVED_TO.search(before):
            # "the share had fallen to about 2 percent": the level reached; "growth slowed
            # to 3.4 percent": the level of a rate of change, signed by the rate's own noun
            rate = _RATE_NOUN.search(text, sentence.start, q.start)
            if rate is None:
                return "percent", 0
            explicit = _SIGN_BEFORE.search(text, max(sentence.start, q.start - 3), q.start)
            if explicit:
                return "percent_change", -1 if explicit.group(1) in "-−–" else 1
            return "percent_change", -1 if rate.group("down") else 1
        sign = change_sign(text, q, sentence, cues)
        in_table = "|" in text[sentence.start : sentence.end]
        if not sign and in_table and is_change_cell(text, q.start):
            sign = -1 if _SIGN_BEFORE.search(text, max(sentence.start, q.start - 3), q.start) else 1
        return ("percent_change", sign) if sign else ("percent", 0)
    counted = _COUNTED.match(q.surface) or _BY_BEFORE.search(text, max(0, q.start - 20), q.start)
    if q.kind == "fraction" and counted and not _PART_OF.match(text, q.end):
        # "grew by nearly a third", "went down by about a tenth": a change, in percent
        sign = change_sign(text, q, sentence, cues)
        if sign:
            return "percent_change", sign
    if q.kind == "money":
        if cues.increment.search(_strip_qualifier(before)):
            return "money_increment", 0
        return "money", 0
    if q.kind in ("volume", "mass"):
        if cues.increment.search(_strip_qualifier(before)):
            return f"{q.kind}_increment", 0
        return (f"{q.kind}_rate" if q.rate else q.kind), 0
    if q.kind == "price":
        return "price_per_barrel", 0
    return q.kind, 0


#: A forecast word between a goal's cue and a figure makes the figure the forecast's.
_FORECAST_WORD = re.compile(
    r"\b(?:forecast|expected|projected|predicted|estimated|likely|could|might)\b", re.IGNORECASE
)


def names_goal(text: str, q: Quantity) -> bool:
    """Does a goal noun follow the figure ("the $200 billion goal", "target")?"""
    return bool(_TARGET_NOUN_AFTER.match(text, q.end))


def is_target(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> bool:
    """A declared goal: a target cue earlier in the sentence and the figure is its object,
    or the figure names the target itself ("the $200 billion target")."""
    if _TARGET_NOUN_AFTER.match(text, q.end):
        return True
    before = text[max(sentence.start, q.start - TARGET_WINDOW) : q.start]
    # ("a goal of US$ 100 billion": the currency's country mark is part of the figure)
    near = _strip_qualifier(_CURRENCY_MARK.sub("", before))
    found = list(cues.target_cues.finditer(before))
    if not found:
        return False
    cue = found[-1]  # the last goal word before the figure
    if cues.actual_verbs.search(near):
        return False
    # "the goal is ambitious: trade is forecast at $250 billion": a forecast in between
    if _FORECAST_WORD.search(before, cue.end()):
        return False
    return bool(cues.target_object.search(near))


#: Where one stretch of a sentence ends and a new statement begins, for vetoes.
_GROUP_BREAK = re.compile(r";|\s[–—]\s|(?<!\s)\s++(?:while|whereas|but|although|though)\s", re.I)
_CLAUSE_END = re.compile(r"[;,]\s|\s[–—]\s|(?<!\s)\s++(?:while|whereas|but)\s", re.I)
#: How far after a figure a veto word still belongs to it (characters).
VETO_AFTER = 100


def stretch_start(text: str, sentence: Sentence, q: Quantity) -> int:
    """Where the figure's stretch of the sentence begins: after the last ';', dash, 'while'
    or 'but' before it ("Turkmenistan sold 33 bcm, while Russia delivered 22.7 bcm")."""
    start = sentence.start
    for m in _GROUP_BREAK.finditer(text, sentence.start, q.start):
        start = m.end()
    return start


def vetoed(
    text: str, q: Quantity, sentence: Sentence, role: str, metric: str, cues: Cues
) -> str | None:
    """The id of the first veto whose words stand in the figure's stretch of the sentence
    ("a total of 80 bcm since deliveries began", "in a single day", "under the 30-year deal")."""
    applicable = [
        v for v in cues.vetoes if role in v.roles and (not v.metrics or metric in v.metrics)
    ]
    if not applicable:
        return None
    start = stretch_start(text, sentence, q)
    end = min(sentence.end, q.end + VETO_AFTER)
    # after the figure, only its own clause: in "five bcm in 2019, increasing to 38 bcm under
    # a deal", the deal is the 38's
    after = _CLAUSE_END.search(text, q.end, end)
    if after:
        end = after.start()
    for veto in applicable:
        if (
            any(p.search(text, start, end) for p in veto.patterns)
            or any(p.match(text[q.end : end]) for p in veto.follows)
            or any(p.search(text, start, q.start) for p in veto.precedes)
        ):
            return veto.id
    return None


#: How far before a figure a component cue may start (characters).
COMPONENT_BEFORE = 90


def is_component(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> bool:
    """A part of a total by mode of transport: "2.1 bcm by pipeline", "another 0.8 bcm"."""
    after = text[q.end : min(sentence.end, q.end + 80)]  # sliced: '^' anchors at the figure
    if cues.component_after is not None and cues.component_after.match(after):
        return True
    before = _strip_qualifier(text[max(sentence.start, q.start - COMPONENT_BEFORE) : q.start])
    return cues.component_before is not None and bool(cues.component_before.search(before))


#: "to $100 billion by 2015 and $200 billion by 2020": the second goal shares the first's verb.
# Possessive quantifiers (*+, ++, ?+): nothing to backtrack; and it starts right after a figure
# (never inside a run of blanks), so a search over any input stays linear.
_COORDINATED = re.compile(
    r"(?<!\s)\s*+(?:in\s++(?:bilateral\s++|mutual\s++|two-way\s++)?+(?:trade|turnover)\s++)?+"
    r"(?:(?:by|in|for)\s++(?:the\s++end\s++of\s++)?+\d{4}\s*+)?+,?+\s*+(?:and|or|then)\s++"
    r"(?:(?:to|then|later|eventually|further)\s++){0,2}+(?:(?:about|around|some|nearly|over)\s++)?+"
    r"(?:US\s?+|U\.S\.\s?+)?+\$?+\s*+",
    re.IGNORECASE,
)


def target_figures(
    text: str, figures: Sequence[Quantity], sentence: Sentence, cues: Cues
) -> frozenset[int]:
    """Ids of the money figures of a sentence that are declared goals: each one a target cue
    governs, and each one coordinated with such a goal ("... and $200 billion by 2020")."""
    targets: set[int] = set()
    previous: Quantity | None = None
    for q in figures:
        if q.kind != "money":
            continue
        if is_target(text, q, sentence, cues) or (
            previous is not None
            and id(previous) in targets
            and _COORDINATED.fullmatch(text, previous.end, q.start)
        ):
            targets.add(id(q))
        previous = q
    # "to between $250 billion and $300 billion by 2030, a goal ...", "to 60-80 billion
    # dollars": a range's two ends are one goal
    money = [q for q in figures if q.kind == "money"]
    for first, second in itertools.pairwise(money):
        if ((id(first) in targets) != (id(second) in targets)) and _RANGE_AND.fullmatch(
            text, first.end, second.start
        ):
            targets.update((id(first), id(second)))
    return frozenset(targets)


#: The link between a range's two ends ("$250 billion and $300", "$60-80").
_RANGE_AND = re.compile(r"\s*+(?:and|to|-|–|—)\s*+(?:US\s?+|U\.S\.\s?+)?+\$?+\s*+", re.IGNORECASE)
#: "rose 8% to 86.2 million tons": the change leads to the level written right after it.
_TO_LEVEL = re.compile(
    r"[\s,]*+(?:(?:year[\s-]on[\s-]year|y/y|yoy|on\s+the\s+year|from\s+a\s+year\s+(?:earlier|ago))"
    r"[\s,]*+)?(?:to|at)\s++(?:(?:about|around|nearly|almost|some|roughly|over|more\s+than|just"
    r"|a\s+record(?:\s+high)?(?:\s+of)?|an\s+all-time\s+high\s+of)\s++)*+",
    re.IGNORECASE,
)
#: "reached 86.2 million tons, up 8%": the change follows the level it describes.
_LEVEL_THEN_CHANGE = re.compile(
    r"\s*+(?:\([^()]{0,12}+\)\s*+)?,?\s*+(?:an?\s+|which\s+was\s+|or\s+)?(?:up|down|rising|falling"
    r"|increasing|decreasing|growing|declining|higher|lower)\s+(?:by\s+)?(?:(?:about|around|nearly"
    r"|almost|some|roughly|over|more\s+than)\s+)?",
    re.IGNORECASE,
)
#: Physical quantities: a change bound to one of these is a volume's change, not a value's.
PHYSICAL_KINDS = frozenset({"mass", "volume"})


def change_of_physical(text: str, q: Quantity, figures: Sequence[Quantity]) -> bool:
    """Is this percentage the change of a tonnage or a volume written against it ("rose 8% to
    86.2 million tons", "86.2 million tons, up 8%")? Such a change says how much more crude
    or gas went, not how the trade in money moved."""
    for other in figures:
        if other.kind not in PHYSICAL_KINDS:
            continue
        if other.start >= q.end and _TO_LEVEL.fullmatch(text, q.end, other.start):
            return True
        if other.end <= q.start and _LEVEL_THEN_CHANGE.fullmatch(text, other.end, q.start):
            return True
    return False
