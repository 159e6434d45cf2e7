"""Replies for supports and stream status."""

from __future__ import annotations

from bot.answers.support import StreamAnswer, SupportAnswer
from bot.events import SupportKind
from bot.format import money
from bot.render.base import View, render

__all__: list[str] = []

_WHAT = {
    SupportKind.SUB: "the sub",
    SupportKind.RESUB: "the resub",
    SupportKind.GIFT_SUB: "gifting {n} sub{s}",
    SupportKind.BITS: "the {n} bits",
    SupportKind.KICKS: "the {n} kicks",
    SupportKind.TIP: "the tip",
    SupportKind.RAID: "the raid with {n} viewer{s}",
}


@render.register
def _support(answer: SupportAnswer, view: View) -> str:
    what = _WHAT[answer.kind].format(n=f"{answer.amount:,}", s="" if answer.amount == 1 else "s")
    if answer.name is None:
        return f"💜 Thanks, anonymous hero, for {what}!"
    reward = []
    if answer.wealth:
        reward.append(f"+{money(answer.wealth)}")
    if answer.xp:
        reward.append(f"+{answer.xp:,} XP")
    tail = f" {' | '.join(reward)}" if reward else ""
    level = f" ⭐ Level {answer.level_up}!" if answer.level_up else ""
    crown = " 👑" if answer.crowned else ""
    return f"💜 Thanks {answer.name} for {what}!{tail}{level}{crown}"


@render.register
def _stream(answer: StreamAnswer, view: View) -> str:
    if answer.resumed:
        return "🎬 Back online: the stream session goes on."
    if answer.started:
        title = f": {answer.title}" if answer.title else ""
        return f"🎬 Stream session started{title}. Good luck out there!"
    return (
        f"🎬 Stream offline. The session stays open for {answer.grace_hours} h in case you're back "
        f"(heists pause; a moderator's {view.prefix}endsession ends it now)."
    )
