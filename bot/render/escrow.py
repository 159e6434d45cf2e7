"""Replies for !claim / !escrow."""

from __future__ import annotations

from bot.answers.escrow import ClaimAnswer
from bot.format import duration
from bot.render.base import View, render

__all__: list[str] = []


@render.register
def _claim(answer: ClaimAnswer, view: View) -> str:
    name = answer.name
    if not answer.lines:
        return f"⏳ {name}, nothing waits in escrow."
    if not answer.asked:
        listed = " ".join(
            f"{n}) {line.label} ({duration(line.until - view.now)} left)"
            for n, line in enumerate(answer.lines, 1)
        )
        return f"⏳ {name}'s escrow: {listed}. {view.prefix}claim <n|all> moves them in."
    text = ""
    if answer.moved:
        text = f"✅ {name} moved in from escrow: {', '.join(m.label for m in answer.moved)}."
    if answer.no_room:
        text += (
            f" {'' if answer.moved else '📦 ' + name + ', '}no room for "
            f"{', '.join(m.label for m in answer.no_room)}: open or sell something first."
        )
    return text.strip()
