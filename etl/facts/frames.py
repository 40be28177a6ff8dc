"""Cue frames: which frame a figure belongs to, from the cues nearest to it.

Among frames accepting the figure's role, the cue that ends nearest before it wins (or one
that closely follows it, for frames marked `after`); a sentence with no cue of its own borrows
the last cue of the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.facts import scan
from etl.facts.cues import Cues, Frame
from etl.facts.entities import dateline_end
from etl.facts.quantities import Quantity
from etl.facts.text import Sentence

#: How far after a figure an `after` cue may start (characters).
AFTER_WINDOW = 60


#: A following cue past one of these belongs to the next clause, not to the figure.
_NEW_CLAUSE = re.compile(
    r";|,\s*(?:while|whereas|but|although|of\s+which|including)\b|\s(?:while|whereas)\s"
    # (", and was just 1.7 percent": the same subject's second predicate is no new clause)
    r"|,\s*and\b(?!\s+(?:was|is|were|are|has|had|stood|fell|rose|reached|remained|grew)\b)",
    re.IGNORECASE,
)
#: A cue right after one of these is the thing compared with, not the topic.
_COMPARED_WITH = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|unlike|behind|ahead\s+of|next\s+to|versus|vs\.?|below|above|short\s+of)\s++"
    r"(?:[\w'’]++\s++){0,3}$",
    re.IGNORECASE,
)
#: Words that make a following "of ..." no part-of ("ahead of", "short of", "instead of").
_NOT_A_PART_OF = re.compile(
    r"\b(?:ahead|short|instead|regardless|because|out|independent)\s*+$", re.I
)
#: How far before a cue its comparison word may stand (characters).
COMPARED_REACH = 30


def _compared_with(text: str, hit: CueHit) -> bool:
    return compared_at(text, hit.start)


def compared_at(text: str, start: int) -> bool:
    """Is what starts here the thing compared with ("less than Russia's trade with Italy")?"""
    return bool(_COMPARED_WITH.search(text, max(0, start - COMPARED_REACH), start))


#: "..., and about one-tenth": a coordinated figure with no subject of its own shares the one
#: before (only qualifiers stand between the conjunction and the figure).
_SHARED_SUBJECT = re.compile(
    r"\s*+(?:(?:about|around|roughly|nearly|almost|some|just|only|barely|less\s+than|more\s+than"
    r"|over|under|perhaps|probably)\s++)*+",
    re.IGNORECASE,
)


#: "India accounts for 36% of Russia's arms exports, and China for 21%": a coordinated clause
#: whose verb is left out (gapping) names only its own subject before its figure.
_GAPPED_SUBJECT = re.compile(
    r"\s*+(?:the\s++)?(?-i:[A-Z][\w-]++)(?:\s++(?-i:[A-Z][\w-]++))?\s*+(?:,\s*+)?"
    # ("; China came second with 23%": the next place in a ranking)
    r"(?:(?:came|ranked|placed|finished|was)\s++(?:first|second|third|fourth|fifth|next)\s*+,?\s*+)?"
    r"(?:(?:for|of|with|at|on|took|had)\s++)?"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|only|barely|less\s+than|more\s+than"
    r"|over|under)\s++)*+",
    re.IGNORECASE,
)


def _new_clause_between(text: str, start: int, end: int, gapping: bool = False) -> bool:
    """Does a clause with its own subject begin between a cue and its figure? With `gapping`
    (a frame whose figures each name their own country), a coordinated clause that only
    swaps the subject keeps the cue."""
    found = _NEW_CLAUSE.search(text, start, end)
    if found is None:
        return False
    # (", while about 2 percent" contrasts a new figure: only ", and" shares the subject)
    shares = found.group().rstrip().lower().endswith("and")
    ranked = found.group() == ";"
    if (shares or ranked) and gapping and _GAPPED_SUBJECT.fullmatch(text, found.end(), end):
        return False
    return not (shares and _SHARED_SUBJECT.fullmatch(text, found.end(), end))


#: How far before a figure a cue may end and still be its frame (characters).
LEFT_WINDOW = 400


@dataclass(frozen=True)
class CueHit:
    frame: Frame
    start: int
    end: int
    groups: dict[str, str | None]
    sentence: int


#: How far back a cue that must end right before a figure may start (characters).
TOUCH_WINDOW = 120


def find_cue_hits(text: str, sentence: Sentence, cues: Cues) -> list[CueHit]:
    hits: list[CueHit] = []
    lowered = text[sentence.start : sentence.end].lower()
    owners, patterns = _cue_patterns(cues)
    present: dict[str, bool] = {}  # each prefix asked about is looked for once per sentence
    # (a wire dateline, "ASTANA - ", names where the story was filed: no cue)
    for k, m in patterns.finditer(text, dateline_end(text, sentence), sentence.end):
        frame, prefixes = owners[k]
        if prefixes is not None:
            for prefix in prefixes:
                found = present.get(prefix)
                if found is None:
                    found = present[prefix] = prefix in lowered
                if found:
                    break
            else:
                continue  # none of the words every match starts with is here
        if m.end() == m.start():
            continue
        hits.append(CueHit(frame, m.start(), m.end(), m.groupdict(), sentence.index))
    return hits


_PATTERN_SETS: dict[int, tuple[Cues, list[tuple[Frame, frozenset[str] | None]], scan.PatternSet]]
_PATTERN_SETS = {}


def _cue_patterns(
    cues: Cues,
) -> tuple[list[tuple[Frame, frozenset[str] | None]], scan.PatternSet]:
    """Every frame's free patterns in order, with their frame and prefixes, built once."""
    known = _PATTERN_SETS.get(id(cues))
    if known is None or known[0] is not cues:
        owners = [(frame, prefixes) for frame in cues.frames for prefixes in frame.prefix_sets]
        patterns = scan.PatternSet([p for frame in cues.frames for p in frame.patterns])
        known = (cues, owners, patterns)
        _PATTERN_SETS[id(cues)] = known
    return known[1], known[2]


def anchored_hits(text: str, q: Quantity, sentence: Sentence, cues: Cues) -> list[CueHit]:
    """Cues that must touch the figure: '^' right after it, '$' right before it."""
    hits: list[CueHit] = []
    after = text[q.end : sentence.end]
    for frame in cues.frames:
        for pattern in frame.follows:
            m = pattern.match(after)
            if m and m.end() > m.start():
                hits.append(
                    CueHit(frame, q.end + m.start(), q.end + m.end(), m.groupdict(), sentence.index)
                )
        for pattern in frame.precedes:
            # a cue that must touch the figure: only the words just before it can be one
            m = pattern.search(text, max(sentence.start, q.start - TOUCH_WINDOW), q.start)
            if m and m.end() > m.start():
                hits.append(CueHit(frame, m.start(), m.end(), m.groupdict(), sentence.index))
    return hits


def choose_frame(
    q: Quantity,
    role: str,
    hits: Sequence[CueHit],
    inherited: Sequence[Sequence[CueHit]],
    context_text: str,
    touching: Sequence[CueHit] = (),
    text: str = "",
    subject: bool = False,
    answered: int | None = None,
) -> CueHit | None:
    """The nearest cue (left, or closely right for `after` frames) of a frame taking the role.

    A sentence without any such cue borrows the last cue of the nearest earlier sentence
    that has one ("That fell to $235 billion" after a sentence about EU–Russia trade); with
    `subject` (its subject is a pronoun: "By 2008 it had reached ..."), that sentence's first
    one, its subject, not a comparison at its end ("..., less than Russia's trade with Italy").
    The answer to a question (`answered`: the question's sentence) takes the question's cue
    even when it is bound to its figure ("Q: How much of Russia's trade is with China?
    A: About a third.").
    """
    best: tuple[int, int, int, CueHit] | None = None
    for hit in [*hits, *touching]:
        frame = hit.frame
        if role not in frame.accepts:
            continue
        if frame.requires is not None and not frame.requires.search(context_text):
            continue
        if hit in touching:
            distance = 0
        elif hit.end <= q.start:
            distance = q.start - hit.end
            if distance > LEFT_WINDOW:
                continue
            if (
                not frame.inherit
                and text
                and _new_clause_between(text, hit.end, q.start, gapping=bool(frame.entity))
            ):
                continue  # a figure-bound cue ("of Russia's trade") does not reach past ", while"
        elif frame.after and hit.start >= q.end:
            distance = hit.start - q.end
            if distance > AFTER_WINDOW:
                continue
            if text and _NOT_A_PART_OF.search(text, max(q.end, hit.start - 12), hit.start):
                continue  # "a 26% jump, far ahead of China's trade": a comparison, no share
            if text and _NEW_CLAUSE.search(text, q.end, hit.start):
                continue  # "$79 billion, while flows the other way ...": the next clause's cue
        elif (frame.after or frame.across) and hit.start <= q.start and hit.end >= q.end:
            distance = 0  # the cue runs across the figure ("deal ... worth $400 billion to ...")
        else:
            continue
        rank = (distance, -(hit.end - hit.start), frame_order(frame))
        if best is None or rank < best[:3]:
            best = (*rank, hit)
    if best is not None:
        return _tight_inside(q, role, best[3], hits, context_text) or best[3]
    if hits and not (subject and all(h.start >= q.end for h in hits)):
        # a sentence with its own topic does not borrow the previous one's (but "That is a
        # 25.8% jump, outpacing its trade with ...": a pronoun subject before the figure is
        # the sentence before's, whatever is compared after it)
        return None
    for group in reversed(inherited):
        usable = [
            h
            for h in group
            if role in h.frame.accepts
            and (
                h.frame.inherit
                or h.sentence == answered
                # "The share ... was 34.5 percent. A year earlier it had been 32.8 percent": a
                # pronoun subject carries a figure-bound level to the next sentence
                or (subject and role in PRONOUN_LEVEL_ROLES)
            )
            and (h.frame.requires is None or h.frame.requires.search(context_text))
            # "..., less than Russia's trade with Italy. By 2008 it had reached $56.8 billion":
            # what a sentence is compared with is not what the next one goes on about
            and not (text and _compared_with(text, h))
        ]
        if usable and subject:
            first = min(usable, key=lambda h: (h.start, -(h.end - h.start), frame_order(h.frame)))
            if text and _PART_OPENING.search(text, max(0, first.start - 30), first.start):
                continue  # "Of this, China's exports ...": a part; the topic is further back
            return first
        if usable:
            return max(usable, key=lambda h: (h.end, h.end - h.start, -frame_order(h.frame)))
    return None


#: Roles a pronoun subject ("it had been ...") may carry from a figure-bound cue: levels only
#: (a change of a share is no share).
PRONOUN_LEVEL_ROLES = frozenset({"percent", "fraction"})

#: A sentence opened as a part of the total before it ("Of this, ...", "Of which ...").
_PART_OPENING = re.compile(
    r"(?:^|(?<=[.!?:\n]))[ \t]*+"
    r"(?:of\s+(?:this|that|which|it|the\s+total|these)|within\s+(?:this|that))\s*+,?\s*+$",
    re.IGNORECASE,
)

#: A cue ending this close before a figure is its own, even inside a longer cue around it.
TIGHT_LEFT = 12


def _tight_inside(
    q: Quantity, role: str, chosen: CueHit, hits: Sequence[CueHit], context_text: str
) -> CueHit | None:
    """ "Power of Siberia reached its design capacity of 38 bcm, delivering ...": a cue that runs
    across the figure yields to another frame's cue that starts inside it and ends right
    before the figure ("capacity of")."""
    if not (chosen.start <= q.start and chosen.end >= q.end):
        return None
    inside = [
        h
        for h in hits
        if h.frame is not chosen.frame
        and role in h.frame.accepts
        and chosen.start < h.start
        and h.end <= q.start
        and q.start - h.end <= TIGHT_LEFT
        and (h.frame.requires is None or h.frame.requires.search(context_text))
    ]
    return max(inside, key=lambda h: h.end) if inside else None


def frame_order(frame: Frame) -> int:
    return frame.order
