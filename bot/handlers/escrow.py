"""!claim (alias !escrow): what waits in escrow and for how long; ``!claim <n|all>`` moves it in.

Escrow lines are the live (unexpired) escrowed crates, then items, each oldest first, numbered
from 1. Expired rows take no slot and are not listed; the ``escrow_sweep`` job deletes them.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from bot.answers.escrow import ClaimAnswer, EscrowLine
from bot.commanding import Arg, UsageError, command
from bot.context import CommandCtx
from bot.handlers.common import commit_resolution, lock_actor
from bot.repository import reads
from game import OwnedCrate, OwnedItem, Rejected, Resolved
from game.crates import ClaimCrateState, resolve_claim_crate
from game.effects import Effect
from game.inventory import InventoryState, resolve_claim_item

TOPIC = "items"  # listed under !help items

__all__ = ["claim", "escrow_lines"]


def escrow_lines(crates: tuple[OwnedCrate, ...], items: tuple[OwnedItem, ...], now: datetime) -> tuple[EscrowLine, ...]:
    lines = [
        EscrowLine(f"{c.tier.value.capitalize()} crate", c.escrow_until, crate=c)
        for c in sorted(crates, key=lambda c: (c.acquired_at, c.crate_id))
        if c.escrow_until is not None and c.escrow_until > now
    ]
    lines += [
        EscrowLine(i.item.name, i.escrow_until, item=i)
        for i in items
        if i.escrow_until is not None and i.escrow_until > now
    ]
    return tuple(lines)


def _picked(which: str, lines: tuple[EscrowLine, ...]) -> tuple[EscrowLine, ...]:
    if which.lower() == "all":
        return lines
    if which.isdigit() and 1 <= int(which) <= len(lines):
        return (lines[int(which) - 1],)
    raise UsageError(f"Pick a number from 1 to {len(lines)}, or all.")


@command(
    "claim",
    aliases=("escrow",),
    args=(Arg.word("which", optional=True, label="n|all", help="A number from the list, or all (leave empty to list)"),),
    strict=True,
    throttle=1,
    private=True,
    help="Your escrow (time left); move crates/items in.",
    description="Your escrow, or move crates/items in from it",
)
async def claim(ctx: CommandCtx, which: str | None) -> ClaimAnswer:
    actor = await lock_actor(ctx)
    conn, uid, now = ctx.conn, actor.user_id, ctx.now
    crates = await reads.crates(conn, uid)
    items = await reads.inventory(conn, uid, ctx.game.catalogue)
    lines = escrow_lines(crates, items, now)
    if which is None:
        return ClaimAnswer(actor.name, lines)
    if not lines:
        return ClaimAnswer(actor.name, lines, asked=True)
    held_crates = sum(1 for c in crates if c.escrow_until is None)
    effects: list[Effect] = []
    moved: list[EscrowLine] = []
    no_room: list[EscrowLine] = []
    for line in _picked(which, lines):
        outcome: Resolved[Any] | Rejected
        if line.crate is not None:
            outcome = resolve_claim_crate(
                ClaimCrateState(uid, line.crate, held_crates), rules=ctx.rules, now=now
            )
            if isinstance(outcome, Resolved):
                held_crates += 1
        else:
            assert line.item is not None
            outcome = resolve_claim_item(InventoryState(uid, items), line.item.instance_id, rules=ctx.rules, now=now)
            if isinstance(outcome, Resolved):
                moved_item = dataclasses.replace(line.item, escrow_until=None)
                items = tuple(moved_item if i.instance_id == line.item.instance_id else i for i in items)
        if isinstance(outcome, Resolved):
            effects += outcome.effects
            moved.append(line)
        else:
            no_room.append(line)
    if effects:
        await commit_resolution(
            ctx,
            Resolved(len(moved), tuple(effects)),
            event_type="escrow_claim",
            actor=actor,
            description=", ".join(m.label for m in moved)[:500],
            details={
                "crates": [m.crate.crate_id for m in moved if m.crate],
                "items": [m.item.instance_id for m in moved if m.item],
            },
        )
    return ClaimAnswer(actor.name, lines, tuple(moved), tuple(no_room), asked=True)
