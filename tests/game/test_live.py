"""The Juicernaut crown and heist alerts: pure rules pinned to spec 08 and 14."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game import DEFAULT_RULES, ItemTier
from game.live.heist import (
    HeistKind,
    HeistPools,
    Riddle,
    TriviaQuestion,
    first_heist_at,
    generate,
    heist_crate,
    is_anagram,
    matches,
    next_heist_at,
    normalise,
    roll_kind,
    scramble,
)
from game.live.juicernaut import (
    CrownChange,
    contribution_cents,
    crown_check,
    minutes_held,
    session_reward,
)
from game.rng import SeededRng

LIVE = DEFAULT_RULES.live
T0 = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)
CONTENT = json.loads((Path(__file__).parents[2] / "game/content/heists.json").read_text())
POOLS = HeistPools(
    phrases=tuple(CONTENT["phrases"]),
    scramble_words=tuple(CONTENT["scramble_words"]),
    riddles=tuple(Riddle(r["id"], r["text"], r["answer"], tuple(r["alternatives"])) for r in CONTENT["riddles"]),
    trivia=(TriviaQuestion(7, "Which crate tier is the rarest?", "Legendary", ("legend",)),),
)


# -- contributions and the crown -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "units", "tier", "cents"),
    [
        ("sub", 1, 1, 500), ("sub", 1, 2, 1_000), ("sub", 1, 3, 2_500), ("resub", 1, 3, 2_500),
        ("gift_sub", 5, 3, 2_500), ("bits", 100, 1, 100), ("kicks", 250, 1, 250), ("tip", 1_234, 1, 1_234),
        ("raid", 40, 1, 0),
    ],
)
def test_contribution_cents_follow_the_spec_table(kind: str, units: int, tier: int, cents: int) -> None:
    assert contribution_cents(kind, units, tier, LIVE) == cents


def test_contribution_table_agrees_with_reward_config_content() -> None:
    rows = json.loads((Path(__file__).parents[2] / "game/content/reward_config.json").read_text())["rows"]
    for row in rows:
        for tier in (1, 2, 3):
            by_tier = row["usd_cents_by_tier"]
            expected = by_tier[str(tier)] if by_tier else row["usd_cents_per_unit"]
            assert contribution_cents(row["event_type"], 1, tier, LIVE) == expected, row["key"]


def test_first_contributor_is_crowned_even_for_zero() -> None:
    assert crown_check(None, 0, 5, 0) == CrownChange(None, 5, 0)


def test_strictly_greater_total_takes_the_crown_and_ties_keep_it() -> None:
    assert crown_check(1, 500, 2, 501) == CrownChange(1, 2, 501)
    assert crown_check(1, 500, 2, 500) is None
    assert crown_check(1, 500, 2, 100) is None
    assert crown_check(1, 500, 1, 900) is None  # the holder adding more changes nothing


def test_minutes_held_adds_up_each_reign() -> None:
    changes = [(T0, 1), (T0 + timedelta(minutes=10), 2), (T0 + timedelta(minutes=25, seconds=30), 1)]
    held = minutes_held(changes, T0 + timedelta(minutes=60))
    assert held == {1: 10 + 34, 2: 15}


@pytest.mark.parametrize(
    ("cents", "wealth", "xp", "crate"),
    [
        (0, 1_000, 200, None), (499, 1_000, 200, None), (500, 3_000, 500, ItemTier.COMMON),
        (1_500, 7_500, 1_000, ItemTier.UNCOMMON), (2_999, 7_500, 1_000, ItemTier.UNCOMMON),
        (3_000, 15_000, 2_000, ItemTier.RARE), (5_000, 30_000, 4_000, ItemTier.LEGENDARY),
        (1_000_000, 30_000, 4_000, ItemTier.LEGENDARY),
    ],
)
def test_session_reward_tiers(cents: int, wealth: int, xp: int, crate: ItemTier | None) -> None:
    reward = session_reward(cents, LIVE)
    assert (reward.wealth, reward.xp, reward.crate) == (wealth, xp, crate)


# -- heist schedule and types --------------------------------------------------------------------


def test_first_heist_fifteen_minutes_after_start_then_sixty_to_one_twenty() -> None:
    assert first_heist_at(T0, LIVE) == T0 + timedelta(minutes=15)
    rng = SeededRng(3)
    gaps = {(next_heist_at(T0, rng, LIVE) - T0).total_seconds() / 60 for _ in range(2_000)}
    assert min(gaps) == 60 and max(gaps) == 120 and all(g == int(g) for g in gaps)


def test_heist_kinds_follow_the_spec_weights() -> None:
    rng = SeededRng(11)
    n = 40_000
    counts = {k: 0 for k in HeistKind}
    for _ in range(n):
        counts[roll_kind(rng, LIVE)] += 1
    for kind, weight in zip(HeistKind, LIVE.heist_weights, strict=True):
        assert abs(counts[kind] / n - weight) < 0.01, kind


def test_heist_crate_odds_by_difficulty() -> None:
    from game.live.heist import Difficulty

    rng = SeededRng(5)
    easy = [heist_crate(Difficulty.EASY, rng, LIVE) for _ in range(5_000)]
    assert ItemTier.LEGENDARY not in easy
    assert abs(easy.count(ItemTier.COMMON) / 5_000 - 0.70) < 0.03
    hard = [heist_crate(Difficulty.HARD, rng, LIVE) for _ in range(5_000)]
    assert abs(hard.count(ItemTier.LEGENDARY) / 5_000 - 0.05) < 0.015


# -- content ------------------------------------------------------------------------------------------


def test_every_scramble_is_a_true_anagram_of_its_answer() -> None:
    rng = SeededRng(1)
    for word in POOLS.scramble_words:
        for _ in range(20):
            mixed = scramble(word, rng)
            assert is_anagram(mixed, word), (mixed, word)
            assert [len(w) for w in mixed.split()] == [len(w) for w in word.split()]


def test_generated_scramble_heists_are_anagrams() -> None:
    rng = SeededRng(2)
    for _ in range(200):
        heist = generate(HeistKind.WORD_SCRAMBLE, POOLS, (), rng, LIVE)
        assert is_anagram(heist.prompt.removeprefix("Unscramble: "), heist.answer)
        assert heist.time_limit == 90 and heist.difficulty == "medium"


def test_math_hack_answers_are_correct() -> None:
    rng = SeededRng(4)
    for _ in range(500):
        heist = generate(HeistKind.MATH_HACK, POOLS, (), rng, LIVE)
        expr = heist.prompt.removeprefix("Decrypt: ").removesuffix(" = ?")
        value = eval(expr.replace("×", "*").replace("÷", "//"))  # noqa: S307 - our own digits and operators
        assert str(value) == heist.answer
        assert heist.time_limit == 120 and heist.difficulty == "hard"


def test_code_crack_codes_follow_the_patterns() -> None:
    import re

    rng = SeededRng(6)
    pattern = re.compile(r"^([A-HJ-NP-Z]{3}-\d{3}|\d{2}-[A-HJ-NP-Z]{3}-\d{2}|[A-HJ-NP-Z]\d[A-HJ-NP-Z]\d[A-HJ-NP-Z]|\d{3}-[A-HJ-NP-Z]{2}|[A-HJ-NP-Z]{2}-\d{4})$")
    for _ in range(300):
        heist = generate(HeistKind.CODE_CRACK, POOLS, (), rng, LIVE)
        assert pattern.match(heist.answer), heist.answer
        assert heist.answer in heist.prompt


def test_no_repeat_among_recent_content() -> None:
    rng = SeededRng(8)
    recent = {("riddle", r.riddle_id) for r in POOLS.riddles[:-1]}
    for _ in range(30):
        assert generate(HeistKind.RIDDLE, POOLS, recent, rng, LIVE).content_id == POOLS.riddles[-1].riddle_id
    everything = {("riddle", r.riddle_id) for r in POOLS.riddles}
    assert generate(HeistKind.RIDDLE, POOLS, everything, rng, LIVE).content_id in {r.riddle_id for r in POOLS.riddles}


def test_riddles_and_words_are_enough_and_unique() -> None:
    assert len(POOLS.riddles) >= 25
    assert len({r.riddle_id for r in POOLS.riddles}) == len(POOLS.riddles)
    assert len({r.text for r in POOLS.riddles}) == len(POOLS.riddles)
    assert len(set(POOLS.scramble_words)) == len(POOLS.scramble_words) >= 25
    assert len(set(POOLS.phrases)) == len(POOLS.phrases) == 30


# -- matching ------------------------------------------------------------------------------------------


def test_normalise() -> None:
    assert normalise("  The   MAP!! ") == "map"
    assert normalise("It's a map.") == "its a map"


@pytest.mark.parametrize(
    ("message", "wins"),
    [
        ("map", True), ("MAP", True), ("a map", True), ("The map!", True), ("I think it's a map", True),
        ("mapping", False), ("a mapping", False), ("maps", False), ("roadmap", False),
        ("is it a map or a globe or a compass or a chart or what", False),  # too long to be an answer
        ("", False),
    ],
)
def test_whole_word_matching_never_substring(message: str, wins: bool) -> None:
    assert matches(HeistKind.RIDDLE, message, ("map", "a map")) is wins


def test_numeric_answers_must_be_the_only_number() -> None:
    accepted = ("12", "twelve")
    assert matches(HeistKind.TRIVIA, "12", accepted)
    assert matches(HeistKind.TRIVIA, "it is 12", accepted)
    assert matches(HeistKind.TRIVIA, "Twelve", accepted)
    assert not matches(HeistKind.TRIVIA, "11 12 13", accepted)
    assert not matches(HeistKind.TRIVIA, "112", accepted)


def test_quick_grab_code_and_math_rules() -> None:
    assert matches(HeistKind.QUICK_GRAB, "!GRAB   neon", ("!grab NEON",))
    assert not matches(HeistKind.QUICK_GRAB, "!grab neon now", ("!grab NEON",))
    assert matches(HeistKind.CODE_CRACK, "KXT-204", ("KXT-204",))
    assert matches(HeistKind.CODE_CRACK, "got it KXT-204", ("KXT-204",))
    assert not matches(HeistKind.CODE_CRACK, "kxt-204", ("KXT-204",))  # case-sensitive
    assert not matches(HeistKind.CODE_CRACK, "KXT-2045", ("KXT-204",))
    assert matches(HeistKind.MATH_HACK, "= 99", ("99",))
    assert matches(HeistKind.MATH_HACK, "the answer is 99!", ("99",))
    assert not matches(HeistKind.MATH_HACK, "98 99 100", ("99",))
    assert not matches(HeistKind.MATH_HACK, "990", ("99",))


def test_trivia_heist_accepts_alternatives() -> None:
    heist = generate(HeistKind.TRIVIA, POOLS, (), SeededRng(1), LIVE)
    assert heist.accepted == ("Legendary", "legend")
    assert matches(heist.kind, "legendary", heist.accepted)
    assert matches(heist.kind, "Legend", heist.accepted)

