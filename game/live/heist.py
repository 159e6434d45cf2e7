"""Heist alerts (spec 14): type, content, answer matching, reward tier and the schedule.

Matching (DECISION 36, tightened): both sides are normalised (lowercase, punctuation dropped,
spaces collapsed, a leading "a"/"an"/"the" dropped). A message wins when it *is* an accepted
answer, or when a short message (at most ``answer words + 5`` words) contains an accepted answer
as whole words — "I think it's a map" finds ``map``; "mapping" never does (no substrings). A
numeric answer must be the only number in the message, so "1 2 3 … 100" cannot sweep it.
Quick grab compares the whole ``!grab PHRASE`` line (case-insensitive); code crack wants the code
as the message or one of its words, case-sensitive; math hack wants exactly one number, equal.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from game.live.rules import LiveRules
from game.model import ItemTier
from game.rng import Rng

__all__ = [
    "Difficulty",
    "HeistContent",
    "HeistKind",
    "HeistPools",
    "Riddle",
    "TriviaQuestion",
    "first_heist_at",
    "generate",
    "heist_crate",
    "is_anagram",
    "matches",
    "next_heist_at",
    "normalise",
    "roll_kind",
    "scramble",
    "time_limit",
]


class HeistKind(StrEnum):
    QUICK_GRAB = "quick_grab"
    CODE_CRACK = "code_crack"
    TRIVIA = "trivia"
    WORD_SCRAMBLE = "word_scramble"
    RIDDLE = "riddle"
    MATH_HACK = "math_hack"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


KINDS: tuple[HeistKind, ...] = tuple(HeistKind)
DIFFICULTY = {
    HeistKind.QUICK_GRAB: Difficulty.EASY,
    HeistKind.CODE_CRACK: Difficulty.EASY,
    HeistKind.TRIVIA: Difficulty.MEDIUM,
    HeistKind.WORD_SCRAMBLE: Difficulty.MEDIUM,
    HeistKind.RIDDLE: Difficulty.HARD,
    HeistKind.MATH_HACK: Difficulty.HARD,
}
_DIFFICULTIES = tuple(Difficulty)
_CRATES = tuple(ItemTier)


@dataclass(frozen=True, slots=True)
class TriviaQuestion:
    trivia_id: int
    question: str
    answer: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Riddle:
    riddle_id: int
    text: str
    answer: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HeistPools:
    """Content the generators draw from (``game/content/heists.json`` + the trivia table)."""

    phrases: tuple[str, ...]
    scramble_words: tuple[str, ...]
    riddles: tuple[Riddle, ...]
    trivia: tuple[TriviaQuestion, ...] = ()  # least-used candidates, read per heist


@dataclass(frozen=True, slots=True)
class HeistContent:
    kind: HeistKind
    difficulty: Difficulty
    content_id: int
    prompt: str
    answer: str  # shown on the reveal
    accepted: tuple[str, ...]  # every accepted answer (answer first)
    time_limit: int


# -- schedule -----------------------------------------------------------------------------------


def first_heist_at(started_at: datetime, rules: LiveRules) -> datetime:
    return started_at + timedelta(minutes=rules.heist_first_minutes)


def next_heist_at(fired_at: datetime, rng: Rng, rules: LiveRules) -> datetime:
    """60–120 whole minutes after a heist fires (fair RNG)."""
    return fired_at + timedelta(minutes=rng.randint(rules.heist_gap_min_minutes, rules.heist_gap_max_minutes))


def roll_kind(rng: Rng, rules: LiveRules) -> HeistKind:
    return KINDS[rng.weighted_index(rules.heist_weights)]


def time_limit(kind: HeistKind, rules: LiveRules) -> int:
    return rules.heist_time_limits[KINDS.index(kind)]


def heist_crate(difficulty: Difficulty, rng: Rng, rules: LiveRules) -> ItemTier:
    return _CRATES[rng.weighted_index(rules.heist_crate_odds[_DIFFICULTIES.index(difficulty)])]


# -- content ------------------------------------------------------------------------------------

_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, no O
_CODE_PATTERNS = ("XXX-000", "00-XXX-00", "X0X0X", "000-XX", "XX-0000")


def _fresh(
    kind: HeistKind, count: int, recent: Collection[tuple[str, int]], rng: Rng, ids: Sequence[int] | None = None
) -> int:
    """An index into ``count`` items whose (kind, id) is not recent; any if all are."""
    ids = ids if ids is not None else list(range(count))
    options = [i for i in range(count) if (kind.value, ids[i]) not in recent]
    return rng.choice(options or list(range(count)))


def is_anagram(scrambled: str, answer: str) -> bool:
    def letters(s: str) -> list[str]:
        return sorted(s.replace(" ", "").upper())

    return letters(scrambled) == letters(answer) and scrambled.upper() != answer.upper()


def scramble(phrase: str, rng: Rng) -> str:
    """Shuffle the letters of each word (word order kept) until the result differs."""
    words = phrase.upper().split()
    for _ in range(20):
        out = []
        for word in words:
            letters = list(word)
            for i in range(len(letters) - 1, 0, -1):
                j = rng.below(i + 1)
                letters[i], letters[j] = letters[j], letters[i]
            out.append("".join(letters))
        result = " ".join(out)
        if result != " ".join(words):
            return result
    # A phrase whose shuffles keep coming back (very short): reverse each word instead.
    return " ".join(w[::-1] for w in words)


def _math(rng: Rng) -> tuple[str, int]:
    match rng.below(4):
        case 0:
            a, b = rng.randint(10, 50), rng.randint(2, 12)
            return f"{a} × {b}", a * b
        case 1:
            a, b = rng.randint(50, 200), rng.randint(10, 50)
            return f"{a} + {b}", a + b
        case 2:
            q, b = rng.randint(5, 20), rng.randint(2, 12)
            return f"{q * b} ÷ {b}", q
        case _:
            a, b, c = rng.randint(10, 20), rng.randint(2, 5), rng.randint(10, 30)
            return f"({a} × {b}) + {c}", a * b + c


def generate(
    kind: HeistKind,
    pools: HeistPools,
    recent: Collection[tuple[str, int]],
    rng: Rng,
    rules: LiveRules,
    *,
    prefix: str = "!",
) -> HeistContent:
    """The heist's prompt and answers; content used among ``recent`` (kind, id) is avoided."""
    limit = time_limit(kind, rules)
    difficulty = DIFFICULTY[kind]

    def made(content_id: int, prompt: str, answer: str, alts: Sequence[str] = ()) -> HeistContent:
        accepted = tuple(dict.fromkeys([answer, *alts]))
        return HeistContent(kind, difficulty, content_id, prompt, answer, accepted, limit)

    match kind:
        case HeistKind.QUICK_GRAB:
            i = _fresh(kind, len(pools.phrases), recent, rng)
            line = f"{prefix}grab {pools.phrases[i]}"
            return made(i, f"First to type {line} grabs the loot!", line)
        case HeistKind.CODE_CRACK:
            pattern = _CODE_PATTERNS[rng.below(len(_CODE_PATTERNS))]
            code = "".join(
                rng.choice(_CODE_LETTERS) if ch == "X" else str(rng.below(10)) if ch == "0" else ch
                for ch in pattern
            )
            return made(rng.below(1_000_000_000), f"Crack the vault: type the code {code} exactly!", code)
        case HeistKind.TRIVIA:
            if not pools.trivia:
                return made(0, "Trivia: what is the highest status tier in Kingpin?", "Kingpin")
            ids = [q.trivia_id for q in pools.trivia]
            q = pools.trivia[_fresh(kind, len(ids), recent, rng, ids)]
            return made(q.trivia_id, f"Trivia: {q.question}", q.answer, q.alternatives)
        case HeistKind.WORD_SCRAMBLE:
            i = _fresh(kind, len(pools.scramble_words), recent, rng)
            word = pools.scramble_words[i]
            return made(i, f"Unscramble: {scramble(word, rng)}", word.title())
        case HeistKind.RIDDLE:
            ids = [r.riddle_id for r in pools.riddles]
            r = pools.riddles[_fresh(kind, len(ids), recent, rng, ids)]
            return made(r.riddle_id, f"Riddle: {r.text}", r.answer, r.alternatives)
        case HeistKind.MATH_HACK:
            expr, value = _math(rng)
            return made(rng.below(1_000_000_000), f"Decrypt: {expr} = ?", str(value))
    raise ValueError(kind)


# -- matching -----------------------------------------------------------------------------------

_PUNCT = str.maketrans({c: " " for c in string.punctuation + "’‘“”…–—×÷"})
_ARTICLES = ("a ", "an ", "the ")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SLACK_WORDS = 5


def normalise(text: str) -> str:
    """Lowercase, apostrophes removed, other punctuation → space, spaces collapsed, article off."""
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("’", "")
    text = " ".join(text.translate(_PUNCT).split())
    for article in _ARTICLES:
        if text.startswith(article):
            return text[len(article):]
    return text


def _contains_words(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _loose(message: str, accepted: Sequence[str]) -> bool:
    said = normalise(message)
    if not said:
        return False
    words = said.split()
    numbers = [w for w in words if _NUMBER.fullmatch(w)]
    for answer in accepted:
        want = normalise(answer)
        if not want:
            continue
        if said == want:
            return True
        wanted = want.split()
        if len(words) > len(wanted) + _SLACK_WORDS or not _contains_words(words, wanted):
            continue
        if _NUMBER.fullmatch(want) and len(numbers) != 1:
            continue
        return True
    return False


def matches(kind: HeistKind, message: str, accepted: Sequence[str]) -> bool:
    """Does this chat message answer the heist? (see the module docstring)."""
    text = message.strip()
    match kind:
        case HeistKind.QUICK_GRAB:
            said = " ".join(text.lower().split())
            return any(said == " ".join(a.lower().split()) for a in accepted)
        case HeistKind.CODE_CRACK:
            return any(text == a or a in text.split() for a in accepted)
        case HeistKind.MATH_HACK:
            found = _NUMBER.findall(text.replace(",", ""))
            if len(found) != 1:
                return False
            try:
                return any(float(found[0]) == float(a) for a in accepted)
            except ValueError:
                return False
    return _loose(text, accepted)
