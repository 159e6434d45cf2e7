"""Player-to-player transfers (``!give``): a fee on top, a daily cap on what one player sends.

The sender pays ``amount + fee``; the recipient gets ``amount``; the fee leaves the economy (a
money sink, its own ledger line). What a player may send per game day is capped (counted from the
day's logged gives). A player in jail can't send (no
stashing cash with a friend while locked up); a jailed recipient may still be given to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from game.effects import LedgerReason, Rejected, RejectReason, Resolved, WealthDelta
from game.model import Player

if TYPE_CHECKING:
    from game.rules import Rules

__all__ = ["GiveResult", "GiveRules", "GiveState", "give_fee", "resolve_give"]


@dataclass(frozen=True, slots=True)
class GiveRules:
    fee_rate: float = 0.05  # of the amount, rounded up, paid by the sender on top
    fee_min: int = 1
    daily_cap: int = 50_000  # sent per player per game day, fee not included


@dataclass(frozen=True, slots=True)
class GiveState:
    sender: Player
    recipient: Player | None  # None: nobody goes by that name
    amount: int
    sent_today: int  # already sent this game day


@dataclass(frozen=True, slots=True)
class GiveResult:
    amount: int
    fee: int
    sent_today: int  # including this one
    daily_cap: int


def give_fee(amount: int, rules: GiveRules) -> int:
    """``fee_rate`` of ``amount``, rounded up to the dollar, at least ``fee_min``."""
    fee = (Decimal(amount) * Decimal(str(rules.fee_rate))).to_integral_value(rounding=ROUND_CEILING)
    return max(int(fee), rules.fee_min)


def resolve_give(state: GiveState, *, rules: Rules, now: datetime) -> Resolved[GiveResult] | Rejected:
    gr = rules.give
    sender, recipient, amount = state.sender, state.recipient, state.amount
    if recipient is None:
        return Rejected(RejectReason.TARGET_UNKNOWN)
    if recipient.user_id == sender.user_id:
        return Rejected(RejectReason.SELF_TARGET)
    if sender.jailed(now):
        return Rejected(RejectReason.JAILED, until=sender.jailed_until)
    left = max(gr.daily_cap - state.sent_today, 0)
    if amount > left:
        return Rejected(RejectReason.DAILY_CAP, amount=left)
    fee = give_fee(amount, gr)
    if sender.wealth < amount + fee:
        return Rejected(RejectReason.CANNOT_AFFORD, amount=amount + fee)
    effects = (
        WealthDelta(sender.user_id, -amount, LedgerReason.GIVE_SENT, reference=recipient.user_id),
        WealthDelta(sender.user_id, -fee, LedgerReason.GIVE_FEE),
        WealthDelta(recipient.user_id, amount, LedgerReason.GIVE_RECEIVED, reference=sender.user_id),
    )
    return Resolved(GiveResult(amount, fee, state.sent_today + amount, gr.daily_cap), effects)
