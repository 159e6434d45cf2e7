"""Crates: !crates (held by tier, escrow) and !open [tier] (the oldest held crate first).

Opening is the engine's ``resolve_open_crate`` under the player's row lock: drop type by crate
tier, then an item, wealth or a crate title (a title already owned converts to wealth). The 30 s
repeat guard is the command table's throttle plus the engine's ``crate_open`` cooldown.
"""

from __future__ import annotations

from bot.answers.crates import CratesAnswer, OpenAnswer
from bot.commanding import Arg, command
from bot.context import CommandCtx
from bot.handlers.common import actor_name, commit_resolution
from bot.repository import reads
from bot.repository.players import lock_players
from game import (
    CooldownKind,
    CrateTier,
    OpenCrateState,
    Rejected,
    RejectReason,
    Resolved,
    resolve_open_crate,
)
from game.crates import auto_claim_crate

TOPIC = "items"  # listed under !help items

__all__ = ["TIERS", "crates", "open_crate"]

TIERS = tuple(t.value for t in CrateTier)


@command("crates", aliases=("crate",), private=True, help="Your crates by tier.", description="Your unopened crates")
async def crates(ctx: CommandCtx) -> CratesAnswer:
    owned = await reads.crates(ctx.conn, ctx.actor_id)
    cr = ctx.rules.crates
    return CratesAnswer(await actor_name(ctx), owned, cr.held_cap, cr.escrow_cap)


@command(
    "open",
    args=(Arg.choice("tier", TIERS, optional=True, error="Pick a crate tier.", help="Which tier of crate to open"),),
    strict=True,
    throttle=30,
    help="Open a crate (oldest first).",
    description="Open a crate (the oldest if no tier is given)",
)
async def open_crate(ctx: CommandCtx, tier: str | None) -> OpenAnswer:
    return await _open(ctx, CrateTier(tier) if tier else None)


async def _open(ctx: CommandCtx, tier: CrateTier | None) -> OpenAnswer:
    actor = (await lock_players(ctx.conn, (ctx.actor_id,)))[ctx.actor_id]
    conn, uid = ctx.conn, actor.user_id
    found = await reads.open_reads(
        conn, uid, ctx.now, ctx.game.catalogue, CooldownKind.CRATE_OPEN.value
    )
    owned = found.crates
    held = [c for c in owned if c.escrow_until is None]
    crate_id = None
    if tier is not None:
        chosen = next((c for c in held if c.tier is tier), None)  # oldest first
        if chosen is None:
            return OpenAnswer(actor.name, Rejected(RejectReason.NO_CRATE, detail=tier.value), tier=tier)
        crate_id = chosen.crate_id
    state = OpenCrateState(
        user_id=uid,
        crates=owned,
        items_held=found.items_held,
        owned_titles=found.titles,
        catalogue=ctx.game.catalogue,
        crate_id=crate_id,
        cooldown_until=found.cooldown_until,
    )
    outcome = resolve_open_crate(state, rules=ctx.rules, rng=await ctx.rng(), now=ctx.now)
    if isinstance(outcome, Rejected):
        return OpenAnswer(actor.name, outcome, left=len(held), tier=tier)
    r = outcome.result
    moved = auto_claim_crate(uid, owned, held_after=len(held) - 1, rules=ctx.rules, now=ctx.now)
    if moved is not None:
        outcome = Resolved(r, outcome.effects + moved.effects)
    await commit_resolution(
        ctx,
        outcome,
        event_type="crate_open",
        actor=actor,
        description=f"{r.tier.value} crate: {r.drop.value}",
        details={
            "crate_id": r.crate_id, "tier": r.tier.value, "drop": r.drop.value, "item": r.item_key,
            "wealth": r.wealth, "title": r.title, "duplicate": r.duplicate,
            "moved_in": moved.result.crate_id if moved else None,
        },
        source="crate",
    )
    item = ctx.game.catalogue.by_key.get(r.item_key) if r.item_key else None
    if moved is None:
        return OpenAnswer(actor.name, outcome, item, len(held) - 1, tier)
    return OpenAnswer(actor.name, outcome, item, len(held), tier, moved.result.tier)

