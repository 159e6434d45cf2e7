"""The dispatcher and the texts shared by every area (refusals, names, money)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import singledispatch

from bot.format import duration, money
from game import Rejected, RejectReason

__all__ = ["View", "refusal", "render"]


@dataclass(frozen=True, slots=True)
class View:
    """What every renderer may need besides the answer: the time and the command prefix."""

    now: datetime
    prefix: str = "!"


@singledispatch
def render(answer: object, view: View) -> str:
    """Text for ``answer``; an answer type without a renderer is a programming error."""
    raise TypeError(f"no renderer for {type(answer).__name__}")


@render.register
def _text(answer: str, view: View) -> str:
    return answer


def refusal(rejected: Rejected, name: str, view: View, *, bail: int = 0) -> str:
    """The line for an expected refusal, shared by every command."""
    left = duration(rejected.until - view.now) if rejected.until else ""
    p = view.prefix
    match rejected.reason:
        case RejectReason.JAILED:
            hint = f" Bail out with {p}bail ({money(bail)})." if bail else f" Bail out with {p}bail."
            return f"🚔 {name}, you're in jail for another {left}.{hint}"
        case RejectReason.NOT_JAILED:
            return f"⚖️ {name}, you're not in jail. Keep it that way."
        case RejectReason.ON_COOLDOWN:
            return f"⏰ {name}, not yet: try again in {left}."
        case RejectReason.NO_TOKEN:
            return (
                f"🎟️ {name}, you need a heist token for that. Earn them with {p}checkin "
                f"and by chatting ({p}tokens)."
            )
        case RejectReason.TARGET_UNKNOWN:
            return f"❌ {name}, I don't know that player."
        case RejectReason.SELF_TARGET:
            return f"🤨 {name}, robbing yourself? Bold, but no."
        case RejectReason.TARGET_BROKE:
            return f"💸 {name}, they're broke: nothing to take."
        case RejectReason.TARGET_IMMUNE:
            return f"👑 {name}, the Juicernaut can't be robbed this stream."
        case RejectReason.ALREADY_CHECKED_IN:
            return f"📅 {name}, you already checked in today. Next check-in in {left}."
        case RejectReason.NOT_FOUND:
            what = f" '{rejected.detail}'" if rejected.detail else ""
            return f"❌ {name}, you don't have{what or ' that'}."
        case RejectReason.ESCROWED:
            return f"📦 {name}, that's still in escrow: make room and claim it first."
        case RejectReason.EQUIPPED:
            return f"🔒 {name}, unequip it first."
        case RejectReason.NOTHING_EQUIPPED:
            return f"❌ {name}, nothing is equipped there."
        case RejectReason.ESCROW_EXPIRED:
            return f"⌛ {name}, that escrow expired."
        case RejectReason.NOT_ESCROWED:
            return f"❌ {name}, that isn't in escrow."
        case RejectReason.INVENTORY_FULL:
            return f"📦 {name}, your inventory is full. Sell something first."
        case RejectReason.NO_CRATE:
            return f"📦 {name}, no crate to open."
        case RejectReason.CANNOT_AFFORD:
            need = f" You need {money(rejected.amount)}." if rejected.amount else ""
            return f"💸 {name}, you can't afford that.{need}"
        case RejectReason.BUSINESS_LIMIT:
            return f"🏢 {name}, you already own the maximum number of businesses."
        case RejectReason.SOLD_OUT:
            return f"🚫 {name}, sold out."
        case RejectReason.NO_EVENTS:
            return f"🤷 {name}, nothing to do at your tier right now."
    return f"❌ {name}, that didn't work."

