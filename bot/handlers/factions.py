"""The faction commands: !factions, !faction [join|leave|territory], !territories."""

from __future__ import annotations

from bot import factions as flows
from bot.answers.factions import (
    FactionInfo,
    FactionList,
    FactionMap,
    JoinAnswer,
    LeaveAnswer,
    MapRow,
    MoveAnswer,
    MyFaction,
)
from bot.commanding import Arg, Slash, command
from bot.context import CommandCtx
from bot.handlers.common import lock_actor
from bot.repository import factions as repo
from game.factions import territory_buffs, week_start

TOPIC = "factions"  # listed under !help factions

__all__: list[str] = []

def _info(row: repo.FactionRow) -> FactionInfo:
    return FactionInfo(row.name, row.emoji, row.members, row.territories)

@command("factions", help="The three factions: members and territories held.")
async def list_factions(ctx: CommandCtx) -> FactionList:
    rows = await repo.factions(ctx.conn)
    return FactionList(tuple(_info(r) for r in rows), ctx.rules.factions.min_level)

@command(
    "faction",
    help="Your faction: members, territories, buffs, your turf and this week's points.",
    # Discord cannot call a group by itself: the bare command is the group's "show" subcommand
    slash=(Slash("faction show", "Your faction: members, territories, buffs and this week's points",
                 group_description="Factions of Lazarus City"),),
)
async def my_faction(ctx: CommandCtx) -> MyFaction:
    actor = await lock_actor(ctx)
    standing = await repo.member(ctx.conn, actor.user_id, week_start(ctx.day))
    if standing is None or standing.faction_id is None:
        return MyFaction(actor.name, None)
    faction = next(f for f in await repo.factions(ctx.conn) if f.faction_id == standing.faction_id)
    territories = await repo.territories(ctx.conn)
    buffs = territory_buffs([t.control for t in territories], standing.faction_id)
    turf = next((t.name for t in territories if t.territory_id == standing.territory_id), None)
    return MyFaction(
        actor.name,
        _info(faction),
        territory=turf,
        week_points=standing.week_points,
        buffs=tuple(sorted(buffs.by_type.items())),
        held=tuple(t.name for t in territories if t.control.owner == standing.faction_id),
        locked_until=standing.locked_until,
    )

@command(
    "faction join",
    args=(Arg.text("name", help="volkov, circuit or kessler (or the full name)"),),
    throttle=1,
    help="Join a faction (level 20+); you're placed on its thinnest territory.",
)
async def join(ctx: CommandCtx, name: str) -> JoinAnswer:
    actor = await lock_actor(ctx)
    factions = await repo.factions(ctx.conn)
    faction = flows.find_faction(factions, name)
    if faction is None:
        return JoinAnswer(actor.name, None, name, choices=tuple(f.name for f in factions))
    outcome = await flows.join_faction(ctx.conn, actor.user_id, faction, now=ctx.now, rules=ctx.rules)
    ctx.moments += outcome.moments
    return JoinAnswer(
        actor.name,
        outcome.check,
        name,
        faction=faction.name,
        territory=outcome.territory.name if outcome.territory else None,
        until=outcome.until,
        min_level=ctx.rules.factions.min_level,
    )

@command("faction leave", throttle=1, help="Leave your faction (7 days before you can join another).")
async def leave(ctx: CommandCtx) -> LeaveAnswer:
    actor = await lock_actor(ctx)
    left = await repo.leave(ctx.conn, actor.user_id, ctx.now)
    if left is None:
        return LeaveAnswer(actor.name, None)
    name = next(f.name for f in await repo.factions(ctx.conn) if f.faction_id == left)
    return LeaveAnswer(actor.name, name, ctx.now + ctx.rules.factions.switch_cooldown)

@command(
    "faction territory",
    args=(Arg.text("territory", help="the territory to fight for"),),
    throttle=1,
    help="Fight for another territory (once a day).",
)
async def move(ctx: CommandCtx, territory: str) -> MoveAnswer:
    actor = await lock_actor(ctx)
    standing = await repo.member(ctx.conn, actor.user_id, week_start(ctx.day))
    if standing is None or standing.faction_id is None:
        return MoveAnswer(actor.name, None, territory, member=False)
    place = flows.find_territory(await repo.territories(ctx.conn), territory)
    if place is None:
        return MoveAnswer(actor.name, None, territory)
    moved = await repo.move(ctx.conn, actor.user_id, place.territory_id, ctx.now, ctx.rules.factions)
    next_move = (standing.assigned_at + ctx.rules.factions.territory_move_cooldown
                 if standing.assigned_at else None)
    return MoveAnswer(actor.name, place.name, territory, moved=moved, next_move=next_move)

@command("territories", aliases=("territory", "map"), help="The map of Lazarus City: owners, buffs, today's leaders.")
async def territories(ctx: CommandCtx) -> FactionMap:
    names = {f.faction_id: f.name for f in await repo.factions(ctx.conn)}
    leaders = await repo.today_leaders(ctx.conn, ctx.day)
    rows = tuple(
        MapRow(
            t.name,
            t.control.contested,
            t.owner_name,
            t.control.buff,
            t.control.rate,
            names.get(leaders[t.territory_id]) if t.territory_id in leaders else None,
        )
        for t in await repo.territories(ctx.conn)
    )
    return FactionMap(rows)

