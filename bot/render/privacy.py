"""Reply for !private."""

from __future__ import annotations

from bot.answers.privacy import PrivacyAnswer
from bot.render.base import View, render

__all__: list[str] = []


@render.register
def _privacy(answer: PrivacyAnswer, view: View) -> str:
    if answer.hidden:
        return (f"🔒 {answer.name}, you're hidden on the public web pages (your place on a board stays, "
                f"your name and figures don't). {view.prefix}private off to show them again.")
    return f"🔓 {answer.name}, you're shown on the public web pages again."
