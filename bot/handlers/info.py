"""Read-only commands: !profile, !balance, !level, !tokens, !cooldowns, !lb, !rank, !help.

None of these lock a row or write anything: players are read with ``read_players`` and the
only write of the transaction is the processed-event row the pipeline records.

Leaderboards (spec 06): a board is a period (daily … lifetime, in the game timezone) and a
metric. On period boards "wealth" is wealth *earned* in the period; the lifetime wealth board
ranks by cash held now (the richest players), the board people mean by "lifetime wealth".
Ties share a rank (1 + players with a strictly higher value); zero values are unranked. Chat
shows 5 entries (DECISION 21). The default board is daily wealth; ``!lb chatters`` and
``!lb donations`` without a period show the week, as the spec's shortcuts do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from bot.answers.info import (
    BalanceAnswer,
    BoardEntry,
    CooldownEntry,
    CooldownsAnswer,
    HelpAnswer,
    HelpListAnswer,
    HelpUnknownAnswer,
    LeaderboardAnswer,
    LevelAnswer,
    Metric,
    NotFoundAnswer,
    ProfileAnswer,
    RankAnswer,
    RankLine,
    TokensAnswer,
    held_wealth,
)
from bot.commanding import Access, Arg, Declared, command
from bot.context import CommandCtx
from bot.handlers.common import resolve_target
from bot.periods import Period, period_bounds
from bot.repository import leaderboards, reads
from bot.repository.cooldowns import running_cooldowns
from bot.repository.players import PlayerRow, profile_extras, read_players
from game import CooldownKind, xp_progress

__all__ = ["balance", "board", "cooldowns", "help_", "leaderboard", "level", "profile", "rank", "tokens"]

BOARD_SIZE = 5  # DECISION 21: five entries fit one chat line



_PERIOD_WORDS: dict[str, Period] = {
    **{p.value: p for p in Period},
    "day": Period.DAILY,
    "today": Period.DAILY,
    "week": Period.WEEKLY,
    "month": Period.MONTHLY,
    "year": Period.ANNUAL,
    "yearly": Period.ANNUAL,
    "alltime": Period.LIFETIME,
    "all-time": Period.LIFETIME,
    "all": Period.LIFETIME,
}

_METRIC_WORDS: dict[str, Metric] = {
    **{m.value: m for m in Metric},
    "money": Metric.WEALTH,
    "cash": Metric.WEALTH,
    "level": Metric.XP,
    "play": Metric.PLAYS,
    "rob": Metric.ROBS,
    "robberies": Metric.ROBS,
    "chat": Metric.CHATTERS,
    "messages": Metric.CHATTERS,
    "donors": Metric.DONATIONS,
    "contributors": Metric.DONATIONS,
    "checkin": Metric.CHECKINS,
    "crate": Metric.CRATES,
}

# Spec 06 shortcuts: these boards without a period mean the week.
_WEEKLY_BY_DEFAULT = frozenset({Metric.CHATTERS, Metric.DONATIONS})


# -- answers -------------------------------------------------------------------------------------


# -- helpers -------------------------------------------------------------------------------------


def board(period: str | None, metric: str | None) -> tuple[Period, Metric]:
    """The board a ``!lb`` names; no metric is wealth, no period is the metric's default one."""
    chosen = Metric(metric) if metric else Metric.WEALTH
    if period is None:
        return (Period.WEEKLY if chosen in _WEEKLY_BY_DEFAULT else Period.DAILY), chosen
    return Period(period), chosen


_BOARDS = f"Periods: {', '.join(p.value for p in Period)}; metrics: {', '.join(m.value for m in Metric)}."
_PERIOD_ARG = Arg.choice(
    "period",
    tuple(p.value for p in Period),
    words={word: p.value for word, p in _PERIOD_WORDS.items()},
    optional=True,
    label="|".join(p.value for p in Period),
    help="Time period (daily if empty)",
)
_METRIC_ARG = Arg.choice(
    "metric",
    tuple(m.value for m in Metric),
    words={word: m.value for word, m in _METRIC_WORDS.items()},
    optional=True,
    label="|".join(m.value for m in Metric),
    help="What to rank (wealth if empty)",
)


def _listed(decl: Declared, ctx: CommandCtx) -> bool:
    return ctx.platform in decl.platforms


def _jailed(row: PlayerRow, now: datetime) -> datetime | None:
    return row.jailed_until if row.jailed_until is not None and row.jailed_until > now else None


async def _subject(ctx: CommandCtx, player: str | None) -> PlayerRow | NotFoundAnswer:
    """The named player, else the sender (read without a lock)."""
    args = (player,) if player else ()
    if args:
        target = await resolve_target(ctx, args[0])
        if target.user_id is None:
            return NotFoundAnswer(target.name[:30])
        uid = target.user_id
    else:
        uid = ctx.actor_id
    rows = await read_players(ctx.conn, (uid,))
    return (
        rows[uid]
        if uid in rows
        else NotFoundAnswer(args[0][:30] if args else ctx.sender.display_name)
    )


async def _actor(ctx: CommandCtx) -> PlayerRow:
    return (await read_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id]


# -- handlers ------------------------------------------------------------------------------------


@command(
    "profile",
    aliases=("p", "stats"),
    args=(Arg.user("player", optional=True, label="user", help="Whose profile (yours if empty)"),),
    help="Tier, wealth, level, streak and more.",
    description="Show a player's profile",
)
async def profile(ctx: CommandCtx, player: str | None) -> ProfileAnswer | NotFoundAnswer:
    row = await _subject(ctx, player)
    if isinstance(row, NotFoundAnswer):
        return row
    extras = await profile_extras(ctx.conn, row.user_id)
    title, faction = extras.title, extras.faction
    into, needed = xp_progress(row.xp, ctx.rules.progression)
    return ProfileAnswer(
        name=row.name,
        title=title,
        tier=row.tier,
        wealth=row.wealth,
        level=row.level,
        xp_into=into,
        xp_needed=needed,
        streak=row.checkin_streak,
        tokens=row.tokens,
        token_cap=ctx.rules.tokens.balance_cap,
        faction=faction,
        jailed_until=_jailed(row, ctx.now),
    )


@command(
    "balance",
    aliases=("bal", "money", "wealth"),
    args=(Arg.user("player", optional=True, label="user", help="Whose balance (yours if empty)"),),
    help="How much cash someone holds.",
    description="Show a player's wealth",
)
async def balance(ctx: CommandCtx, player: str | None) -> BalanceAnswer | NotFoundAnswer:
    row = await _subject(ctx, player)
    if isinstance(row, NotFoundAnswer):
        return row
    return BalanceAnswer(row.name, row.wealth)


@command(
    "level",
    aliases=("lvl", "xp"),
    args=(Arg.user("player", optional=True, label="user", help="Whose level (yours if empty)"),),
    help="Level and XP progress.",
    description="Show a player's level and XP",
)
async def level(ctx: CommandCtx, player: str | None) -> LevelAnswer | NotFoundAnswer:
    row = await _subject(ctx, player)
    if isinstance(row, NotFoundAnswer):
        return row
    into, needed = xp_progress(row.xp, ctx.rules.progression)
    return LevelAnswer(row.name, row.level, row.tier, into, needed)


@command(
    "tokens",
    aliases=("token", "mytokens"),
    private=True,
    help="Your heist tokens (robbing costs one).",
    description="Your tokens, caps and next cost",
)
async def tokens(ctx: CommandCtx) -> TokensAnswer:
    row = await _actor(ctx)
    tr = ctx.rules.tokens
    return TokensAnswer(
        name=row.name,
        tokens=row.tokens,
        cap=tr.balance_cap,
        rob_cost=ctx.rules.rob.token_cost,
        checkin_tokens=tr.checkin_tokens,
        messages_per_token=tr.chat_messages_per_token,
        chat_tokens_per_day=tr.chat_tokens_per_day,
    )


@command(
    "cooldowns",
    aliases=("cd", "cds"),
    private=True,
    help="Your cooldowns and jail time.",
    description="Your cooldowns and jail time",
)
async def cooldowns(ctx: CommandCtx) -> CooldownsAnswer:
    row = await _actor(ctx)
    found = [
        (r.command_type, r.target, r.expires_at)
        for r in await running_cooldowns(ctx.conn, row.user_id, ctx.now)
    ]
    # The play cooldown only holds while no stream is live (DECISION 7).
    if any(kind == CooldownKind.PLAY for kind, _, _ in found) and await reads.active_session(
        ctx.conn
    ):
        found = [c for c in found if c[0] != CooldownKind.PLAY]
    target_ids = {int(t) for kind, t, _ in found if kind == CooldownKind.ROB_TARGET and t.isdecimal()}
    names = await read_players(ctx.conn, target_ids) if target_ids else {}
    entries = []
    for kind, target, until in found:
        name = None
        if kind == CooldownKind.ROB_TARGET:
            who = names.get(int(target)) if target.isdecimal() else None
            name = who.name if who else "someone"
        entries.append(CooldownEntry(kind, until, name))
    return CooldownsAnswer(row.name, tuple(entries), _jailed(row, ctx.now))


def _start(period: Period, day: date) -> date:
    return period_bounds(period, day)[0]


@command(
    "lb",
    aliases=("leaderboard", "top"),
    args=(replace(_PERIOD_ARG, error="Unknown board '{value}'. " + _BOARDS), _METRIC_ARG),
    keywords=True,
    help="Leaderboards.",
)
async def leaderboard(ctx: CommandCtx, period: str | None, metric: str | None) -> LeaderboardAnswer:
    period, metric = board(period, metric)
    if held_wealth(period, metric):
        rows = await leaderboards.richest(ctx.conn, BOARD_SIZE)
    else:
        rows = await leaderboards.board_top(
            ctx.conn, period.value, _start(period, ctx.day), metric.column, BOARD_SIZE
        )
    entries = tuple(BoardEntry(r.rank, r.name, r.value) for r in rows)
    return LeaderboardAnswer(period, metric, entries)


@command(
    "rank",
    aliases=("myrank",),
    args=(
        replace(
            _METRIC_ARG,
            label="metric",
            error=f"Unknown board '{{value}}'. Metrics: {', '.join(m.value for m in Metric)}.",
        ),
        # Period words are taken and ignored: every period shows.
        replace(_PERIOD_ARG, slash=False, shown=False),
    ),
    keywords=True,
    help="Your rank on each leaderboard.",
    description="Your rank on the leaderboards",
)
async def rank(ctx: CommandCtx, metric: str | None, period: str | None) -> RankAnswer:
    metric = Metric(metric) if metric else Metric.WEALTH
    row = await _actor(ctx)
    periods = list(Period)
    if metric is Metric.WEALTH:
        periods.remove(Period.LIFETIME)  # ranked by cash held, below
    found = await leaderboards.board_ranks(
        ctx.conn,
        row.user_id,
        [p.value for p in periods],
        [_start(p, ctx.day) for p in periods],
        metric.column,
    )
    lines = [
        RankLine(Period(r.period_type), r.rank, r.value or 0, r.entries) for r in found
    ]
    if metric is Metric.WEALTH:
        held = await leaderboards.richest_rank(ctx.conn, row.user_id)
        lines.append(RankLine(Period.LIFETIME, held.rank, held.value or 0, held.entries))
    return RankAnswer(row.name, metric, tuple(lines))


@command(
    "help",
    aliases=("commands", "kphelp"),
    args=(Arg.word("command", optional=True, maximum=32, help="A command to explain"),),
    private=True,
    help="List commands or explain one.",
    description="How to play Kingpin",
)
async def help_(ctx: CommandCtx, command: str | None) -> HelpListAnswer | HelpAnswer | HelpUnknownAnswer:
    sender = ctx.sender
    table = ctx.commands
    if command and command.lower() in table.topic_names():
        topic = command.lower()
        names = tuple(d.name for d in table.listed() if _listed(d, ctx) and table.topics.get(d.name) == topic
                      and d.access.allows(sender))
        return HelpListAnswer(viewer=names, moderator=(), topic=topic)
    if command:
        asked = command.removeprefix(ctx.prefix)
        invocation = ctx.commands.parse(ctx.prefix + asked, ctx.prefix) if asked else None
        if invocation is None:
            return HelpUnknownAnswer(asked[:30])
        decl = invocation.command
        return HelpAnswer(decl, decl.access.allows(sender))
    listed = [d for d in table.listed() if _listed(d, ctx)]
    main = [d for d in listed if not table.topics.get(d.name)]
    topics = tuple(t for t in table.topic_names() if any(table.topics.get(d.name) == t for d in listed))
    return HelpListAnswer(
        viewer=tuple(d.name for d in main if d.access is Access.ANYONE),
        topics=topics,
        moderator=tuple(d.name for d in listed if d.access is Access.MODERATOR) if sender.is_moderator else (),
        broadcaster=(
            tuple(d.name for d in listed if d.access is Access.BROADCASTER) if sender.is_broadcaster else ()
        ),
    )
