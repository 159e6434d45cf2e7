"""Daily check-in: one claim per game day (game timezone), streaks, rewards, milestone crates.

Streak: checked in on the previous game day → +1, otherwise it starts again at 1. Rewards are
``100 + 100·min(streak, 30)`` dollars and ``20 + 20·min(streak, 30)`` XP; every 28th day gives a
Legendary crate, every other 7th day an Uncommon one. A check-in also earns heist tokens
(`TokenRules.checkin_tokens`) up to the balance cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from game.crates import Placement, place_crate
from game.effects import (
    CheckinRecorded,
    Effect,
    LedgerReason,
    Rejected,
    RejectReason,
    Resolved,
    Stat,
    StatIncrement,
    TokenDelta,
    TokenReason,
    WealthDelta,
)
from game.model import CrateSource, CrateTier, ItemTier, Player
from game.progression import gain_xp
from game.rules import CheckinRules, Rules

__all__ = [
    "CheckinResult",
    "CheckinState",
    "checkin_reward",
    "game_day",
    "milestone_crate",
    "next_game_day_start",
    "resolve_checkin",
]


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def game_day(now: datetime, rules: Rules) -> date:
    """The calendar day of ``now`` (tz-aware) in the game timezone."""
    return now.astimezone(_zone(rules.game_timezone)).date()


def next_game_day_start(now: datetime, rules: Rules) -> datetime:
    zone = _zone(rules.game_timezone)
    tomorrow = game_day(now, rules) + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=zone)


def checkin_reward(streak: int, rules: CheckinRules) -> tuple[int, int]:
    """(wealth, XP) for a check-in on streak day ``streak`` (≥ 1)."""
    days = min(streak, rules.streak_reward_cap)
    return rules.base_wealth + rules.wealth_per_day * days, rules.base_xp + rules.xp_per_day * days


def milestone_crate(streak: int, rules: CheckinRules) -> CrateTier | None:
    if streak > 0 and streak % rules.legendary_every == 0:
        return ItemTier.LEGENDARY
    if streak > 0 and streak % rules.uncommon_every == 0:
        return ItemTier.UNCOMMON
    return None


@dataclass(frozen=True, slots=True)
class CheckinState:
    player: Player
    last_checkin: date | None = None
    streak: int = 0
    longest_streak: int = 0
    crates_held: int = 0
    crates_escrowed: int = 0
    xp_multiplier: float = 1.0  # Juicernaut 2× XP (DECISION 17)


@dataclass(frozen=True, slots=True)
class CheckinResult:
    day: date
    streak: int
    wealth: int
    xp: int
    tokens: int
    crate: CrateTier | None = None
    crate_placement: Placement | None = None


def resolve_checkin(
    state: CheckinState, *, rules: Rules, now: datetime
) -> Resolved[CheckinResult] | Rejected:
    today = game_day(now, rules)
    if state.last_checkin is not None and state.last_checkin >= today:
        return Rejected(RejectReason.ALREADY_CHECKED_IN, until=next_game_day_start(now, rules))
    continued = state.last_checkin == today - timedelta(days=1)
    streak = state.streak + 1 if continued else 1
    longest = max(state.longest_streak, streak)
    wealth, xp = checkin_reward(streak, rules.checkin)
    xp = int(xp * state.xp_multiplier)
    player = state.player
    uid = player.user_id
    effects: list[Effect] = [
        CheckinRecorded(uid, today, streak, longest),
        WealthDelta(uid, wealth, LedgerReason.CHECKIN),
        StatIncrement(uid, Stat.CHECKINS),
        StatIncrement(uid, Stat.WEALTH_EARNED, wealth),
        StatIncrement(uid, Stat.XP_EARNED, xp),
    ]
    effects += gain_xp(uid, player.xp, player.level, xp, rules.progression)
    tokens = max(0, min(rules.tokens.checkin_tokens, rules.tokens.balance_cap - player.tokens))
    if tokens:
        effects.append(TokenDelta(uid, tokens, TokenReason.CHECKIN))
    crate = milestone_crate(streak, rules.checkin)
    placement = None
    if crate is not None:
        placement, crate_effects = place_crate(
            uid,
            crate,
            CrateSource.CHECKIN_MILESTONE,
            held=state.crates_held,
            escrowed=state.crates_escrowed,
            rules=rules,
            now=now,
        )
        effects += crate_effects
    return Resolved(CheckinResult(today, streak, wealth, xp, tokens, crate, placement), tuple(effects))
