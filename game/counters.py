"""The goal counters: one vocabulary for achievement requirements and mission objectives.

Every achievement's ``requirement_type`` and every mission template's ``objective_type`` is fed
by exactly one :class:`Counter`. A counter is either *added to* (``ADD``: plays, wins, dollars)
or *set* to an absolute value (``SET``: level, streaks, distinct items): a completed achievement
or mission is never lowered.

A counter is *live* when something in the game produces it today. Achievements of a counter
that is not live (gambling, factions, territory, the crown) are hidden in ``!achievements`` and
say "coming with <system>"; when that system lands it adds its producer (one
``GoalProgress(user_id, Counter.X, amount)`` effect, or ``progression.record`` from a job) and
moves the counter into :data:`LIVE`.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ACHIEVEMENT_COUNTER", "LIVE", "MISSION_COUNTER", "PENDING", "Counter", "Mode"]


class Mode(StrEnum):
    ADD = "add"
    SET = "set"


class Counter(StrEnum):
    """Values are the achievement ``requirement_type`` names where one exists."""

    WEALTH_EARNED = "total_wealth_earned"
    PLAYS = "play_count"
    ROB_ATTEMPTS = "rob_attempts"
    ROB_WINS = "rob_wins"
    ROB_DEFENSES = "rob_defenses"
    ROB_WIN_STREAK = "rob_win_streak"
    CHECKINS = "checkins"
    CHECKIN_STREAK = "checkin_streak"
    LEVEL = "level"
    MESSAGES = "messages_sent"
    BUSINESS_COLLECTIONS = "business_collections"
    BUSTS = "bust_count"
    BAILS = "bail_count"
    LEGENDARY_CRATE_ITEMS = "legendary_crate_item"
    UNIQUE_ITEMS = "unique_items_owned"
    EARLY_ADOPTER = "early_adopter"
    PROFILE_VIEWS = "profile_viewed"
    LEADERBOARD_VIEWS = "leaderboard_viewed"
    MARKET_VIEWS = "black_market_viewed"
    ITEMS_PURCHASED = "item_purchased"
    CRATES_OPENED = "crate_opened"
    JUICERNAUT_CONTRIBUTION = "juicernaut_contribution"  # US cents, lifetime (supports)
    SESSION_CONTRIBUTION = "session_contribution"  # US cents, this stream session (supports)
    # Fed by the crown, the casino and factions; those in PENDING have no producer yet.
    FACTION_JOINED = "faction_joined"
    FACTION_DAYS = "faction_days"
    TERRITORY_CAPTURES = "territory_captures"
    JUICERNAUT_WINS = "juicernaut_wins"
    GAMBLING_WINS = "gambling_wins"
    GAMBLING_WIN_STREAK = "gambling_win_streak"
    GAMBLING_TOTAL_WON = "gambling_total_won"
    SLOTS_JACKPOT = "slots_jackpot"
    BLACKJACK_WINS = "blackjack_wins"
    COINFLIP_WINS = "coinflip_wins"
    LOTTERY_WINS = "lottery_wins"
    HIGH_ROLLER_WAGER = "high_roller_wager"

    @property
    def mode(self) -> Mode:
        return Mode.SET if self in _SET else Mode.ADD


_SET = frozenset({
    Counter.ROB_WIN_STREAK,
    Counter.CHECKIN_STREAK,
    Counter.LEVEL,
    Counter.UNIQUE_ITEMS,
    Counter.EARLY_ADOPTER,
    Counter.FACTION_JOINED,
    Counter.FACTION_DAYS,
    Counter.SESSION_CONTRIBUTION,
    Counter.GAMBLING_WIN_STREAK,
})

# Counters nothing feeds yet, and the system named in "coming with …" (shown as ???).
PENDING: dict[Counter, str] = {
    Counter.GAMBLING_TOTAL_WON: "the casino",
    Counter.HIGH_ROLLER_WAGER: "the casino",
}
LIVE: frozenset[Counter] = frozenset(c for c in Counter if c not in PENDING)

# achievement requirement_type -> counter (identity by value)
ACHIEVEMENT_COUNTER: dict[str, Counter] = {c.value: c for c in Counter}

# mission objective_type -> counter
MISSION_COUNTER: dict[str, Counter] = {
    "play_count": Counter.PLAYS,
    "wealth_earned": Counter.WEALTH_EARNED,
    "rob_attempts": Counter.ROB_ATTEMPTS,
    "rob_successes": Counter.ROB_WINS,
    "rob_defenses": Counter.ROB_DEFENSES,
    "checkin_today": Counter.CHECKINS,
    "checkin_week": Counter.CHECKINS,
    "checkin_streak": Counter.CHECKIN_STREAK,
    "messages_sent": Counter.MESSAGES,
    "profile_viewed": Counter.PROFILE_VIEWS,
    "leaderboard_viewed": Counter.LEADERBOARD_VIEWS,
    "black_market_viewed": Counter.MARKET_VIEWS,
    "item_purchased": Counter.ITEMS_PURCHASED,
    "crate_opened": Counter.CRATES_OPENED,
}
