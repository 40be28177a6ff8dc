"""Where the words of a text begin, filed by their first letters, built in one vectorised pass.

`scan` looks its word anchors up here: "china", "the", "q1" — every position where a word of
the lower-cased text begins with those letters. A word is a run of ASCII letters, digits and
underscores (what can follow '\\b' in an anchored pattern); it is filed under its first
KEY_CHARS characters, whatever they are ("in " for "in 2023"). Building that table in Python
costs a few steps per word of the text; numpy finds the word starts and orders them by their
first characters in a handful of array operations, and a look-up is then a binary search.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import numpy as np
import numpy.typing as npt

#: Words are filed by this many first characters.
KEY_CHARS = 3
#: Bits per character in a key (every code point fits in 21 bits).
_BITS = 21
#: The value of a key's character past the end of the text: above every code point.
_BEYOND = (1 << _BITS) - 1
_ASCII = 128
_WORD_CHAR = np.zeros(_ASCII, dtype=bool)
_WORD_CHAR[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz0123456789_"]] = True
#: Heads whose key range is remembered (the rules ask for a few hundred).
HEADS_KEPT = 4096


def _key(head: str, fill: int) -> int:
    """The head's characters as one number, missing ones taken as `fill`: the keys of the
    words a head of fewer than KEY_CHARS characters begins lie between fill 0 and _BEYOND."""
    code = 0
    for i in range(KEY_CHARS):
        code = (code << _BITS) | (ord(head[i]) if i < len(head) else fill)
    return code


@lru_cache(maxsize=HEADS_KEPT)
def _key_range(head: str) -> tuple[int, int]:
    """The lowest and highest key of the words that begin with `head` (the rules ask for the
    same few hundred heads in every text)."""
    return _key(head, 0), _key(head, _BEYOND)


class WordIndex:
    """The word starts of one lower-cased text: all of them in order (`starts`), and those
    whose first characters are a given head (`starting`)."""

    def __init__(self, lowered: str) -> None:
        # surrogatepass: a lone surrogate is one code point like any other
        raw = lowered.encode("utf-32-le", "surrogatepass")
        codes: npt.NDArray[np.uint32] = np.frombuffer(raw, dtype=np.uint32)
        self._codes = codes
        word = np.take(_WORD_CHAR, codes, mode="clip")  # past ASCII: the last entry, False
        before = np.concatenate((np.zeros(1, dtype=bool), word[:-1]))
        starts = np.flatnonzero(word & ~before)
        #: every position where a word begins, in order
        self.starts: list[int] = starts.tolist()
        tail = np.full(KEY_CHARS - 1, _BEYOND, dtype=np.uint32)
        padded = np.concatenate((codes, tail)).astype(np.uint64)
        keys = np.zeros(len(starts), dtype=np.uint64)
        for i in range(KEY_CHARS):
            keys = (keys << np.uint64(_BITS)) | padded[starts + i]
        order = np.argsort(keys, kind="stable")  # stable: each key's positions stay in order
        by_key = keys[order]
        #: the word starts ordered by key, then by position
        self._positions: list[int] = starts[order].tolist()
        changes = by_key[1:] != by_key[:-1]
        firsts = np.flatnonzero(np.concatenate((np.ones(min(1, len(by_key)), dtype=bool), changes)))
        #: each distinct key, ascending, and where its positions begin in `_positions`
        self._keys: list[int] = by_key[firsts].tolist()
        self._firsts: list[int] = [*firsts.tolist(), len(self._positions)]

    def starting(self, head: str) -> list[int]:
        """Where the words whose first characters are `head` begin, in order (a head longer
        than KEY_CHARS is looked up by its first KEY_CHARS characters)."""
        low_key, high_key = _key_range(head[:KEY_CHARS])
        lo = bisect.bisect_left(self._keys, low_key)
        hi = bisect.bisect_right(self._keys, high_key, lo)
        found = self._positions[self._firsts[lo] : self._firsts[hi]]
        return found if hi - lo <= 1 else sorted(found)

    def digit_runs(self) -> list[int] | None:
        """Where the runs of decimal digits begin (what `re.finditer(r"\\d+")` finds), or
        None when the text holds a digit outside ASCII (then `re` should look for them). A
        character is a decimal digit for `re` exactly when `str.isdecimal` says so."""
        codes = self._codes
        beyond = np.unique(codes[codes >= _ASCII]).tolist()
        if any(chr(code).isdecimal() for code in beyond):
            return None
        digit = (codes >= ord("0")) & (codes <= ord("9"))
        before = np.concatenate((np.zeros(1, dtype=bool), digit[:-1]))
        found: list[int] = np.flatnonzero(digit & ~before).tolist()
        return found
