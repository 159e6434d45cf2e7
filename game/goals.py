"""Goal progress derived from a resolution's effects, and hall-of-fame record offers (pure).

The repository calls :func:`goal_inputs` on every batch of effects it commits (one hook, in
``bot.repository.effects.apply_effects``), so a new action feeds achievements, missions and the
hall of fame without touching this module as long as its effects say what happened. A counter
that no ordinary effect implies is fed with a ``GoalProgress`` effect (see ``game.counters``).

Derivation (one line per counter):

* ``total_wealth_earned`` — every positive `WealthDelta` whose reason is an earning
  (:data:`EARNING_REASONS`: play, rob loot, check-in, business, crate wealth, duplicate-title
  wealth, supports, achievement and mission rewards); spending, sales, moderator grants and link
  merges are not earnings.
* ``play_count`` / ``rob_attempts`` / ``rob_wins`` / ``rob_defenses`` / ``checkins`` /
  ``bust_count`` / ``bail_count`` / ``crate_opened`` — the matching `StatIncrement`.
* ``rob_win_streak`` — every rob attempt steps the stored streak (+1 on a win, 0 on a loss);
  the repository keeps the streak and sets the counter.
* ``checkin_streak`` — `CheckinRecorded.streak`; ``level`` — `LevelChanged.new`.
* ``business_collections`` — each positive business-revenue `WealthDelta`.
* ``legendary_crate_item`` — a `CrateOpened` whose item is legendary.
* ``unique_items_owned`` — any item reaching the player (`ItemGranted`, `ItemMoved` to them):
  the repository records the distinct catalogue items ever held and sets the counter.
* ``item_purchased`` — `ShopItemBought` or a black-market `MarketStockTaken` (the buyer pays).
* ``early_adopter`` — set to 1 for a player numbered up to the configured limit when they
  look at their achievements (``!achievements``), so the first-100 bonus lands where the
  hidden achievement is revealed rather than inside an unrelated play.
* ``messages_sent`` is fed by the chat batch, the ``*_viewed`` counters by the read commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from game.counters import Counter
from game.effects import (
    CheckinRecorded,
    CrateOpened,
    Effect,
    GoalProgress,
    ItemGranted,
    ItemMoved,
    LedgerReason,
    LevelChanged,
    MarketStockTaken,
    ShopItemBought,
    Stat,
    StatIncrement,
    WealthDelta,
)

__all__ = [
    "EARNING_REASONS",
    "GoalInputs",
    "GoalRules",
    "RecordOffer",
    "RecordType",
    "goal_inputs",
]

EARNING_REASONS = frozenset({
    LedgerReason.PLAY,
    LedgerReason.ROB,
    LedgerReason.CHECKIN,
    LedgerReason.BUSINESS,
    LedgerReason.CRATE,
    LedgerReason.TITLE_DUPLICATE,
    LedgerReason.SUPPORT,
    LedgerReason.ACHIEVEMENT,
    LedgerReason.MISSION,
})

_STAT_COUNTERS = {
    Stat.PLAYS: Counter.PLAYS,
    Stat.ROB_ATTEMPTS: Counter.ROB_ATTEMPTS,
    Stat.ROB_SUCCESSES: Counter.ROB_WINS,
    Stat.ROB_DEFENSES: Counter.ROB_DEFENSES,
    Stat.CHECKINS: Counter.CHECKINS,
    Stat.BUSTS: Counter.BUSTS,
    Stat.BAILS: Counter.BAILS,
    Stat.CRATES_OPENED: Counter.CRATES_OPENED,
}


class RecordType(StrEnum):
    """Hall-of-fame records (DECISION 20: the spec five + biggest single rob, plus peak wealth
    and heist wins from the issue)."""

    HIGHEST_WEALTH = "highest_wealth"
    HIGHEST_DAILY_WEALTH = "highest_daily_wealth"
    BIGGEST_SINGLE_ROB = "biggest_single_rob"
    LONGEST_STREAK = "longest_streak"
    HIGHEST_LEVEL = "highest_level"
    HIGHEST_SINGLE_DONATION = "highest_single_donation"
    MOST_JUICERNAUT_WINS = "most_juicernaut_wins"
    MOST_HEIST_WINS = "most_heist_wins"


@dataclass(frozen=True, slots=True)
class GoalRules:
    """Figures of achievements, missions, notifications (``Rules.goals``)."""

    # Off: effects feed no achievement, mission or record (tools comparing raw effect
    # application, e.g. the simulator's world-vs-repository test; an emergency switch).
    enabled: bool = True
    daily_count: int = 3
    weekly_count: int = 2
    # (easy, medium, hard) chance per slot, DECISION 31.
    daily_difficulty_weights: tuple[float, ...] = (0.50, 0.35, 0.15)
    weekly_difficulty_weights: tuple[float, ...] = (0.40, 0.40, 0.20)
    daily_bonus_wealth: int = 500
    daily_bonus_xp: int = 50
    weekly_bonus_wealth: int = 2_000
    weekly_bonus_xp: int = 200
    weekly_bonus_crate: str = "common"
    daily_wealth_cap: int = 15_000
    weekly_wealth_cap: int = 50_000
    mission_history_days: int = 30
    early_adopter_player_limit: int = 100
    chat_min_achievement_tier: str = "gold"
    feed_min_achievement_tier: str = "platinum"
    notifications_max_per_user: int = 25
    notifications_retention_days: int = 30
    notification_hint_minutes: int = 10
    # The "active players" of rarity and of the mission reset: seen within this many days.
    active_days: int = 7


@dataclass(frozen=True, slots=True)
class RecordOffer:
    record: RecordType
    user_id: int
    value: int


@dataclass(slots=True)
class GoalInputs:
    """What one batch of effects feeds: counter progress, rob streak steps (user → won),
    players who received items, players whose daily earnings may set a record, record offers."""

    progress: list[GoalProgress] = field(default_factory=list)
    rob_steps: dict[int, bool] = field(default_factory=dict)
    item_receivers: set[int] = field(default_factory=set)
    daily_earners: set[int] = field(default_factory=set)
    records: list[RecordOffer] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.progress or self.rob_steps or self.item_receivers or self.records or self.daily_earners)


def goal_inputs(
    effects: Iterable[Effect],
    *,
    is_legendary: Callable[[str], bool],
    balances: dict[int, int] | None = None,
) -> GoalInputs:
    """Everything ``effects`` feed; ``balances`` are the wealth balances after the effects
    (peak-wealth offers), ``is_legendary(item_key)`` tells a legendary catalogue item."""
    effects = list(effects)
    out = GoalInputs()
    add = out.progress.append
    attempts: set[int] = set()
    wins: set[int] = set()
    for effect in effects:
        match effect:
            case StatIncrement(user_id=uid, stat=stat, amount=amount):
                counter = _STAT_COUNTERS.get(stat)
                if counter is not None and amount > 0:
                    add(GoalProgress(uid, counter, amount))
                if stat is Stat.ROB_ATTEMPTS:
                    attempts.add(uid)
                elif stat is Stat.ROB_SUCCESSES:
                    wins.add(uid)
                elif stat is Stat.WEALTH_EARNED and amount > 0:
                    out.daily_earners.add(uid)
            case WealthDelta(user_id=uid, amount=amount, reason=reason) if amount > 0:
                if reason in EARNING_REASONS:
                    add(GoalProgress(uid, Counter.WEALTH_EARNED, amount))
                if reason is LedgerReason.BUSINESS:
                    add(GoalProgress(uid, Counter.BUSINESS_COLLECTIONS, 1))
                if reason is LedgerReason.ROB:
                    out.records.append(RecordOffer(RecordType.BIGGEST_SINGLE_ROB, uid, amount))
            case CheckinRecorded(user_id=uid, streak=streak, longest_streak=longest):
                add(GoalProgress(uid, Counter.CHECKIN_STREAK, streak))
                out.records.append(RecordOffer(RecordType.LONGEST_STREAK, uid, longest))
            case LevelChanged(user_id=uid, new=new):
                add(GoalProgress(uid, Counter.LEVEL, new))
                out.records.append(RecordOffer(RecordType.HIGHEST_LEVEL, uid, new))
            case CrateOpened(user_id=uid, item_key=key) if key is not None and is_legendary(key):
                add(GoalProgress(uid, Counter.LEGENDARY_CRATE_ITEMS, 1))
            case ItemGranted(user_id=uid):
                out.item_receivers.add(uid)
            case ItemMoved(to_user_id=uid):
                out.item_receivers.add(uid)
            case ShopItemBought(user_id=uid):
                add(GoalProgress(uid, Counter.ITEMS_PURCHASED, 1))
            case MarketStockTaken():
                buyer = next((e.user_id for e in effects if isinstance(e, WealthDelta) and e.amount < 0), None)
                if buyer is not None:
                    add(GoalProgress(buyer, Counter.ITEMS_PURCHASED, 1))
            case GoalProgress():
                add(effect)
    for uid in sorted(attempts):
        out.rob_steps[uid] = uid in wins
    for uid, balance in sorted((balances or {}).items()):
        # peak wealth reached by earning: a transfer, a grant or a merge sets no record
        if any(isinstance(e, WealthDelta) and e.user_id == uid and e.amount > 0 and e.reason in EARNING_REASONS
               for e in effects):
            out.records.append(RecordOffer(RecordType.HIGHEST_WEALTH, uid, balance))
    return out
