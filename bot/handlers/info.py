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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.commands import COMMANDS, Access, Command, CommandSpec, UsageError, parse_invocation
from bot.context import CommandCtx
from bot.handlers.common import resolve_target
from bot.periods import Period, period_bounds
from bot.repository import reads
from bot.repository.players import PlayerRow, read_players
from bot.sql import QUERIES
from game import CooldownKind, Tier, xp_progress

__all__ = [
    "HANDLERS",
    "BalanceAnswer",
    "BoardEntry",
    "CooldownEntry",
    "CooldownsAnswer",
    "HelpAnswer",
    "HelpListAnswer",
    "HelpUnknownAnswer",
    "LeaderboardAnswer",
    "LevelAnswer",
    "Metric",
    "NotFoundAnswer",
    "ProfileAnswer",
    "RankAnswer",
    "RankLine",
    "TokensAnswer",
    "held_wealth",
    "parse_board",
]

BOARD_SIZE = 5  # DECISION 21: five entries fit one chat line

_PROFILE_EXTRAS = QUERIES["info/select_profile_extras"]
_BOARD_TOP = QUERIES["info/list_board_top"]
_BOARD_RANKS = QUERIES["info/select_board_ranks"]
_RICHEST = QUERIES["info/list_richest"]
_RICHEST_RANK = QUERIES["info/select_richest_rank"]
_COOLDOWNS = QUERIES["cooldowns/list"]


class Metric(StrEnum):
    """What a board ranks by; the value is the word players type."""

    WEALTH = "wealth"
    XP = "xp"
    PLAYS = "plays"
    ROBS = "robs"
    CHATTERS = "chatters"
    DONATIONS = "donations"
    CHECKINS = "checkins"
    CRATES = "crates"

    @property
    def column(self) -> str:
        """The ``leaderboard_snapshots`` counter this metric reads."""
        return _COLUMNS[self]


_COLUMNS = {
    Metric.WEALTH: "wealth_earned",
    Metric.XP: "xp_earned",
    Metric.PLAYS: "play_count",
    Metric.ROBS: "rob_success_count",  # spec 06 "Rob Masters": successful robs
    Metric.CHATTERS: "messages_sent",
    Metric.DONATIONS: "total_contributed_cents",
    Metric.CHECKINS: "checkins",
    Metric.CRATES: "crates_opened",
}

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

# Open to anyone in the table but meant for server admins: listed with the moderator commands.
_ADMIN_ONLY = frozenset({"kp-admin"})

# Spec 06 shortcuts: these boards without a period mean the week.
_WEEKLY_BY_DEFAULT = frozenset({Metric.CHATTERS, Metric.DONATIONS})


# -- answers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NotFoundAnswer:
    """A named player nobody goes by."""

    asked: str


@dataclass(frozen=True, slots=True)
class ProfileAnswer:
    name: str
    title: str | None
    tier: Tier
    wealth: int
    level: int
    xp_into: int
    xp_needed: int  # 0 at the level cap
    streak: int
    tokens: int
    token_cap: int
    faction: str | None
    jailed_until: datetime | None  # set only while jailed


@dataclass(frozen=True, slots=True)
class BalanceAnswer:
    name: str
    wealth: int


@dataclass(frozen=True, slots=True)
class LevelAnswer:
    name: str
    level: int
    tier: Tier
    xp_into: int
    xp_needed: int  # 0 at the level cap


@dataclass(frozen=True, slots=True)
class TokensAnswer:
    name: str
    tokens: int
    cap: int
    rob_cost: int
    checkin_tokens: int
    messages_per_token: int
    chat_tokens_per_day: int


@dataclass(frozen=True, slots=True)
class CooldownEntry:
    kind: str  # a CooldownKind value, or another command's cooldown name
    until: datetime
    target: str | None = None  # the rob target's name


@dataclass(frozen=True, slots=True)
class CooldownsAnswer:
    name: str
    entries: tuple[CooldownEntry, ...]
    jailed_until: datetime | None  # set only while jailed


@dataclass(frozen=True, slots=True)
class BoardEntry:
    rank: int
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class LeaderboardAnswer:
    period: Period
    metric: Metric
    entries: tuple[BoardEntry, ...]


@dataclass(frozen=True, slots=True)
class RankLine:
    period: Period
    rank: int | None  # None: not on this board
    value: int
    entries: int


@dataclass(frozen=True, slots=True)
class RankAnswer:
    name: str
    metric: Metric
    lines: tuple[RankLine, ...]


@dataclass(frozen=True, slots=True)
class HelpListAnswer:
    """Command names (without prefix) a viewer may use; moderator ones only for moderators."""

    viewer: tuple[str, ...]
    moderator: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HelpAnswer:
    """One command explained; ``allowed`` False when a viewer asks about a moderator command."""

    spec: CommandSpec
    allowed: bool


@dataclass(frozen=True, slots=True)
class HelpUnknownAnswer:
    asked: str


# -- helpers -------------------------------------------------------------------------------------


def held_wealth(period: Period, metric: Metric) -> bool:
    """The lifetime wealth board ranks cash held now, not wealth earned."""
    return period is Period.LIFETIME and metric is Metric.WEALTH


def parse_board(args: Sequence[str]) -> tuple[Period, Metric]:
    """``("weekly", "xp")`` → the board; words in any order; unknown words raise ``ValueError``."""
    period: Period | None = None
    metric: Metric | None = None
    for raw in args:
        word = raw.lower()
        if word in _PERIOD_WORDS and period is None:
            period = _PERIOD_WORDS[word]
        elif word in _METRIC_WORDS and metric is None:
            metric = _METRIC_WORDS[word]
        else:
            raise ValueError(raw)
    metric = metric or Metric.WEALTH
    if period is None:
        period = Period.WEEKLY if metric in _WEEKLY_BY_DEFAULT else Period.DAILY
    return period, metric


def _parse_metric(args: Sequence[str]) -> Metric:
    """``!rank [metric]``: the first metric word (period words are ignored: every period shows)."""
    metric: Metric | None = None
    for raw in args:
        word = raw.lower()
        if word in _PERIOD_WORDS:
            continue
        if word in _METRIC_WORDS and metric is None:
            metric = _METRIC_WORDS[word]
            continue
        raise UsageError(
            Command.RANK,
            f"Unknown board '{raw[:30]}'. Metrics: {', '.join(m.value for m in Metric)}.",
        )
    return metric or Metric.WEALTH


def _board_usage(word: str) -> UsageError:
    return UsageError(
        Command.LB,
        f"Unknown board '{word[:30]}'. Periods: {', '.join(p.value for p in Period)}; "
        f"metrics: {', '.join(m.value for m in Metric)}.",
    )


def _staff(spec: CommandSpec) -> bool:
    """Moderator commands, and the Discord server-admin setup command (its handler checks)."""
    return spec.access is not Access.ANYONE or spec.command.value in _ADMIN_ONLY


def _jailed(row: PlayerRow, now: datetime) -> datetime | None:
    return row.jailed_until if row.jailed_until is not None and row.jailed_until > now else None


async def _subject(ctx: CommandCtx) -> PlayerRow | NotFoundAnswer:
    """The player named in the first argument, else the sender (read without a lock)."""
    args = ctx.invocation.args
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


async def profile(ctx: CommandCtx) -> ProfileAnswer | NotFoundAnswer:
    row = await _subject(ctx)
    if isinstance(row, NotFoundAnswer):
        return row
    extras = await ctx.conn.fetchrow(_PROFILE_EXTRAS, row.user_id)
    title, faction = (extras["title"], extras["faction"]) if extras is not None else (None, None)
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


async def balance(ctx: CommandCtx) -> BalanceAnswer | NotFoundAnswer:
    row = await _subject(ctx)
    if isinstance(row, NotFoundAnswer):
        return row
    return BalanceAnswer(row.name, row.wealth)


async def level(ctx: CommandCtx) -> LevelAnswer | NotFoundAnswer:
    row = await _subject(ctx)
    if isinstance(row, NotFoundAnswer):
        return row
    into, needed = xp_progress(row.xp, ctx.rules.progression)
    return LevelAnswer(row.name, row.level, row.tier, into, needed)


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


async def cooldowns(ctx: CommandCtx) -> CooldownsAnswer:
    row = await _actor(ctx)
    found = [
        (r["command_type"], r["target_identifier"], r["expires_at"])
        for r in await ctx.conn.fetch(_COOLDOWNS, row.user_id, ctx.now)
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


async def leaderboard(ctx: CommandCtx) -> LeaderboardAnswer:
    try:
        period, metric = parse_board(ctx.invocation.args)
    except ValueError as exc:
        raise _board_usage(str(exc)) from None
    if held_wealth(period, metric):
        rows = await ctx.conn.fetch(_RICHEST, BOARD_SIZE)
    else:
        rows = await ctx.conn.fetch(
            _BOARD_TOP, period.value, _start(period, ctx.day), metric.column, BOARD_SIZE
        )
    entries = tuple(BoardEntry(r["rank"], r["name"], r["value"]) for r in rows)
    return LeaderboardAnswer(period, metric, entries)


async def rank(ctx: CommandCtx) -> RankAnswer:
    metric = _parse_metric(ctx.invocation.args)
    row = await _actor(ctx)
    periods = list(Period)
    if metric is Metric.WEALTH:
        periods.remove(Period.LIFETIME)  # ranked by cash held, below
    found = await ctx.conn.fetch(
        _BOARD_RANKS,
        row.user_id,
        [p.value for p in periods],
        [_start(p, ctx.day) for p in periods],
        metric.column,
    )
    lines = [
        RankLine(Period(r["period_type"]), r["rank"], r["value"] or 0, r["entries"]) for r in found
    ]
    if metric is Metric.WEALTH:
        held = await ctx.conn.fetchrow(_RICHEST_RANK, row.user_id)
        lines.append(RankLine(Period.LIFETIME, held["rank"], held["value"], held["entries"]))
    return RankAnswer(row.name, metric, tuple(lines))


async def help_(ctx: CommandCtx) -> HelpListAnswer | HelpAnswer | HelpUnknownAnswer:
    is_mod = ctx.sender.is_moderator
    args = ctx.invocation.args
    if args:
        asked = args[0].removeprefix(ctx.prefix)
        invocation = parse_invocation(ctx.prefix + asked, ctx.prefix) if asked else None
        if invocation is None:
            return HelpUnknownAnswer(asked[:30])
        spec = invocation.spec
        return HelpAnswer(spec, is_mod or spec.access is Access.ANYONE)
    viewer = tuple(s.command.value for s in COMMANDS.values() if not _staff(s))
    moderator = tuple(s.command.value for s in COMMANDS.values() if _staff(s)) if is_mod else ()
    return HelpListAnswer(viewer, moderator)


HANDLERS = {
    Command.PROFILE: profile,
    Command.BALANCE: balance,
    Command.LEVEL: level,
    Command.TOKENS: tokens,
    Command.COOLDOWNS: cooldowns,
    Command.LB: leaderboard,
    Command.RANK: rank,
    Command.HELP: help_,
}
