from datetime import UTC, date, datetime, timedelta

import pytest

from game import (
    DEFAULT_RULES,
    CheckinRecorded,
    CheckinState,
    CrateGranted,
    ItemTier,
    Player,
    Rejected,
    RejectReason,
    Resolved,
    TokenDelta,
    WealthDelta,
    XpDelta,
    checkin_reward,
    resolve_checkin,
)

from .conftest import NOW

TODAY = NOW.date()


def checkin(streak: int, last: date | None, **kw: object) -> Resolved | Rejected:
    state = CheckinState(Player(1), last_checkin=last, streak=streak, **kw)  # type: ignore[arg-type]
    return resolve_checkin(state, rules=DEFAULT_RULES, now=NOW)


@pytest.mark.parametrize(
    ("day", "wealth", "xp", "crate"),
    [(1, 200, 40, None), (7, 800, 160, ItemTier.UNCOMMON), (14, 1_500, 300, ItemTier.UNCOMMON),
     (28, 2_900, 580, ItemTier.LEGENDARY), (29, 3_000, 600, None), (30, 3_100, 620, None),
     (56, 3_100, 620, ItemTier.LEGENDARY), (100, 3_100, 620, None)],
)
def test_rewards_on_streak_days(day: int, wealth: int, xp: int, crate: ItemTier | None) -> None:
    assert checkin_reward(day, DEFAULT_RULES.checkin) == (wealth, xp)
    outcome = checkin(day - 1, TODAY - timedelta(days=1))
    assert isinstance(outcome, Resolved)
    assert outcome.result.streak == day
    assert WealthDelta(1, wealth, outcome.effects[1].reason) in outcome.effects  # type: ignore[union-attr]
    assert XpDelta(1, xp) in outcome.effects
    crates = [e for e in outcome.effects if isinstance(e, CrateGranted)]
    assert [c.tier for c in crates] == ([crate] if crate else [])


def test_missed_day_resets_streak_but_keeps_longest() -> None:
    outcome = checkin(12, TODAY - timedelta(days=2), longest_streak=12)
    assert isinstance(outcome, Resolved)
    assert CheckinRecorded(1, TODAY, 1, 12) in outcome.effects


def test_second_checkin_same_day_is_rejected_until_midnight() -> None:
    outcome = checkin(3, TODAY)
    assert outcome == Rejected(
        RejectReason.ALREADY_CHECKED_IN, until=datetime(2025, 3, 11, tzinfo=UTC)
    )


def test_day_follows_the_game_timezone() -> None:
    rules = DEFAULT_RULES.with_overrides({"game_timezone": "America/New_York"})
    late = datetime(2025, 3, 11, 2, 0, tzinfo=UTC)  # still 10 March in New York
    state = CheckinState(Player(1), last_checkin=date(2025, 3, 10), streak=1)
    assert isinstance(resolve_checkin(state, rules=rules, now=late), Rejected)
    assert isinstance(resolve_checkin(state, rules=DEFAULT_RULES, now=late), Resolved)


def test_tokens_are_earned_up_to_the_cap() -> None:
    earned = checkin(0, None)
    assert isinstance(earned, Resolved) and any(isinstance(e, TokenDelta) for e in earned.effects)
    full = resolve_checkin(CheckinState(Player(1, tokens=5)), rules=DEFAULT_RULES, now=NOW)
    assert isinstance(full, Resolved) and not any(isinstance(e, TokenDelta) for e in full.effects)


def test_milestone_crate_goes_to_escrow_then_is_lost() -> None:
    escrow = checkin(6, TODAY - timedelta(days=1), crates_held=10)
    assert isinstance(escrow, Resolved)
    granted = [e for e in escrow.effects if isinstance(e, CrateGranted)]
    assert granted[0].escrow_until == NOW + timedelta(hours=24)
    lost = checkin(6, TODAY - timedelta(days=1), crates_held=10, crates_escrowed=3)
    assert isinstance(lost, Resolved)
    assert not any(isinstance(e, CrateGranted) for e in lost.effects)
