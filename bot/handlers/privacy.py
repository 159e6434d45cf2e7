"""!private: hide or show yourself on the public web pages."""

from __future__ import annotations

from bot.answers.privacy import PrivacyAnswer
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import lock_actor
from bot.repository.web import set_private

TOPIC = "social"  # listed under !help social

__all__: list[str] = []


@command(
    "private",
    args=(Arg.choice("mode", ("on", "off"), optional=True, words={"yes": "on", "no": "off"}),),
    throttle=2,
    private=True,
    help="Hide (on) or show (off) your name and figures on the public web pages.",
)
async def private(ctx: CommandCtx, mode: str | None = None) -> PrivacyAnswer:
    actor = await lock_actor(ctx)
    hidden = mode != "off"  # `!private` alone hides
    await set_private(ctx.conn, actor.user_id, hidden)
    return PrivacyAnswer(actor.name, hidden)
