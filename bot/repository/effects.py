"""Apply the engine's effects inside the transaction that resolved them.

Effects with guards that later effects may depend on (items, crates, titles, consumables,
shop, market) are written one statement each, in order. Effects that only add up are collected
and written at the end in one statement (``effects/apply``), whatever their number, together
with the resolution's ``game_events`` row: one patch per player that moves its wealth under the
wallet's guard (with the ledger row) and folds XP, level, tier, jail, check-in and counters,
plus leaderboard counters, cooldowns, heist tokens and notifications. A guard that refuses
(wealth would go negative, a row is not the player's, stock ran out, too few tokens) means the
state changed under us, which the row locks rule out: it raises :class:`EffectRefused` and the
whole transaction rolls back.

Goals: after the writes, :func:`bot.repository.progression.after_effects` feeds achievements,
missions and the hall of fame from the same effects (the one hook every action passes through)
and applies what they pay; ``Applied.moments`` lists what to announce.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Any

import asyncpg

from bot.errors import KingpinError
from bot.periods import periods_for
from bot.repository import heist_tokens
from bot.repository.progression import after_effects
from bot.sql import QUERIES
from game import (
    Catalogue,
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
    StatIncrement,
    TierChanged,
    TitleUnlocked,
    TokenDelta,
    WealthDelta,
    XpDelta,
    load_catalogue,
)
from game import Rules as GameRules
from game.effects import BondDelta, GoalProgress

__all__ = [
    "Applied",
    "BoardPatch",
    "CooldownRow",
    "EffectRefused",
    "Effects",
    "GameEventRow",
    "Jail",
    "NoticeRow",
    "PlayerPatch",
    "Tail",
    "apply_batch",
    "apply_effects",
    "shipped_catalogue",
    "tier_label",
]

_WALLET = QUERIES["wallet/apply_delta"]
_APPLY = QUERIES["effects/apply"]
_GAME_EVENT = QUERIES["game_events/insert"]
_NO_EVENT = (None,) * 14
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
_BONDS = QUERIES["progression/add_bonds"]

# Counters on the users row, in the order of effects/apply.sql's $27…$35.
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


class EffectRefused(KingpinError, RuntimeError):
    """A guarded write found the state different from what the engine resolved against."""


@dataclass(slots=True)
class _Patch:
    """A player's additive changes while folding (mutable; frozen into a :class:`PlayerPatch`)."""

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


@dataclass(frozen=True, slots=True)
class GameEventRow:
    """The ``game_events`` row that logs a resolution (written with its effects)."""

    user_id: int
    event_type: str
    wealth_change: int
    xp_change: int
    target_user_id: int | None
    tier: str
    description: str | None
    success: bool | None
    busted: bool
    details: dict[str, Any] | None
    source_platform: str
    source_event_id: str | None
    rng_seed_id: int | None
    rng_nonce: int | None

    def params(self) -> tuple[Any, ...]:
        """In the order of game_events/insert's $1…$14."""
        return (
            self.user_id, self.event_type, self.wealth_change, self.xp_change, self.target_user_id,
            self.tier, self.description, self.success, self.busted, self.details,
            self.source_platform, self.source_event_id, self.rng_seed_id, self.rng_nonce,
        )


@dataclass(slots=True)
class Applied:
    """What the writes produced that a reply may mention (new inventory and crate ids)."""

    granted_items: list[int] = field(default_factory=list)
    granted_crates: list[int] = field(default_factory=list)
    wealth: dict[int, int] = field(default_factory=dict)  # balance after, per player
    notifications: list[Notification] = field(default_factory=list)
    game_event_id: int | None = None
    # Achievements unlocked, mission sets paid, records broken (bot.repository.progression).
    moments: list[Any] = field(default_factory=list)


_BOARD_COLUMNS = (
    "wealth_earned",
    "xp_earned",
    "play_count",
    "rob_count",
    "rob_success_count",
    "checkins",
    "crates_opened",
)
_BOARD_STATS = {
    Stat.WEALTH_EARNED: "wealth_earned",
    Stat.XP_EARNED: "xp_earned",
    Stat.PLAYS: "play_count",
    Stat.ROB_ATTEMPTS: "rob_count",
    Stat.ROB_SUCCESSES: "rob_success_count",
    Stat.CHECKINS: "checkins",
    Stat.CRATES_OPENED: "crates_opened",
}




class Jail(IntEnum):
    """What a patch does to a player's jail time (effects/apply's $22)."""

    KEEP = 0
    SET = 1
    CLEAR = 2


@dataclass(frozen=True, slots=True)
class PlayerPatch:
    """One player's row change: an optional wealth move (with its ledger reason and reference)
    plus XP, level, tier, jail, check-in and lifetime counters."""

    user_id: int
    wealth: int = 0
    reason: str | None = None
    reference: str | None = None
    xp: int = 0
    level: int | None = None
    tier: str | None = None
    jail: Jail = Jail.KEEP
    jailed_until: datetime | None = None
    checkin: date | None = None
    streak: int = 0
    longest: int = 0
    counters: tuple[int, ...] = (0,) * len(_USER_COUNTERS)  # in the order of _USER_COUNTERS
    times_robbed: int = 0


@dataclass(frozen=True, slots=True)
class BoardPatch:
    """Leaderboard counters one player adds to every period containing the game day."""

    user_id: int
    counts: tuple[int, ...]  # in the order of _BOARD_COLUMNS


@dataclass(frozen=True, slots=True)
class CooldownRow:
    user_id: int
    kind: str
    target: str  # '' = no target
    until: datetime


@dataclass(frozen=True, slots=True)
class NoticeRow:
    user_id: int
    kind: str
    title: str
    message: str


@dataclass(frozen=True, slots=True)
class Effects:
    """One resolution's effects as a typed batch, applied in the acting transaction.

    ``guarded`` are the effects with guards later ones may depend on (items, crates, titles,
    consumables, shop, market), written in order, one statement each. Everything else only adds
    up and is written in one statement (``effects/apply``) with the game event: ``players``
    (wealth move with its ledger reason, XP, level, tier, jail, check-in, lifetime counters),
    ``boards`` (leaderboard counters), ``cooldowns``, heist tokens ``earned``/``spent`` and
    ``notifications``. Each row of that statement may touch a player once, so a player with two
    wealth moves, or who both earns and spends tokens, has them in ``single_moves`` /
    ``single_tokens`` instead, written one statement each first. Build it with
    :meth:`collect` (pure); :func:`apply_batch` writes it.
    """

    guarded: tuple[Effect, ...] = ()
    players: tuple[PlayerPatch, ...] = ()
    boards: tuple[BoardPatch, ...] = ()
    cooldowns: tuple[CooldownRow, ...] = ()
    earned: tuple[tuple[int, int], ...] = ()  # (user_id, tokens)
    spent: tuple[tuple[int, int], ...] = ()
    notifications: tuple[Notification, ...] = ()
    single_moves: tuple[WealthDelta, ...] = ()
    single_tokens: tuple[TokenDelta, ...] = ()
    market_buyer: int | None = None

    @classmethod
    def collect(cls, effects: Iterable[Effect]) -> Effects:
        """Fold the engine's effects (pure: no I/O)."""
        effects = tuple(effects)
        patches: dict[int, _Patch] = defaultdict(_Patch)
        guarded: list[Effect] = []
        moves: list[WealthDelta] = []
        tokens: list[TokenDelta] = []
        cooldowns: dict[tuple[int, str, str], datetime] = {}
        notes: list[Notification] = []
        for effect in effects:
            match effect:
                case WealthDelta(user_id=uid, amount=amount, reason=reason):
                    if amount == 0:
                        continue
                    moves.append(effect)
                    if str(reason) == "robbed":
                        patches[uid].counters[TIMES_ROBBED] += 1
                case XpDelta(user_id=uid, amount=amount):
                    patches[uid].xp += amount
                case LevelChanged(user_id=uid, new=new):
                    patches[uid].level = new
                case TierChanged(user_id=uid, new=new):
                    patches[uid].tier = tier_label(new)
                case JailSet(user_id=uid, until=until):
                    patches[uid].jail, patches[uid].jailed_until = Jail.SET, until
                case JailCleared(user_id=uid):
                    patches[uid].jail, patches[uid].jailed_until = Jail.CLEAR, None
                case CheckinRecorded(user_id=uid, day=day, streak=streak, longest_streak=longest):
                    p = patches[uid]
                    p.checkin, p.streak, p.longest = day, streak, longest
                case StatIncrement(stat=stat, user_id=uid, amount=amount):
                    if stat in _USER_COUNTERS:
                        patches[uid].counters[stat.value] += amount
                    column = _BOARD_STATS.get(stat)
                    if column is not None:
                        patches[uid].board[column] += amount
                case TokenDelta(amount=amount):
                    if amount != 0:
                        tokens.append(effect)
                case CooldownSet(user_id=uid, kind=kind, until=until, target_id=target):
                    key = (uid, str(kind), "" if target is None else str(target))
                    cooldowns.pop(key, None)  # keep the order of the last setting
                    cooldowns[key] = until
                case Notification() as note:
                    notes.append(note)
                case GoalProgress():
                    pass  # read by the goals hook (after_effects)
                case _:
                    guarded.append(effect)
        single_moves: tuple[WealthDelta, ...] = ()
        if len({m.user_id for m in moves}) != len(moves):
            single_moves, moves = tuple(moves), []
        earned: dict[int, int] = defaultdict(int)
        spent: dict[int, int] = defaultdict(int)
        for t in tokens:
            (earned if t.amount > 0 else spent)[t.user_id] += abs(t.amount)
        single_tokens: tuple[TokenDelta, ...] = ()
        if earned.keys() & spent.keys():
            single_tokens, earned, spent = tuple(tokens), defaultdict(int), defaultdict(int)
        deltas = {m.user_id: m for m in moves}
        # Movers first, in the effects' order (their ledger rows follow it), then the others by id.
        patched = [m.user_id for m in moves]
        patched += sorted(uid for uid, p in patches.items() if p.touched() and uid not in deltas)
        board = sorted(uid for uid, p in patches.items() if any(p.board.values()))
        empty = _Patch()
        return cls(
            guarded=tuple(guarded),
            players=tuple(_frozen_patch(uid, patches.get(uid, empty), deltas.get(uid)) for uid in patched),
            boards=tuple(
                BoardPatch(uid, tuple(patches[uid].board.get(c, 0) for c in _BOARD_COLUMNS)) for uid in board
            ),
            cooldowns=tuple(CooldownRow(k[0], k[1], k[2], until) for k, until in cooldowns.items()),
            earned=tuple(earned.items()),
            spent=tuple(spent.items()),
            notifications=tuple(notes),
            single_moves=single_moves,
            single_tokens=single_tokens,
            market_buyer=_market_buyer(effects),
        )


@dataclass(frozen=True, slots=True)
class Tail:
    """The additive part of a batch, as effects/apply writes it (one statement)."""

    game_event: GameEventRow | None
    game_event_id: int | None
    players: tuple[PlayerPatch, ...]
    boards: tuple[BoardPatch, ...]
    periods: tuple[list[str], list[date], list[date]]
    cooldowns: tuple[CooldownRow, ...]
    earned: tuple[tuple[int, int], ...]  # (user_id, tokens)
    spent: tuple[tuple[int, int], ...]
    notices: tuple[NoticeRow, ...]

    def empty(self) -> bool:
        return self.game_event is None and not (
            self.players or self.boards or self.cooldowns or self.earned or self.spent or self.notices
        )

    def params(self) -> tuple[Any, ...]:
        """effects/apply's $1…$60 (one array per column)."""
        ps, bs, cs, ns = self.players, self.boards, self.cooldowns, self.notices
        return (
            *(self.game_event.params() if self.game_event is not None else _NO_EVENT),
            [p.user_id for p in ps],
            [p.wealth for p in ps],
            [p.reason for p in ps],
            [p.reference for p in ps],
            [p.xp for p in ps],
            [p.level for p in ps],
            [p.tier for p in ps],
            [int(p.jail) for p in ps],
            [p.jailed_until for p in ps],
            [p.checkin for p in ps],
            [p.streak for p in ps],
            [p.longest for p in ps],
            *([p.counters[i] for p in ps] for i in range(len(_USER_COUNTERS))),
            [p.times_robbed for p in ps],
            self.game_event_id,
            [b.user_id for b in bs],
            *self.periods,
            *([b.counts[i] for b in bs] for i in range(len(_BOARD_COLUMNS))),
            [c.user_id for c in cs],
            [c.kind for c in cs],
            [c.target for c in cs],
            [c.until for c in cs],
            [uid for uid, _ in self.earned],
            [n for _, n in self.earned],
            [uid for uid, _ in self.spent],
            [n for _, n in self.spent],
            [n.user_id for n in ns],
            [n.kind for n in ns],
            [n.title for n in ns],
            [n.message for n in ns],
        )


async def apply_effects(
    conn: asyncpg.Connection,
    effects: Iterable[Effect],
    *,
    game_day: date,
    now: datetime,
    game_event_id: int | None = None,
    game_event: GameEventRow | None = None,
    source: str = "play",
    rules: GameRules,
    catalogue: Catalogue | None = None,
    _depth: int = 0,
) -> Applied:
    """Write ``effects`` (and ``game_event``, their log row); raise :class:`EffectRefused` if a
    guard refuses. ``game_event_id`` tags the ledger rows when the caller logged the event.
    Then run the goals hook on the same effects (what it pays goes through here again)."""
    effects = tuple(effects)
    applied = await apply_batch(
        conn, Effects.collect(effects), game_day=game_day, now=now,
        game_event_id=game_event_id, game_event=game_event, source=source,
    )
    applied.moments += await after_effects(
        conn, list(effects), applied, rules=rules, catalogue=catalogue or shipped_catalogue(),
        game_day=game_day, now=now, depth=_depth,
    )
    return applied


@functools.cache
def shipped_catalogue() -> Catalogue:
    """The content shipped in the package (what ``open_app`` loads), for callers without a Game."""
    return load_catalogue()


async def apply_batch(
    conn: asyncpg.Connection,
    batch: Effects,
    *,
    game_day: date,
    now: datetime,
    game_event_id: int | None = None,
    game_event: GameEventRow | None = None,
    source: str = "play",
) -> Applied:
    """Write ``batch``: its guarded effects in order, one statement each, then everything that
    only adds up, with the game event, in one statement."""
    applied = Applied()
    for effect in batch.guarded:
        await _write_guarded(conn, effect, applied, batch.market_buyer, now=now, source=source)
    applied.notifications.extend(batch.notifications)
    await _apply_tail(
        conn, applied, batch, game_day=game_day, game_event=game_event, game_event_id=game_event_id
    )
    return applied


async def _write_guarded(
    conn: asyncpg.Connection, effect: Effect, applied: Applied, buyer: int | None, *, now: datetime, source: str
) -> None:
    match effect:
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
        case TitleUnlocked(user_id=uid, title=title, source=title_source):
            await conn.fetchval(_TITLE, uid, title, title_source)
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
            if buyer is not None:
                await conn.execute(_MARKET_RECORD, buyer, row["market_id"], key, row["price"])
        case BondDelta(user_id=uid, amount=amount) if amount > 0:
            if await conn.fetchval(_BONDS, uid, amount) is None:
                raise EffectRefused(f"user {uid} does not exist")


def _frozen_patch(uid: int, p: _Patch, move: WealthDelta | None) -> PlayerPatch:
    return PlayerPatch(
        user_id=uid,
        wealth=0 if move is None else move.amount,
        reason=None if move is None else str(move.reason),
        reference=None if move is None or move.reference is None else str(move.reference),
        xp=p.xp,
        level=p.level,
        tier=p.tier,
        jail=Jail(p.jail),
        jailed_until=p.jailed_until,
        checkin=p.checkin,
        streak=p.streak,
        longest=p.longest,
        counters=tuple(p.counters.get(s.value, 0) for s in _USER_COUNTERS),
        times_robbed=p.counters.get(TIMES_ROBBED, 0),
    )


async def _apply_tail(
    conn: asyncpg.Connection,
    applied: Applied,
    batch: Effects,
    *,
    game_day: date,
    game_event: GameEventRow | None,
    game_event_id: int | None,
) -> None:
    """The single-statement moves and tokens, then the game event and every effect that only
    adds up, in one statement (effects/apply)."""
    if batch.single_moves:
        if game_event is not None:
            game_event_id = await conn.fetchval(_GAME_EVENT, *game_event.params())
            game_event = None
        for m in batch.single_moves:
            ref = None if m.reference is None else str(m.reference)
            balance = await conn.fetchval(_WALLET, m.user_id, m.amount, str(m.reason), ref, game_event_id)
            if balance is None:
                raise EffectRefused(f"wealth of user {m.user_id} cannot move by {m.amount}")
            applied.wealth[m.user_id] = balance
    for t in batch.single_tokens:
        if t.amount > 0:
            await heist_tokens.earn(conn, t.user_id, t.amount)
        elif await heist_tokens.spend(conn, t.user_id, -t.amount) is None:
            raise EffectRefused(f"user {t.user_id} has fewer than {-t.amount} heist tokens")
    tail = Tail(
        game_event=game_event,
        game_event_id=game_event_id,
        players=batch.players,
        boards=batch.boards,
        periods=periods_for(game_day) if batch.boards else ([], [], []),
        cooldowns=batch.cooldowns,
        earned=batch.earned,
        spent=batch.spent,
        notices=tuple(NoticeRow(n.user_id, str(n.kind), *_notice_text(n)) for n in batch.notifications),
    )
    if tail.empty():
        applied.game_event_id = game_event_id
        return
    row = await conn.fetchrow(_APPLY, *tail.params())
    if row["patched"] != len(tail.players):
        moved = set(row["moved_users"])
        stuck = [p for p in tail.players if p.wealth and p.user_id not in moved]
        detail = f"wealth of user {stuck[0].user_id} cannot move by {stuck[0].wealth}" if stuck else "a player row is missing"
        raise EffectRefused(detail)
    if row["spent"] != len(tail.spent):
        raise EffectRefused("a player has fewer heist tokens than the resolution spends")
    applied.wealth.update(zip(row["moved_users"], row["balances"], strict=True))
    applied.game_event_id = row["game_event_id"] if game_event is not None else game_event_id


def _market_buyer(effects: Iterable[Effect]) -> int | None:
    for effect in effects:
        if isinstance(effect, WealthDelta) and effect.amount < 0:
            return effect.user_id
    return None


_NOTICE_TITLES = {
    "level_up": "Level up!",
    "tier_promotion": "Tier promotion!",
    "robbed": "You were robbed!",
    "rob_blocked": "Robbery blocked!",
    "item_stolen": "Item stolen!",
    "item_broke": "Item destroyed!",
    "crate_received": "Crate received!",
    "crate_escrow": "Crate in escrow!",
    "title_unlocked": "Title unlocked!",
    "achievement": "Achievement unlocked!",
    "mission_complete": "Missions complete!",
}


def _notice_text(note: Notification) -> tuple[str, str]:
    data = dict(note.data)
    title = _NOTICE_TITLES.get(str(note.kind)) or str(note.kind).replace("_", " ").capitalize()
    if note.kind == "achievement":
        return title, f"{data.get('achievement')} ({str(data.get('tier', '')).capitalize()})"
    if note.kind == "mission_complete":
        return title, f"+${int(data.get('wealth', 0)):,}, +{int(data.get('xp', 0)):,} XP"
    message = ", ".join(f"{k}: {v}" for k, v in data.items()) or title
    return title[:200], message
