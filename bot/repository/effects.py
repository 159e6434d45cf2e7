"""Apply the engine's effects inside the transaction that resolved them.

Effects that touch the player row (XP, level, tier, jail, check-in, counters) are folded into
one ``UPDATE`` per player; wealth moves go through the guarded wallet statement that writes the
ledger row in the same statement; everything else is one statement per effect. A guard that
refuses (wealth would go negative, a row is not the player's, stock ran out) means the state
changed under us, which the row locks rule out: it raises :class:`EffectRefused` and the whole
transaction rolls back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import asyncpg

from bot.periods import periods_for
from bot.sql import QUERIES
from game import (
    CheckinRecorded,
    ConsumableUsed,
    CooldownSet,
    CrateClaimed,
    CrateGranted,
    CrateOpened,
    Effect,
    ItemDestroyed,
    ItemEquipped,
    ItemGranted,
    ItemMoved,
    ItemUnequipped,
    ItemWorn,
    JailCleared,
    JailSet,
    LevelChanged,
    MarketStockTaken,
    Notification,
    ShopItemBought,
    ShopStocked,
    Stat,
    TierChanged,
    TitleUnlocked,
    TokenDelta,
    WealthDelta,
    XpDelta,
)

__all__ = ["Applied", "EffectRefused", "apply_effects", "tier_label"]

_WALLET = QUERIES["wallet/apply_delta"]
_PATCH = QUERIES["players/apply_patch"]
_TOKENS_EARN = QUERIES["tokens/earn"]
_TOKENS_SPEND = QUERIES["tokens/spend"]
_COOLDOWN = QUERIES["cooldowns/set"]
_ITEM_GRANT = QUERIES["inventory/grant"]
_ITEM_MOVE = QUERIES["inventory/move"]
_ITEM_WEAR = QUERIES["inventory/wear"]
_ITEM_DESTROY = QUERIES["inventory/destroy"]
_ITEM_EQUIP = QUERIES["inventory/set_equipped"]
_CRATE_GRANT = QUERIES["crates/grant"]
_CRATE_OPEN = QUERIES["crates/open"]
_CRATE_CLAIM = QUERIES["crates/claim"]
_TITLE = QUERIES["titles/unlock"]
_CONSUMABLE = QUERIES["consumables/use"]
_SHOP_CLEAR = QUERIES["shop/clear"]
_SHOP_STOCK = QUERIES["shop/stock"]
_SHOP_BOUGHT = QUERIES["shop/mark_bought"]
_MARKET_TAKE = QUERIES["market/take_stock"]
_MARKET_RECORD = QUERIES["market/record_purchase"]
_NOTIFY = QUERIES["notifications/insert"]
_LEADERBOARD = QUERIES["leaderboard/add"]

# Counters on the users row, in the order of players/apply_patch.sql's $10…$19.
_USER_COUNTERS = (
    Stat.PLAYS,
    Stat.WINS,
    Stat.LOSSES,
    Stat.BUSTS,
    Stat.BAILS,
    Stat.ROB_ATTEMPTS,
    Stat.ROB_SUCCESSES,
    Stat.ROB_DEFENSES,
    Stat.CRATES_OPENED,
)
TIMES_ROBBED = "times_robbed"


def tier_label(tier: object) -> str:
    """The stored tier name ("Punk") of a ``game.Tier``."""
    return str(tier).capitalize()


class EffectRefused(RuntimeError):
    """A guarded write found the state different from what the engine resolved against."""


@dataclass(slots=True)
class _Patch:
    xp: int = 0
    level: int | None = None
    tier: str | None = None
    jail: int = 0
    jailed_until: datetime | None = None
    checkin: date | None = None
    streak: int = 0
    longest: int = 0
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    board: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def touched(self) -> bool:
        return bool(
            self.xp or self.level is not None or self.tier is not None or self.jail
            or self.checkin is not None or any(self.counters.values())
        )


@dataclass(slots=True)
class Applied:
    """What the writes produced that a reply may mention (new inventory and crate ids)."""

    granted_items: list[int] = field(default_factory=list)
    granted_crates: list[int] = field(default_factory=list)
    wealth: dict[int, int] = field(default_factory=dict)  # balance after, per player
    notifications: list[Notification] = field(default_factory=list)


_BOARD_STATS = {
    Stat.WEALTH_EARNED: "wealth_earned",
    Stat.XP_EARNED: "xp_earned",
    Stat.PLAYS: "play_count",
    Stat.ROB_ATTEMPTS: "rob_count",
    Stat.ROB_SUCCESSES: "rob_success_count",
    Stat.CHECKINS: "checkins",
    Stat.CRATES_OPENED: "crates_opened",
}


async def apply_effects(
    conn: asyncpg.Connection,
    effects: Iterable[Effect],
    *,
    game_day: date,
    now: datetime,
    game_event_id: int | None = None,
    source: str = "play",
) -> Applied:
    """Write ``effects`` in order; raise :class:`EffectRefused` if a guard refuses."""
    patches: dict[int, _Patch] = defaultdict(_Patch)
    applied = Applied()
    for effect in effects:
        match effect:
            case WealthDelta(user_id=uid, amount=amount, reason=reason, reference=ref):
                if amount == 0:
                    continue
                balance = await conn.fetchval(
                    _WALLET, uid, amount, str(reason), None if ref is None else str(ref), game_event_id
                )
                if balance is None:
                    raise EffectRefused(f"wealth of user {uid} cannot move by {amount}")
                applied.wealth[uid] = balance
                if str(reason) == "robbed":
                    patches[uid].counters[TIMES_ROBBED] += 1
            case XpDelta(user_id=uid, amount=amount):
                patches[uid].xp += amount
            case LevelChanged(user_id=uid, new=new):
                patches[uid].level = new
            case TierChanged(user_id=uid, new=new):
                patches[uid].tier = tier_label(new)
            case JailSet(user_id=uid, until=until):
                patches[uid].jail, patches[uid].jailed_until = 1, until
            case JailCleared(user_id=uid):
                patches[uid].jail, patches[uid].jailed_until = 2, None
            case CheckinRecorded(user_id=uid, day=day, streak=streak, longest_streak=longest):
                p = patches[uid]
                p.checkin, p.streak, p.longest = day, streak, longest
            case _ if _is_stat(effect):
                stat, uid, amount = effect.stat, effect.user_id, effect.amount  # type: ignore[union-attr]
                if stat in _USER_COUNTERS:
                    patches[uid].counters[stat.value] += amount
                column = _BOARD_STATS.get(stat)
                if column is not None:
                    patches[uid].board[column] += amount
            case TokenDelta(user_id=uid, amount=amount):
                if amount > 0:
                    await conn.fetchval(_TOKENS_EARN, uid, amount)
                elif amount < 0 and await conn.fetchval(_TOKENS_SPEND, uid, -amount) is None:
                    raise EffectRefused(f"user {uid} has fewer than {-amount} heist tokens")
            case CooldownSet(user_id=uid, kind=kind, until=until, target_id=target):
                await conn.execute(_COOLDOWN, uid, str(kind), "" if target is None else str(target), until)
            case ItemGranted(user_id=uid, item_key=key, durability=dur, escrow_until=escrow):
                new_id = await conn.fetchval(_ITEM_GRANT, uid, key, dur, escrow, source)
                if new_id is None:
                    raise EffectRefused(f"unknown item {key!r}")
                applied.granted_items.append(new_id)
            case ItemMoved(instance_id=iid, from_user_id=src, to_user_id=dst, escrow_until=escrow):
                moved_source = "rob" if src != dst else "shop"
                if await conn.fetchval(_ITEM_MOVE, iid, src, dst, escrow, moved_source) is None:
                    raise EffectRefused(f"item {iid} is not user {src}'s")
            case ItemWorn(user_id=uid, instance_id=iid, durability=dur):
                await conn.execute(_ITEM_WEAR, iid, uid, dur)
            case ItemDestroyed(user_id=uid, instance_id=iid):
                if await conn.fetchval(_ITEM_DESTROY, iid, uid) is None:
                    raise EffectRefused(f"item {iid} is not user {uid}'s")
            case ItemEquipped(user_id=uid, instance_id=iid):
                await conn.execute(_ITEM_EQUIP, iid, uid, True)
            case ItemUnequipped(user_id=uid, instance_id=iid):
                await conn.execute(_ITEM_EQUIP, iid, uid, False)
            case CrateGranted(user_id=uid, tier=tier, source=crate_source, escrow_until=escrow):
                applied.granted_crates.append(
                    await conn.fetchval(_CRATE_GRANT, uid, str(tier), str(crate_source), escrow)
                )
            case CrateOpened() as opened:
                conversion = opened.wealth if opened.duplicate else None
                open_id = await conn.fetchval(
                    _CRATE_OPEN,
                    opened.crate_id,
                    opened.user_id,
                    str(opened.tier),
                    str(opened.drop),
                    opened.item_key,
                    opened.wealth if str(opened.drop) == "wealth" else None,
                    opened.title,
                    opened.duplicate if opened.title is not None else None,
                    conversion,
                )
                if open_id is None:
                    raise EffectRefused(f"crate {opened.crate_id} is not user {opened.user_id}'s")
            case CrateClaimed(user_id=uid, crate_id=crate_id):
                if await conn.fetchval(_CRATE_CLAIM, crate_id, uid) is None:
                    raise EffectRefused(f"crate {crate_id} is not in user {uid}'s escrow")
            case TitleUnlocked(user_id=uid, title=title):
                await conn.fetchval(_TITLE, uid, title, "crate")
            case ConsumableUsed(user_id=uid, kind=kind):
                if await conn.fetchval(_CONSUMABLE, uid, str(kind)) is None:
                    raise EffectRefused(f"user {uid} has no {kind}")
            case ShopStocked(user_id=uid, item_keys=keys):
                await conn.execute(_SHOP_CLEAR, uid)
                await conn.execute(_SHOP_STOCK, uid, list(keys), now)
            case ShopItemBought(user_id=uid, item_key=key):
                if await conn.fetchval(_SHOP_BOUGHT, uid, key) is None:
                    raise EffectRefused(f"{key!r} is not for sale in user {uid}'s shop")
            case MarketStockTaken(item_key=key):
                row = await conn.fetchrow(_MARKET_TAKE, key, now)
                if row is None:
                    raise EffectRefused(f"black market {key!r} is sold out")
                buyer = _market_buyer(effects)
                if buyer is not None:
                    await conn.execute(_MARKET_RECORD, buyer, row["market_id"], key, row["price"])
            case Notification() as note:
                applied.notifications.append(note)
                title, message = _notice_text(note)
                await conn.execute(_NOTIFY, note.user_id, str(note.kind), title, message)
    if patches:
        types, starts, ends = periods_for(game_day)
        for uid in sorted(patches):
            p = patches[uid]
            if p.touched():
                await conn.execute(
                    _PATCH,
                    uid,
                    p.xp,
                    p.level,
                    p.tier,
                    p.jail,
                    p.jailed_until,
                    p.checkin,
                    p.streak,
                    p.longest,
                    *(p.counters.get(s.value, 0) for s in _USER_COUNTERS),
                    p.counters.get(TIMES_ROBBED, 0),
                )
            if any(p.board.values()):
                await conn.execute(
                    _LEADERBOARD,
                    uid,
                    types,
                    starts,
                    ends,
                    p.board.get("wealth_earned", 0),
                    p.board.get("xp_earned", 0),
                    p.board.get("play_count", 0),
                    p.board.get("rob_count", 0),
                    p.board.get("rob_success_count", 0),
                    p.board.get("checkins", 0),
                    p.board.get("crates_opened", 0),
                )
    return applied


def _is_stat(effect: Effect) -> bool:
    from game import StatIncrement

    return isinstance(effect, StatIncrement)


def _market_buyer(effects: Iterable[Effect]) -> int | None:
    for effect in effects:
        if isinstance(effect, WealthDelta) and effect.amount < 0:
            return effect.user_id
    return None


def _notice_text(note: Notification) -> tuple[str, str]:
    data = dict(note.data)
    title = str(note.kind).replace("_", " ").capitalize()
    message = ", ".join(f"{k}: {v}" for k, v in data.items()) or title
    return title[:200], message
