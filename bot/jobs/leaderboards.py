"""Leaderboard announcements (chat + Discord feed) and the yearly snapshot archive.

Daily 00:01: yesterday's top 3 earners. Weekly Monday 00:30: the MVPs of the week that just
closed (weeks start Monday, DECISION 1 — the spec's Sunday 00:30 would announce a six-day
week). Monthly on the 1st 00:02 and yearly on Jan 1 00:03: the top earners of the period that
just ended. Nothing is announced for a period nobody earned in. Daily 03:00: snapshots of
periods that ended over a year ago move to ``leaderboard_snapshots_archive``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.format import money
from bot.periods import Period, period_bounds
from bot.repository import boards
from bot.scheduler import CatchUp, JobCtx, job
from game import game_day

_MEDALS = ("🥇", "🥈", "🥉")


def _podium(lines: list[boards.BoardLine]) -> str:
    return " · ".join(
        f"{_MEDALS[line.rank - 1] if line.rank <= len(_MEDALS) else f'#{line.rank}'} {line.name} {money(line.value)}"
        for line in lines
    )


def _ended(ctx: JobCtx, slot: datetime, period: Period) -> date:
    """First day of the ``period`` that ended just before ``slot`` (game timezone)."""
    yesterday = game_day(slot, ctx.rules) - timedelta(days=1)
    return period_bounds(period, yesterday)[0]


async def _announce_top(ctx: JobCtx, slot: datetime, period: Period, head: str, title: str) -> int:
    start = _ended(ctx, slot, period)
    top = await boards.top(ctx.conn, period.value, start, "wealth_earned", ctx.rules.upkeep.leaderboard_announce_top)
    if not top:
        return 0
    text = f"{head}: {_podium(top)}"
    if period is Period.WEEKLY:
        xp = await boards.top(ctx.conn, period.value, start, "xp_earned", 1)
        if xp:
            text += f" | Most XP: {xp[0].name} ({xp[0].value:,} XP)"
    await ctx.announce(text, feed=True, title=title)
    return len(top)


@job("leaderboard_daily", cron="1 0 * * *", catch_up=CatchUp.LATEST)
async def leaderboard_daily(ctx: JobCtx, slot: datetime) -> int:
    """Announce yesterday's top 3 earners."""
    return await _announce_top(ctx, slot, Period.DAILY, "🏆 Yesterday's top earners", "🏆 Daily leaderboard")


@job("leaderboard_weekly", cron="30 0 * * 1", catch_up=CatchUp.LATEST)
async def leaderboard_weekly(ctx: JobCtx, slot: datetime) -> int:
    """Announce the MVPs of the week that just closed."""
    return await _announce_top(ctx, slot, Period.WEEKLY, "🏆 This week's MVPs", "🏆 Weekly MVPs")


@job("leaderboard_monthly", cron="2 0 1 * *", catch_up=CatchUp.LATEST)
async def leaderboard_monthly(ctx: JobCtx, slot: datetime) -> int:
    """Announce last month's top earners."""
    month = _ended(ctx, slot, Period.MONTHLY)
    return await _announce_top(
        ctx, slot, Period.MONTHLY, f"🏆 {month:%B}'s top earners", "🏆 Monthly leaderboard"
    )


@job("leaderboard_annual", cron="3 0 1 1 *", catch_up=CatchUp.LATEST)
async def leaderboard_annual(ctx: JobCtx, slot: datetime) -> int:
    """Announce last year's champions."""
    year = _ended(ctx, slot, Period.ANNUAL)
    return await _announce_top(ctx, slot, Period.ANNUAL, f"🏆 {year:%Y}'s champions", "🏆 Annual leaderboard")


@job("leaderboard_archive", cron="0 3 * * *", catch_up=CatchUp.LATEST)
async def leaderboard_archive(ctx: JobCtx, slot: datetime) -> int:
    """Move snapshots of periods that ended over a year ago to the archive."""
    cutoff = game_day(slot, ctx.rules) - timedelta(days=ctx.rules.upkeep.snapshot_archive_days)
    return await boards.archive_old(ctx.conn, cutoff, slot)
