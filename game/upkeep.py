"""Daily upkeep decided by the scheduled jobs: insurance premiums and housing upkeep (pure).

Insurance (spec 03 §7): an active policy is charged its daily premium at the day's start for
the 24 h ahead; a player who cannot pay loses the policy (lapsed) and is told.

Housing (spec 04 §9): equipped housing charges its daily upkeep. Unpaid → one more debt day
(and a notice); at ``rob.housing_debt_days`` (3) the −20 % insurance penalty applies (DECISION
15, read by rob); at ``evict_days`` (7) the housing is unequipped and the debt cleared. Paying
clears the debt.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.effects import (
    Effect,
    ItemUnequipped,
    LedgerReason,
    NoticeKind,
    Notification,
    Resolved,
    WealthDelta,
)
from game.model import ItemType, OwnedItem

__all__ = [
    "PremiumDue",
    "UpkeepDue",
    "UpkeepOutcome",
    "UpkeepRules",
    "resolve_premium",
    "resolve_upkeep",
]


@dataclass(frozen=True, slots=True)
class UpkeepRules:
    session_warn_hours: int = 2  # offline this long: a warning in chat and the feed
    session_end_hours: int = 6  # offline this long: the session ends
    notification_days: int = 30
    # Twitch EventSub refuses messages older than 10 min and Kick retries for minutes; a day
    # of ids is far beyond either platform's replay window.
    processed_event_days: int = 1
    job_run_days: int = 30
    snapshot_archive_days: int = 365
    leaderboard_announce_top: int = 3
    housing_evict_days: int = 7


@dataclass(frozen=True, slots=True)
class PremiumDue:
    user_id: int
    wealth: int
    premium: int
    policy: str


def resolve_premium(due: PremiumDue) -> Resolved[bool]:
    """Charge the premium (result ``True``) or lapse the policy with a notice (``False``)."""
    if due.wealth >= due.premium:
        effects: tuple[Effect, ...] = ()
        if due.premium > 0:
            effects = (WealthDelta(due.user_id, -due.premium, LedgerReason.INSURANCE),)
        return Resolved(True, effects)
    notice = Notification(
        due.user_id,
        NoticeKind.INSURANCE_LAPSED,
        (("policy", due.policy), ("premium", due.premium)),
    )
    return Resolved(False, (notice,))


@dataclass(frozen=True, slots=True)
class UpkeepDue:
    user_id: int
    wealth: int
    housing: OwnedItem
    debt_days: int


@dataclass(frozen=True, slots=True)
class UpkeepOutcome:
    paid: int
    debt_days: int  # after this day
    evicted: bool = False


def resolve_upkeep(due: UpkeepDue, *, rules: UpkeepRules, debt_penalty_days: int) -> Resolved[UpkeepOutcome]:
    """One day of upkeep for the equipped housing."""
    uid, item = due.user_id, due.housing
    cost = item.item.upkeep
    if cost <= 0 or due.wealth >= cost:
        effects: tuple[Effect, ...] = ()
        if cost > 0:
            effects = (WealthDelta(uid, -cost, LedgerReason.HOUSING_UPKEEP, item.instance_id),)
        return Resolved(UpkeepOutcome(max(cost, 0), 0), effects)
    debt = due.debt_days + 1
    data = (("item", item.item.key), ("upkeep", cost), ("days", debt))
    if debt >= rules.housing_evict_days:
        return Resolved(
            UpkeepOutcome(0, 0, evicted=True),
            (
                ItemUnequipped(uid, item.instance_id, ItemType.HOUSING),
                Notification(uid, NoticeKind.EVICTED, data),
            ),
        )
    kind = NoticeKind.HOUSING_DEBT if debt >= debt_penalty_days else NoticeKind.HOUSING_UNPAID
    return Resolved(UpkeepOutcome(0, debt), (Notification(uid, kind, data),))
