"""``!give <user> <amount>``: send cash to another player (a fee on top, a daily cap).

Both players are locked in id order in the command's transaction, so concurrent gives from one
sender count each other against the cap and can never overdraw; the money moves only through
the engine's ledger effects (``give_sent``, ``give_fee``, ``give_received``).
"""

from __future__ import annotations

from bot.answers.give import GiveAnswer
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, resolve_target
from bot.repository.give import sent_on_day
from bot.repository.players import lock_players
from game import Rejected
from game.give import GiveState, resolve_give

TOPIC = "social"  # listed under !help social

__all__ = ["give"]


@command(
    "give",
    aliases=("pay", "transfer"),
    args=(Arg.user("target", help="Who receives it"), Arg.amount(help="How much to send")),
    throttle=1,
    help="Send cash to another player (5% fee on top, daily cap).",
    description="Send cash to another player (a fee applies)",
)
async def give(ctx: CommandCtx, target: str, amount: int) -> GiveAnswer:
    named = await resolve_target(ctx, target)
    ids = {ctx.actor_id} | ({named.user_id} if named.user_id is not None else set())
    players = await lock_players(ctx.conn, ids)
    actor = players[ctx.actor_id]
    recipient = players.get(named.user_id) if named.user_id is not None else None
    sent = await sent_on_day(ctx.conn, actor.user_id, ctx.day)
    state = GiveState(actor.player(), recipient.player() if recipient else None, amount, sent)
    outcome = resolve_give(state, rules=ctx.rules, now=ctx.now)
    name = recipient.name if recipient else named.name
    if isinstance(outcome, Rejected):
        return GiveAnswer(actor.name, name, outcome)
    applied = await commit_resolution(
        ctx,
        outcome,
        event_type="give",
        actor=actor,
        description=f"give {name}",
        target_id=recipient.user_id if recipient else None,
        success=True,
        details={"amount": outcome.result.amount, "fee": outcome.result.fee, "day": ctx.day.isoformat()},
    )
    return GiveAnswer(actor.name, name, outcome, applied.wealth.get(actor.user_id))
