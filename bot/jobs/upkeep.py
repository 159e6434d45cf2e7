"""Daily upkeep and passive income: insurance premiums, housing upkeep, business revenue.

Each job locks the players it charges in ascending id order, decides with the engine
(``game.upkeep``, ``game.business``) and writes through the wallet and ledger
(``apply_effects``), all in the job's one transaction with its ``job_runs`` row.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.jobs.common import apply_for
from bot.repository import reads, upkeep_money
from bot.repository.players import lock_players
from bot.scheduler import CatchUp, JobCtx, job
from game import ItemType, Resolved, game_day
from game.business import BusinessState, resolve_business_cycle
from game.inventory import InventoryState
from game.upkeep import PremiumDue, UpkeepDue, resolve_premium, resolve_upkeep

COLLECT_COOLDOWN = "business_collect"  # shared with !collect: one cycle per 3 h either way


@job("insurance_premium", cron="0 0 * * *", catch_up=CatchUp.LATEST)
async def insurance_premium(ctx: JobCtx, slot: datetime) -> int:
    """Charge each active policy's daily premium for the day ahead; lapse the unpaid ones."""
    due = await upkeep_money.policies_due(ctx.conn, slot + timedelta(days=1))
    players = await lock_players(ctx.conn, [d.user_id for d in due])
    done = 0
    for d in due:
        player = players.get(d.user_id)
        if player is None:
            continue
        outcome = resolve_premium(PremiumDue(d.user_id, player.wealth, d.premium, d.tier))
        await apply_for(
            ctx, player, outcome.effects, event_type="insurance_premium",
            details={"plan": d.tier, "premium": d.premium, "paid": outcome.result},
            description=d.tier,
        )
        if outcome.result:
            await upkeep_money.renew_policy(ctx.conn, d.user_id, slot)
        else:
            await upkeep_money.lapse_policy(ctx.conn, d.user_id, slot)
        done += 1
    return done


@job("housing_upkeep", cron="5 0 * * *", catch_up=CatchUp.LATEST)
async def housing_upkeep(ctx: JobCtx, slot: datetime) -> int:
    """Charge equipped housing its daily upkeep; unpaid days add debt, 7 evict."""
    ids = await upkeep_money.equipped_holders(ctx.conn, ItemType.HOUSING.value)
    players = await lock_players(ctx.conn, ids)
    owned = await reads.inventories(ctx.conn, players, ctx.game.catalogue)
    done = 0
    for uid, player in players.items():
        housing = InventoryState(uid, owned[uid]).equipped(ItemType.HOUSING)
        if housing is None:
            continue
        outcome = resolve_upkeep(
            UpkeepDue(uid, player.wealth, housing, player.housing_debt_days),
            rules=ctx.rules.upkeep,
            debt_penalty_days=ctx.rules.rob.housing_debt_days,
        )
        r = outcome.result
        await apply_for(
            ctx, player, outcome.effects, event_type="housing_upkeep",
            details={"item": housing.item.key, "paid": r.paid, "debt_days": r.debt_days, "evicted": r.evicted},
            description=housing.item.name,
        )
        if r.debt_days != player.housing_debt_days:
            await upkeep_money.set_housing_debt(ctx.conn, uid, r.debt_days)
        done += 1
    return done


@job("business_revenue", cron="0 */3 * * *", catch_up=CatchUp.LATEST)
async def business_revenue(ctx: JobCtx, slot: datetime) -> int:
    """Pay one revenue cycle to every equipped business (unless !collect took this one)."""
    ids = await upkeep_money.equipped_holders(ctx.conn, ItemType.BUSINESS.value)
    players = await lock_players(ctx.conn, ids)
    owned = await reads.inventories(ctx.conn, players, ctx.game.catalogue)
    session = await reads.active_session(ctx.conn)
    day = game_day(slot, ctx.rules).isoformat()
    next_at = slot + timedelta(days=1) / ctx.rules.items.business_cycles_per_day
    paid = 0
    for uid, player in players.items():
        business = InventoryState(uid, owned[uid]).equipped(ItemType.BUSINESS)
        if business is None or await reads.cooldown_until(ctx.conn, uid, COLLECT_COOLDOWN, slot):
            continue
        bonus = await reads.buffs(ctx.conn, uid, slot)
        state = BusinessState(
            user_id=uid,
            business=business,
            earned_today=await upkeep_money.business_earned(ctx.conn, uid, day),
            revenue_multiplier=1.0 + bonus.get("business_revenue", 0.0),
            juicernaut=session is not None and session.juicernaut_user_id == uid,
        )
        rng, seed_id, nonce = await ctx.fairness.draw()
        outcome = resolve_business_cycle(state, rules=ctx.rules, rng=rng, now=slot)
        if not isinstance(outcome, Resolved):
            continue
        await apply_for(
            ctx, player, outcome.effects, event_type="business_collect",
            details={"day": day, "business": business.item.key, "amount": outcome.result, "auto": True},
            roll=(seed_id, nonce), description=business.item.name,
        )
        await upkeep_money.set_cooldown(ctx.conn, uid, COLLECT_COOLDOWN, next_at)
        paid += 1
    return paid
