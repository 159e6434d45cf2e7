"""!achievements, !titles, !missions, !hof, !notifications, and the epilogue of every command
(view objectives, the announcements of what the command completed, the unseen-notifications line).
"""

from __future__ import annotations

from datetime import timedelta

from bot.answers.progression import (
    AchievementsAnswer,
    Epilogue,
    HallAnswer,
    HallEntry,
    MissionLine,
    MissionsAnswer,
    MissionSetView,
    NoticeLine,
    NotificationsAnswer,
    TitlesAnswer,
    WithEpilogue,
)
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, lock_actor, resolve_target
from bot.repository import missions as mission_repo
from bot.repository.achievements import achievements_for
from bot.repository.achievements import hall_of_fame as held_records
from bot.repository.effects import apply_effects
from bot.repository.notifications import read_unseen, unseen_hint
from bot.repository.players import read_players
from bot.repository.titles import clear_title, display_names, owned_titles, wear_title
from game import Resolved
from game.counters import Counter
from game.effects import GoalProgress
from game.goals import RecordType
from game.missions import MissionType

TOPIC = "goals"  # listed under !help goals

__all__ = ["achievements", "hall_of_fame", "missions", "notifications", "titles", "with_epilogue"]

# Read commands that count toward "view" mission objectives (by declared name).
_VIEWS = {
    "profile": Counter.PROFILE_VIEWS,
    "lb": Counter.LEADERBOARD_VIEWS,
    "rank": Counter.LEADERBOARD_VIEWS,
    "market": Counter.MARKET_VIEWS,
}


@command(
    "achievements",
    aliases=("achieve", "ach"),
    args=(Arg.user("player", optional=True, label="user", help="Whose achievements (yours if empty)"),),
    help="Achievements: done, per tier, the nearest three.",
    description="Achievements: done, per tier, the nearest three",
)
async def achievements(ctx: CommandCtx, player: str | None) -> AchievementsAnswer:
    uid = ctx.actor_id
    if player:
        target = await resolve_target(ctx, player)
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
    views = await achievements_for(ctx.conn, uid)
    return AchievementsAnswer(names.get(uid, ctx.sender.display_name), views)


@command(
    "titles",
    aliases=("title",),
    args=(Arg.text("title", optional=True, label="name|none", help="A title you own to wear, or none"),),
    private=True,
    help="Your titles; !title <name> wears one, !title none takes it off.",
    description="Your titles; wear one, or 'none' to take it off",
)
async def titles(ctx: CommandCtx, title: str) -> TitlesAnswer:
    actor = await lock_actor(ctx)
    wanted = (title or "").strip().strip("[]")
    action, worn = "list", None
    if wanted.lower() == "none":
        worn = await clear_title(ctx.conn, actor.user_id)
        action = "cleared" if worn else "none_worn"
    elif wanted:
        worn = await wear_title(ctx.conn, actor.user_id, wanted)
        action = "worn" if worn else "not_owned"
        worn = worn or wanted[:100]
    return TitlesAnswer(actor.name, await owned_titles(ctx.conn, actor.user_id), action, worn)


@command(
    "missions",
    aliases=("mission", "quests"),
    args=(Arg.choice("kind", ("daily", "weekly"), optional=True, help="daily or weekly (both if empty)"),),
    private=True,
    help="Your daily and weekly missions, progress and time left.",
    description="Your daily and weekly missions",
)
async def missions(ctx: CommandCtx, kind: str | None) -> MissionsAnswer:
    wanted = {MissionType(kind)} if kind else set()
    actor = await lock_actor(ctx)
    if await mission_repo.expire_missions(ctx.conn, ctx.now, actor.user_id):
        ctx.actor_notified = True  # an expiry notice was written after the lock
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


@command(
    "hof",
    aliases=("halloffame", "records"),
    args=(Arg.text("record", optional=True, help="One record (all if empty)"),),
    help="The hall of fame: records, holders and dates.",
    description="The hall of fame",
)
async def hall_of_fame(ctx: CommandCtx, record: str) -> HallAnswer:
    wanted = (record or "").strip().lower().replace(" ", "_") or None
    entries = tuple(HallEntry(*held) for held in await held_records(ctx.conn))
    if wanted:
        matches = tuple(e for e in entries if wanted in e.record)
        known = [t.value for t in RecordType if wanted in t.value]
        return HallAnswer(matches, wanted if (matches or known) else f"?{wanted}")
    return HallAnswer(entries)


@command(
    "notifications",
    aliases=("notifs", "inbox"),
    private=True,
    help="Your unseen notifications (marks them read).",
    description="Your unseen notifications",
)
async def notifications(ctx: CommandCtx) -> NotificationsAnswer:
    unseen = await read_unseen(ctx.conn, ctx.actor_id, 5, ctx.now)
    names = await read_players(ctx.conn, (ctx.actor_id,))
    name = names[ctx.actor_id].name if ctx.actor_id in names else ctx.sender.display_name
    return NotificationsAnswer(name, tuple(NoticeLine(*n) for n in unseen.notices), unseen.total)


def _hint_may_be_due(ctx: CommandCtx) -> bool:
    """False only when the actor's locked row proves the hint statement would say nothing: they
    were told within the window, or nothing was unseen and this command told them nothing new."""
    if not ctx.actor_locked:
        return True
    window = timedelta(minutes=ctx.rules.goals.notification_hint_minutes)
    if ctx.actor_hint_at is not None and ctx.actor_hint_at > ctx.now - window:
        return False
    return ctx.actor_had_unseen or ctx.actor_notified or bool(ctx.moments)


async def with_epilogue(ctx: CommandCtx, answer: object) -> object:
    """Run inside the command's transaction, after its handler: feed view objectives, then
    add the moments to announce and the unseen-notifications count (once per window)."""
    name = ctx.invocation.name
    counter = _VIEWS.get(name)
    if counter is not None:
        applied = await apply_effects(
            ctx.conn, [GoalProgress(ctx.actor_id, counter, 1)], game_day=ctx.day, now=ctx.now,
            rules=ctx.rules, catalogue=ctx.game.catalogue,
        )
        ctx.moments += applied.moments
    unseen = 0
    if name != "notifications" and _hint_may_be_due(ctx):
        window = timedelta(minutes=ctx.rules.goals.notification_hint_minutes)
        unseen = await unseen_hint(ctx.conn, ctx.actor_id, ctx.now, window)
    epilogue = Epilogue(tuple(ctx.moments), unseen)
    return WithEpilogue(answer, epilogue) if epilogue else answer
