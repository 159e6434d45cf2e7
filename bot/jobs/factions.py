"""Faction jobs: the daily territory evaluation and the weekly payout (spec 12 §7–8).

At the day boundary, in order (DECISION 35): evaluation at 00:00 for the game day that just
ended, then on Mondays the payout at 00:05 for the Monday–Sunday week that just ended. Both are
safe to run twice (evaluation records ``last_evaluated_at``; a week is claimed once in
``faction_week_results``), and both catch up on the latest slot only: a missed day's scores stay
in ``territory_scores`` but control follows the most recent day, like a referee arriving late.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import factions as flows
from bot.scheduler import CatchUp, JobCtx, job
from game import game_day
from game.factions import week_start


@job("territory_evaluation", cron="0 0 * * *", catch_up=CatchUp.LATEST)
async def territory_evaluation(ctx: JobCtx, slot: datetime) -> int:
    """Decide every territory's controller from yesterday's faction scores."""
    day = game_day(slot, ctx.rules) - timedelta(days=1)
    result = await flows.evaluate_day(ctx.conn, day, at=slot, rules=ctx.rules)
    if not result.captured and not result.lost:
        return 0
    parts = [
        f"🏴 {faction} took {place}" + (f" from {previous}" if previous else "")
        for place, faction, previous in result.captured
    ]
    parts += [f"🏳️ {place} slipped out of {previous}'s hands" for place, previous in result.lost]
    await ctx.announce(
        "🗺️ Lazarus City overnight: " + "; ".join(parts) + ". See !territories.",
        feed=bool(result.captured),
        title="🗺️ Territories changed hands",
    )
    return len(result.captured) + len(result.lost)


@job("faction_weekly_rewards", cron="5 0 * * 1", catch_up=CatchUp.LATEST)
async def faction_weekly_rewards(ctx: JobCtx, slot: datetime) -> int:
    """Pay the week's territory pools to active members, once."""
    week = week_start(game_day(slot, ctx.rules) - timedelta(days=1))
    result = await flows.pay_week(ctx.conn, week, at=slot, rules=ctx.rules)
    if not result.paid or (result.members_paid == 0 and result.crates == 0):
        return 0  # paid already, or a week nobody played for: nothing worth announcing
    held = ", ".join(f"{name} {n}" for name, n in sorted((result.held or {}).items(), key=lambda x: -x[1]))
    if result.winner:
        head = f"🏆 {result.winner} wins the week in Lazarus City"
    else:
        head = "⚖️ No faction won the week outright"
    text = (f"{head} (territories: {held or 'none held'}). {result.members_paid} active members "
            f"shared the rewards" + (f"; the top {result.crates} got a Rare crate" if result.crates else "") + ".")
    await ctx.announce(text, feed=True, title="⚔️ Faction week results")
    return result.members_paid
