"""The core loop: !play, !rob, !bail, !checkin."""

from __future__ import annotations

from bot.answers.core import BailAnswer, CheckinAnswer, PlayAnswer, RobAnswer
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.factions import score_one
from bot.handlers.common import Target, commit_resolution, lock_actor, resolve_target
from bot.repository import reads
from bot.repository.players import lock_players
from game import (
    BailState,
    CheckinState,
    ConsumableKind,
    CooldownKind,
    PlayBuffs,
    PlayState,
    Policy,
    Rejected,
    Resolved,
    RobState,
    bail_cost,
    resolve_bail,
    resolve_checkin,
    resolve_play,
    resolve_rob,
)
from game.factions import Activity

__all__ = ["bail", "checkin", "play", "rob", "rob_target"]


def _buffs(found: dict[str, float], territory: dict[str, float], juicernaut: bool) -> PlayBuffs:
    return PlayBuffs(
        wealth_bonus=found.get("wealth", 0.0),
        xp_bonus=found.get("xp", 0.0),
        crate_drop_multiplier=1.0 + found.get("crate_drop", 0.0),
        juicernaut=juicernaut,
        territory_wealth=territory.get("wealth", 0.0),
        territory_xp=territory.get("xp", 0.0),
        territory_all=territory.get("all_rewards", 0.0),
        territory_crate=territory.get("crate_drop", 0.0),
    )


@command(
    "play",
    args=(Arg.word("boost", optional=True, help="Type boost to spend 1 heist token for +25% cash and XP"),),
    throttle=1,
    help="Run a job for cash and XP (5% chance of getting busted); boost: 1 token for +25%.",
    description="Run a job for wealth, XP and a chance at a crate",
)
async def play(ctx: CommandCtx, boost: str | None = None) -> PlayAnswer:
    actor = await lock_actor(ctx)
    uid = actor.user_id
    found = await reads.play_reads(
        ctx.conn, uid, ctx.now, CooldownKind.PLAY.value, ConsumableKind.CRATE_MAGNET.value
    )
    state = PlayState(
        player=actor.player(),
        catalogue=ctx.game.catalogue,
        buffs=_buffs(found.buffs, found.territory, found.live and found.juicernaut_user_id == uid),
        crates_held=found.crates_held,
        crates_escrowed=found.crates_escrowed,
        has_crate_magnet=found.consumable > 0,
        live=found.live,
        cooldown_until=found.cooldown_until,
        boost=(boost or "").lower() == "boost",  # !play boost: 1 heist token for +25 %
    )
    outcome = resolve_play(state, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    if isinstance(outcome, Rejected):
        bail = bail_cost(actor.wealth, actor.level, ctx.rules) if outcome.until else 0
        return PlayAnswer(actor.name, outcome, bail=bail)
    result = outcome.result
    applied = await commit_resolution(
        ctx,
        outcome,
        event_type="play",
        actor=actor,
        description=result.event.name,
        success=not result.busted,
        busted=result.busted,
        details={"event": result.event.name, "wealth": result.wealth, "xp": result.xp},
    )
    await score_one(ctx.conn, actor.faction_id, uid, Activity.PLAY, day=ctx.day, rules=ctx.rules)
    bail = bail_cost(actor.wealth, actor.level, ctx.rules) if result.busted else 0
    return PlayAnswer(actor.name, outcome, applied, bail)


@command(
    "rob",
    args=(Arg.user("target", help="The player to rob"),),
    throttle=1,
    help="Try to rob another player (costs 1 heist token).",
    description="Try to rob another player",
)
async def rob(ctx: CommandCtx, target: str) -> RobAnswer:
    return await rob_target(ctx, await resolve_target(ctx, target))


async def rob_target(ctx: CommandCtx, target: Target) -> RobAnswer:
    conn = ctx.conn
    ids = {ctx.actor_id} | ({target.user_id} if target.user_id is not None else set())
    players = await lock_players(conn, ids)
    actor = players[ctx.actor_id]
    victim = players.get(target.user_id) if target.user_id is not None else None
    found = await reads.rob_reads(
        conn,
        actor.user_id,
        victim.user_id if victim is not None else None,
        ctx.now,
        ctx.game.catalogue,
        CooldownKind.ROB_TARGET.value,
    )
    items = found.items
    policy, paid_at = (found.policy, found.policy_paid_at) if victim is not None else (None, None)
    cooldown = found.cooldown_until
    attacker_buffs, victim_buffs = found.attacker_buffs, found.victim_buffs
    juicernaut = found.juicernaut_user_id
    state = RobState(
        attacker=actor.player(),
        target=victim.player() if victim else None,
        attacker_items=items.get(actor.user_id, ()),
        target_items=items.get(victim.user_id, ()) if victim else (),
        target_immune=victim is not None and juicernaut == victim.user_id,
        cooldown_until=cooldown,
        target_policy=policy or Policy.NONE,
        target_policy_paid_at=paid_at,
        target_housing_debt_days=victim.housing_debt_days if victim else 0,
        attacker_rob_buff=attacker_buffs.get("rob_success", 0.0) + found.attacker_territory_rob,
        target_defense_buff=victim_buffs.get("defense", 0.0) + found.victim_territory_defense,
        attacker_xp_multiplier=ctx.rules.play.juicernaut_xp if juicernaut == actor.user_id else 1.0,
    )
    name = victim.name if victim else target.name
    outcome = resolve_rob(state, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    if isinstance(outcome, Rejected):
        return RobAnswer(actor.name, name, outcome)
    result = outcome.result
    await commit_resolution(
        ctx,
        outcome,
        event_type="rob",
        actor=actor,
        description=f"rob {name}",
        target_id=victim.user_id if victim else None,
        success=result.success,
        details={"stolen": result.stolen, "insured": result.insured, "chance": round(result.chance, 4)},
        source="rob",
    )
    await score_one(conn, actor.faction_id, actor.user_id, Activity.ROB, day=ctx.day, rules=ctx.rules)
    item_name = None
    if result.item_stolen:
        item = ctx.game.catalogue.by_key.get(result.item_stolen)
        item_name = item.name if item else result.item_stolen
    return RobAnswer(actor.name, name, outcome, item_name)


@command("bail", throttle=1, help="Pay bail to get out of jail early.", description="Pay bail to get out of jail")
async def bail(ctx: CommandCtx) -> BailAnswer:
    actor = await lock_actor(ctx)
    owned = await reads.consumables(ctx.conn, actor.user_id)
    state = BailState(actor.player(), owned.get(ConsumableKind.BAIL_BOND.value, 0) > 0)
    outcome = resolve_bail(state, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Resolved):
        await commit_resolution(ctx, outcome, event_type="bail", actor=actor, description="bail")
    return BailAnswer(actor.name, outcome)


@command(
    "checkin",
    aliases=("daily",),
    help="Claim your daily reward and grow your streak.",
    description="Daily check-in: keep your streak going",
)
async def checkin(ctx: CommandCtx) -> CheckinAnswer:
    actor = await lock_actor(ctx)
    found = await reads.checkin_reads(ctx.conn, actor.user_id, ctx.now)
    state = CheckinState(
        player=actor.player(),
        last_checkin=actor.last_checkin_date,
        streak=actor.checkin_streak,
        longest_streak=actor.longest_streak,
        crates_held=found.crates_held,
        crates_escrowed=found.crates_escrowed,
        xp_multiplier=ctx.rules.play.juicernaut_xp if found.live and found.juicernaut_user_id == actor.user_id else 1.0,
    )
    outcome = resolve_checkin(state, rules=ctx.rules, now=ctx.now)
    if isinstance(outcome, Rejected):
        return CheckinAnswer(actor.name, outcome)
    applied = await commit_resolution(
        ctx, outcome, event_type="checkin", actor=actor, description=f"day {outcome.result.streak}"
    )
    await score_one(ctx.conn, actor.faction_id, actor.user_id, Activity.CHECKIN, day=ctx.day, rules=ctx.rules)
    return CheckinAnswer(actor.name, outcome, applied)

