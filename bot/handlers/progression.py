"""!achievements, !titles, !missions, !hof, !notifications, and the epilogue of every command
(view objectives, the announcements of what the command completed, the unseen-notifications line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, lock_actor, resolve_target
from bot.repository import missions as mission_repo
from bot.repository.effects import apply_effects
from bot.repository.players import read_players
from bot.repository.progression import Moment
from bot.repository.titles import OwnedTitle, clear_title, display_names, owned_titles, wear_title
from bot.sql import QUERIES
from game import Resolved
from game.achievements import TIERS, AchievementView
from game.counters import Counter
from game.effects import GoalProgress
from game.goals import RecordType
from game.missions import MissionType

__all__ = [
    "HANDLERS",
    "AchievementsAnswer",
    "Epilogue",
    "HallAnswer",
    "MissionsAnswer",
    "NotificationsAnswer",
    "TitlesAnswer",
    "epilogue",
]

_FOR_USER = QUERIES["achievements/for_user"]
_HALL = QUERIES["hall/list"]
_UNSEEN = QUERIES["notifications/unseen"]
_HINT = QUERIES["notifications/hint"]

# Read commands that count toward "view" mission objectives.
_VIEWS = {
    Command.PROFILE: Counter.PROFILE_VIEWS,
    Command.LB: Counter.LEADERBOARD_VIEWS,
    Command.RANK: Counter.LEADERBOARD_VIEWS,
    Command.MARKET: Counter.MARKET_VIEWS,
}


@dataclass(frozen=True, slots=True)
class AchievementsAnswer:
    name: str
    views: tuple[AchievementView, ...]
    found: bool = True

    @property
    def completed(self) -> int:
        return sum(v.completed for v in self.views)

    def per_tier(self) -> list[tuple[str, int, int]]:
        return [
            (t, sum(v.completed for v in self.views if v.tier == t), sum(v.tier == t for v in self.views))
            for t in TIERS
        ]


@dataclass(frozen=True, slots=True)
class TitlesAnswer:
    name: str
    titles: tuple[OwnedTitle, ...]
    action: str = "list"  # list | worn | cleared | not_owned | none_worn
    title: str | None = None


@dataclass(frozen=True, slots=True)
class MissionLine:
    name: str
    description: str
    progress: int
    objective: int
    completed: bool
    reward_wealth: int


@dataclass(frozen=True, slots=True)
class MissionSetView:
    mission_type: MissionType
    lines: tuple[MissionLine, ...]
    expires_at: datetime | None
    paid: bool


@dataclass(frozen=True, slots=True)
class MissionsAnswer:
    name: str
    sets: tuple[MissionSetView, ...]


@dataclass(frozen=True, slots=True)
class HallEntry:
    record: str
    value: int
    holder: str
    achieved_at: datetime
    previous_holder: str | None
    previous_value: int | None


@dataclass(frozen=True, slots=True)
class HallAnswer:
    entries: tuple[HallEntry, ...]
    wanted: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeLine:
    kind: str
    title: str
    message: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NotificationsAnswer:
    name: str
    lines: tuple[NoticeLine, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Epilogue:
    """Lines after a command's reply: what it completed, and unseen notifications waiting."""

    moments: tuple[Moment, ...] = ()
    unseen: int = 0

    def __bool__(self) -> bool:
        return bool(self.moments or self.unseen)


async def achievements(ctx: CommandCtx) -> AchievementsAnswer:
    args = ctx.invocation.args
    uid = ctx.actor_id
    if args:
        target = await resolve_target(ctx, args[0])
        if target.user_id is None:
            return AchievementsAnswer(target.name, (), found=False)
        uid = target.user_id
    if uid == ctx.actor_id and uid <= ctx.rules.goals.early_adopter_player_limit:
        await lock_actor(ctx)
        applied = await apply_effects(
            ctx.conn, [GoalProgress(uid, Counter.EARLY_ADOPTER, 1)], game_day=ctx.day, now=ctx.now,
            rules=ctx.rules, catalogue=ctx.game.catalogue,
        )
        ctx.moments += applied.moments
    names = await display_names(ctx.conn, (uid,))
    views = tuple(
        AchievementView(
            key=r["achievement_key"], name=r["achievement_name"], description=r["description"],
            tier=r["tier"], requirement_type=r["requirement_type"], requirement=r["requirement_value"],
            progress=r["current_progress"], completed=r["is_completed"], hidden=r["is_hidden"],
            held_by=(r["holders"] / r["active_players"]) if r["active_players"] else None,
        )
        for r in await ctx.conn.fetch(_FOR_USER, uid)
    )
    return AchievementsAnswer(names.get(uid, ctx.sender.display_name), views)


async def titles(ctx: CommandCtx) -> TitlesAnswer:
    actor = await lock_actor(ctx)
    wanted = ctx.invocation.rest().strip().strip("[]")
    action, title = "list", None
    if wanted.lower() == "none":
        title = await clear_title(ctx.conn, actor.user_id)
        action = "cleared" if title else "none_worn"
    elif wanted:
        title = await wear_title(ctx.conn, actor.user_id, wanted)
        action = "worn" if title else "not_owned"
        title = title or wanted[:100]
    return TitlesAnswer(actor.name, await owned_titles(ctx.conn, actor.user_id), action, title)


async def missions(ctx: CommandCtx) -> MissionsAnswer:
    args = ctx.invocation.args
    wanted = {MissionType(a.lower()) for a in args[:1] if a.lower() in ("daily", "weekly")}
    actor = await lock_actor(ctx)
    await mission_repo.expire_missions(ctx.conn, ctx.now, actor.user_id)
    have = {m.mission_type for m in await mission_repo.current_missions(ctx.conn, actor.user_id, ctx.day, ctx.rules)}
    if len(have) < len(MissionType):
        # Lazy assignment (a new player, or the reset job has not reached them): a fair roll.
        rng = await ctx.rng()
        picked = await mission_repo.assign_missing(
            ctx.conn, actor.user_id, tier=actor.tier, last_checkin=actor.last_checkin_date,
            rules=ctx.rules, rng=rng, day=ctx.day, now=ctx.now,
        )
        if picked:
            await commit_resolution(
                ctx, Resolved(None, ()), event_type="missions_assigned", actor=actor,
                details={"templates": picked},
            )
    rows = await mission_repo.current_missions(ctx.conn, actor.user_id, ctx.day, ctx.rules)
    sets = []
    for mission_type in MissionType:
        if wanted and mission_type not in wanted:
            continue
        mine = [m for m in rows if m.mission_type is mission_type]
        sets.append(MissionSetView(
            mission_type,
            tuple(MissionLine(m.name, m.description, m.progress, m.objective, m.completed, m.reward_wealth) for m in mine),
            min((m.expires_at for m in mine), default=None),
            bool(mine) and all(m.status == "claimed" for m in mine),
        ))
    return MissionsAnswer(actor.name, tuple(sets))


async def hall_of_fame(ctx: CommandCtx) -> HallAnswer:
    wanted = ctx.invocation.rest().strip().lower().replace(" ", "_") or None
    entries = tuple(
        HallEntry(r["record_type"], r["record_value"], r["holder"], r["achieved_at"], r["previous_holder"],
                  r["previous_value"])
        for r in await ctx.conn.fetch(_HALL)
    )
    if wanted:
        matches = tuple(e for e in entries if wanted in e.record)
        known = [t.value for t in RecordType if wanted in t.value]
        return HallAnswer(matches, wanted if (matches or known) else f"?{wanted}")
    return HallAnswer(entries)


async def notifications(ctx: CommandCtx) -> NotificationsAnswer:
    rows = await ctx.conn.fetch(_UNSEEN, ctx.actor_id, 5, ctx.now)
    names = await read_players(ctx.conn, (ctx.actor_id,))
    name = names[ctx.actor_id].name if ctx.actor_id in names else ctx.sender.display_name
    lines = tuple(NoticeLine(r["notification_type"], r["title"], r["message"], r["created_at"]) for r in rows)
    return NotificationsAnswer(name, lines, rows[0]["total"] if rows else 0)


async def epilogue(ctx: CommandCtx) -> Epilogue:
    """Run inside the command's transaction, after its handler: feed view objectives, then
    collect the moments to announce and the unseen-notifications count (once per window)."""
    counter = _VIEWS.get(ctx.invocation.command)
    if counter is not None:
        applied = await apply_effects(
            ctx.conn, [GoalProgress(ctx.actor_id, counter, 1)], game_day=ctx.day, now=ctx.now,
            rules=ctx.rules, catalogue=ctx.game.catalogue,
        )
        ctx.moments += applied.moments
    unseen = 0
    if ctx.invocation.command is not Command.NOTIFICATIONS:
        window = timedelta(minutes=ctx.rules.goals.notification_hint_minutes)
        unseen = await ctx.conn.fetchval(_HINT, ctx.actor_id, ctx.now, window) or 0
    return Epilogue(tuple(ctx.moments), unseen)


HANDLERS = {
    Command.ACHIEVEMENTS: achievements,
    Command.TITLES: titles,
    Command.MISSIONS: missions,
    Command.HOF: hall_of_fame,
    Command.NOTIFICATIONS: notifications,
}
