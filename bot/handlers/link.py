"""``!link``: one person, one character and one wallet on every platform.

``!link`` issues a one-time code (8 characters A-Z0-9, valid 10 minutes, the newest code of a
player replaces older unused ones) answered privately. ``!link CODE`` typed on *another*
platform joins the typing identity's character (the absorbed one) into the character that
issued the code (the survivor). The merge rule (docs/game-rules.md, "Linking"):

* the survivor keeps its row, name, streak, faction and insurance;
* wealth: the absorbed balance moves through the ledger (``link_merge`` out of the absorbed
  character, ``link_merge`` into the survivor), so no money is created and both ledgers still
  sum to their wealth;
* XP: the larger of the two (the survivor gains the difference through ``game.gain_xp``, so
  level and tier follow); jail: the later release time; running cooldowns: the later end;
* items, crates, titles, consumables and heist tokens move to the survivor; lifetime counters
  and period leaderboard counters are added;
* the absorbed row keeps its history (ledger, game events, audit), gets ``merged_into_user_id``
  and ``merged_at``, and gives its platform identities to the survivor — all in one transaction,
  audited as ``link_merge``.

Codes are issued only on Discord (an ephemeral reply) and the console: a code shown in public
Twitch or Kick chat could be redeemed by anyone watching. Refused: unknown, used or expired codes; a code typed on the platform it was issued on; a code
of the player's own character; and a survivor that already has an identity on a platform the
absorbed character would bring.
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import timedelta
from typing import Any

from bot.answers.link import LinkCode, Linked, LinkRefusal
from bot.commanding import Arg, Slash, command
from bot.context import CommandCtx
from bot.events import Platform
from bot.handlers.admin import audit
from bot.handlers.common import commit_resolution
from bot.repository import heist_tokens
from bot.repository import link as links
from bot.repository.effects import tier_label
from bot.repository.link import Identities
from bot.repository.players import PlayerRow, lock_players
from game import Effect, JailSet, LedgerReason, Resolved, WealthDelta, gain_xp

TOPIC = "social"  # listed under !help social

__all__ = ["CODE_LENGTH", "CODE_TTL", "PRIVATE_PLATFORMS", "link"]

CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=10)
_ALPHABET = string.ascii_uppercase + string.digits
_CODE = re.compile(r"^[A-Z0-9]{8}$")
_PLATFORMS = links.PLATFORMS


# Codes are shown only where the reply can reach the asker alone: a code posted in public chat
# could be redeemed by anyone watching, who would then control the character.
PRIVATE_PLATFORMS = frozenset({Platform.DISCORD, Platform.CONSOLE})


_GROUP = "Link your Discord to your Kingpin character"


@command(
    "link",
    args=(Arg.word("code", optional=True, maximum=32, help="The code from !link"),),
    private=True,
    help="Link your Twitch, Kick and Discord into one character.",
    slash=(
        Slash("kingpin link", "Get a one-time code to link Twitch or Kick", (), group_description=_GROUP),
        Slash(
            "kingpin join",
            "Link using a code you got on Twitch or Kick",
            (Arg.word("code", maximum=32, help="The code from !link"),),
            group_description=_GROUP,
        ),
    ),
)
async def link(ctx: CommandCtx, code: str | None) -> LinkCode | LinkRefusal | Linked:
    args = (code,) if code else ()
    if not args:
        if ctx.platform not in PRIVATE_PLATFORMS:
            return LinkRefusal(ctx.sender.display_name, "private_only", ctx.platform)
        return await _issue(ctx)
    return await _redeem(ctx, args[0])


async def _issue(ctx: CommandCtx) -> LinkCode:
    conn = ctx.conn
    name = (await lock_players(conn, (ctx.actor_id,)))[ctx.actor_id].name
    await links.delete_unused_codes(conn, ctx.actor_id)
    expires = ctx.now + CODE_TTL
    while True:  # 36^8 codes: a collision is rare, two in a row rarer still
        code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
        if await links.insert_code(conn, code, ctx.actor_id, ctx.platform, ctx.now, expires):
            return LinkCode(name, code, expires, ctx.platform)


def _identity(row: Identities, platform: Platform) -> str | None:
    return row.on(platform)


async def _redeem(ctx: CommandCtx, text: str) -> LinkCode | LinkRefusal | Linked:
    conn = ctx.conn
    name = ctx.sender.display_name or ctx.sender.login
    code = text.strip().upper()
    found = await links.lock_code(conn, code) if _CODE.match(code) else None
    if found is None:
        return LinkRefusal(name, "unknown")
    if found.used_at is not None:
        return LinkRefusal(name, "used")
    if found.expires_at <= ctx.now:
        return LinkRefusal(name, "expired")
    issued_on = found.platform
    if issued_on is ctx.platform:
        return LinkRefusal(name, "same_platform", issued_on)
    survivor_id = found.user_id
    absorbed_id = ctx.actor_id
    if survivor_id == absorbed_id:
        return LinkRefusal(name, "self")
    players = await lock_players(conn, (survivor_id, absorbed_id))
    ids = await links.identities(conn, (survivor_id, absorbed_id))
    survivor_ids, absorbed_ids = ids[survivor_id], ids[absorbed_id]
    if survivor_ids.merged_into_user_id is not None:
        return LinkRefusal(name, "unknown")  # the issuer was itself merged away since
    for platform in _PLATFORMS:
        if _identity(absorbed_ids, platform) is not None and _identity(survivor_ids, platform) is not None:
            return LinkRefusal(name, "already_linked", platform)
    await links.use_code(conn, code, ctx.now, ctx.platform, ctx.sender.user_id[:100])
    return await _merge(ctx, players[survivor_id], players[absorbed_id], survivor_ids, absorbed_ids, issued_on)


async def _merge(
    ctx: CommandCtx,
    survivor: PlayerRow,
    absorbed: PlayerRow,
    survivor_ids: Identities,
    absorbed_ids: Identities,
    issued_on: Platform,
) -> Linked:
    conn, s, a = ctx.conn, survivor.user_id, absorbed.user_id
    holdings = await links.holdings(conn, a)
    folded = (
        absorbed.wealth == 0 and absorbed.xp == 0 and absorbed.tokens == 0
        and not holdings.any()
    )
    effects: list[Effect] = []
    if absorbed.wealth:
        effects += [
            WealthDelta(a, -absorbed.wealth, LedgerReason.LINK_MERGE, s),
            WealthDelta(s, absorbed.wealth, LedgerReason.LINK_MERGE, a),
        ]
    xp_gained = max(0, absorbed.xp - survivor.xp)
    effects += gain_xp(s, survivor.xp, survivor.level, xp_gained, ctx.rules.progression)
    a_jail, s_jail = absorbed.jailed_until, survivor.jailed_until
    if a_jail is not None and a_jail > ctx.now and (s_jail is None or a_jail > s_jail):
        effects.append(JailSet(s, a_jail))
    await commit_resolution(
        ctx,
        Resolved(None, tuple(effects)),
        event_type="link_merge",
        actor=survivor,
        description=f"linked {absorbed.name}",
        target_id=a,
        details={"absorbed_user_id": a, "wealth": absorbed.wealth, "xp_gained": xp_gained},
        source="merge",
    )
    if absorbed.tokens:
        await heist_tokens.move(conn, a, s, absorbed.tokens)
    moved = await links.merge_into(conn, a, s, absorbed_ids, ctx.now)
    titles = moved.titles
    after = (await lock_players(conn, (s,)))[s]
    await audit(
        ctx,
        "link_merge",
        s,
        {
            "survivor": _snapshot(survivor, survivor_ids),
            "absorbed": _snapshot(absorbed, absorbed_ids),
        },
        {
            "survivor": {"user_id": s, "wealth": after.wealth, "xp": after.xp, "level": after.level,
                         "tier": tier_label(after.tier), "tokens": after.tokens},
            "absorbed": {"user_id": a, "wealth": 0, "merged_into_user_id": s},
            "moved": {"items": moved.items, "crates": moved.crates, "titles": titles,
                      "consumables": holdings.consumables},
            "folded": folded,
        },
        f"link code issued on {issued_on.value}, redeemed on {ctx.platform.value}",
    )
    ctx.identities.forget((s, a))
    ctx.forget_after_commit += [s, a]
    return Linked(
        name=after.name,
        absorbed=absorbed.name,
        platform=issued_on,
        wealth=absorbed.wealth,
        xp_gained=xp_gained,
        level=after.level,
        items=moved.items,
        crates=moved.crates,
        titles=titles,
        tokens=absorbed.tokens,
        folded=folded,
    )


def _snapshot(row: PlayerRow, ids: Identities) -> dict[str, Any]:
    return {
        "user_id": row.user_id,
        "wealth": row.wealth,
        "xp": row.xp,
        "level": row.level,
        "tier": tier_label(row.tier),
        "tokens": row.tokens,
        "identities": {p.value: _identity(ids, p) for p in _PLATFORMS if _identity(ids, p) is not None},
    }

