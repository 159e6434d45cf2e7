"""Achievements, missions and the hall of fame, fed inside the acting transaction.

**The hook.** :func:`bot.repository.effects.apply_effects` calls :func:`after_effects` with
every batch of effects it commits (commands through ``commit_resolution``, supports, jobs),
so every action that says what happened in its effects feeds the goals once, here. Progress is
derived by ``game.goals.goal_inputs``; one statement (``progression/record``) advances
achievements, missions and records set-based; completions come back exactly once (conditional
updates) and their rewards are applied as effects through the same ``apply_effects`` (wallet +
ledger, XP and level, titles, bonds, crates, notifications), which may complete more.

**Producer API** for systems that land later (crown, heists, factions, casino):

* in a resolution, one effect: ``GoalProgress(user_id, Counter.GAMBLING_WINS, 1)`` (a SET
  counter takes the absolute value); then move the counter out of ``game.counters.PENDING``;
* from a job or handler without a resolution: ``await bot.goals.record(conn, user_id, Counter.X, amount,
  rules=…, catalogue=…, now=…)``;
* a hall-of-fame value no effect implies: ``await offer_record(conn, RecordType.X, user_id,
  value, now)``.

What this returns (:class:`Moment` values) is announced by the caller: a command's reply adds a
chat line (Gold+ achievements, paid mission sets, records changing hands); paths without a
reply (the chat batch, supports, ``record`` from jobs) call :func:`announce_moments`, which
queues the same lines as ``announce`` outbox rows for every chat. Platinum+ achievements and
records changing hands are also queued for the Discord feed here, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import asyncpg

from bot.repository import factions as faction_repo
from bot.repository.players import read_players
from bot.repository.reads import crate_counts
from bot.sql import QUERIES
from game import Catalogue, ItemTier, Rules
from game.achievements import Completed, announces_in_feed, reward_effects
from game.counters import MISSION_COUNTER, Counter, Mode
from game.effects import Effect, GoalProgress
from game.factions import Activity
from game.goals import GoalInputs, RecordType, goal_inputs
from game.missions import MissionType, set_reward, set_reward_effects

if TYPE_CHECKING:
    from bot.repository.effects import Applied

__all__ = [
    "AchievementUnlocked",
    "MissionSetPaid",
    "Moment",
    "RecordBroken",
    "after_effects",
    "moment_key",
    "offer_record",
]

_RECORD = QUERIES["progression/record"]
_DISCOVER = QUERIES["progression/discover_items"]
_LOCK_SET = QUERIES["missions/lock_set"]
_COMPLETION = QUERIES["missions/insert_completion"]
_CLAIMED = QUERIES["missions/mark_claimed"]
_OFFER = QUERIES["hall/offer"]
_OUTBOX = QUERIES["outbox/insert"]
_MAX_DEPTH = 8

# counter -> the mission objective types it feeds
_OBJECTIVES: dict[Counter, list[str]] = defaultdict(list)
for _objective, _counter in MISSION_COUNTER.items():
    _OBJECTIVES[_counter].append(_objective)


@dataclass(frozen=True, slots=True)
class AchievementUnlocked:
    user_id: int
    name: str
    key: str
    tier: str
    wealth: int
    xp: int
    title: str | None
    player: str = ""


@dataclass(frozen=True, slots=True)
class MissionSetPaid:
    user_id: int
    mission_type: str
    wealth: int
    xp: int
    crate: str | None
    player: str = ""


@dataclass(frozen=True, slots=True)
class RecordBroken:
    record: RecordType
    user_id: int
    value: int
    previous_holder_id: int | None
    previous_value: int | None
    player: str = ""
    previous_player: str = ""


Moment = AchievementUnlocked | MissionSetPaid | RecordBroken


async def after_effects(
    conn: asyncpg.Connection,
    effects: Sequence[Effect],
    applied: Applied,
    *,
    rules: Rules,
    catalogue: Catalogue,
    game_day: date,
    now: datetime,
    depth: int = 0,
) -> list[Moment]:
    """Feed the goals of ``effects`` (already written) and pay what they complete."""
    if not rules.goals.enabled:
        return []

    def legendary(key: str) -> bool:
        item = catalogue.by_key.get(key)
        return item is not None and item.tier is ItemTier.LEGENDARY

    inputs = goal_inputs(
        effects, is_legendary=legendary, balances=applied.wealth,
    )
    if not inputs:
        return []
    await _stateful_counters(conn, inputs)
    rows = await conn.fetch(_RECORD, *_record_params(inputs, now, game_day))
    if not rows:
        return []
    moments: list[Moment] = []
    done: dict[int, list[Completed]] = defaultdict(list)
    sets: list[tuple[int, str, date]] = []
    for r in rows:
        match r["kind"]:
            case "achievement":
                done[r["user_id"]].append(Completed(
                    r["user_id"], r["key"], r["name"], r["tier"], r["reward_wealth"], r["reward_xp"],
                    r["reward_bonds"], r["reward_title"],
                ))
            case "mission":
                sets.append((r["user_id"], r["mission_type"], r["period_start"]))
            case "record":
                moments.append(RecordBroken(
                    RecordType(r["key"]), r["user_id"], r["record_value"], r["previous_holder_id"],
                    r["previous_value"] if r["previous_holder_id"] is not None else None,
                ))
    rewards: list[Effect] = []
    if done:
        players = await read_players(conn, done)
        for uid, completed in sorted(done.items()):
            row = players[uid]
            rewards += reward_effects(completed, xp=row.xp, level=row.level, rules=rules.progression)
            moments += [
                AchievementUnlocked(uid, c.name, c.key, c.tier, c.reward_wealth, c.reward_xp, c.reward_title)
                for c in completed
            ]
    for uid, mission_type, period in sets:
        paid = await _pay_set(conn, uid, MissionType(mission_type), period, rules=rules, now=now, game_day=game_day)
        if paid is not None:
            set_effects, moment = paid
            rewards += set_effects
            moments.append(moment)
    if rewards and depth < _MAX_DEPTH:
        from bot.repository.effects import apply_effects  # the hook calls back into its caller

        more = await apply_effects(
            conn, rewards, game_day=game_day, now=now, rules=rules, catalogue=catalogue,
            source="achievement", _depth=depth + 1,
        )
        moments += more.moments
    if depth == 0 and moments:
        moments = await _named(conn, moments)
        await _queue_feed(conn, moments, rules)
    return moments


async def _stateful_counters(conn: asyncpg.Connection, inputs: GoalInputs) -> None:
    """Counters that need stored state: the distinct items ever held (the rob win streak is
    stepped by the record statement itself)."""
    if inputs.item_receivers:
        for r in await conn.fetch(_DISCOVER, sorted(inputs.item_receivers)):
            inputs.progress.append(GoalProgress(r["user_id"], Counter.UNIQUE_ITEMS, r["distinct_items"]))


def _record_params(inputs: GoalInputs, now: datetime, day: date) -> tuple[object, ...]:
    totals: dict[tuple[int, Counter], int] = {}
    for p in inputs.progress:
        if p.counter is Counter.ROB_WIN_STREAK and p.user_id in inputs.rob_steps:
            continue  # the statement steps the stored streak and feeds the new value itself
        key = (p.user_id, p.counter)
        if p.counter.mode is Mode.SET:
            totals[key] = p.amount  # the latest value wins
        else:
            totals[key] = totals.get(key, 0) + p.amount
    keys = sorted(totals, key=lambda k: (k[0], k[1].value))
    m_keys = [(uid, c, o) for uid, c in keys for o in _OBJECTIVES.get(c, ())]
    best: dict[RecordType, tuple[int, int]] = {}
    for offer in inputs.records:
        held = best.get(offer.record)
        if held is None or offer.value > held[1]:
            best[offer.record] = (offer.user_id, offer.value)
    kinds = sorted(best)
    robbers = sorted(inputs.rob_steps)
    return (
        [k[0] for k in keys], [k[1].value for k in keys], [totals[k] for k in keys],
        [k[1].mode is Mode.SET for k in keys],
        [k[0] for k in m_keys], [k[2] for k in m_keys], [totals[(k[0], k[1])] for k in m_keys],
        [k[1].mode is Mode.SET for k in m_keys],
        now,
        [k.value for k in kinds], [best[k][0] for k in kinds], [best[k][1] for k in kinds],
        sorted(inputs.daily_earners), day,
        list(robbers), [inputs.rob_steps[u] for u in robbers],
    )


async def _pay_set(
    conn: asyncpg.Connection,
    user_id: int,
    mission_type: MissionType,
    period: date,
    *,
    rules: Rules,
    now: datetime,
    game_day: date,
) -> tuple[list[Effect], MissionSetPaid] | None:
    """Pay a set whose every mission is complete, once (mission_completions is unique per
    player, type and period)."""
    rows = await conn.fetch(_LOCK_SET, user_id, mission_type.value, period)
    if not rows or any(not r["is_completed"] or r["status"] == "expired" for r in rows):
        return None
    if any(r["expires_at"] <= now for r in rows):
        return None
    reward = set_reward([(r["reward_wealth"], r["reward_xp"]) for r in rows], mission_type, rules=rules.goals)
    completion = await conn.fetchval(
        _COMPLETION, user_id, mission_type.value, period, game_day, [r["user_mission_id"] for r in rows],
        reward.base_wealth, reward.base_xp, reward.bonus_wealth, reward.bonus_xp, reward.crate,
        rows[0]["assigned_tier"], now,
    )
    if completion is None:
        return None
    await conn.execute(_CLAIMED, [r["user_mission_id"] for r in rows])
    # a paid set scores the member's faction (points_mission); a player in no faction scores nothing
    await faction_repo.score(conn, {user_id: {Activity.MISSION: 1}}, day=game_day, rules=rules.factions)
    player = (await read_players(conn, (user_id,)))[user_id]
    held, escrowed = 0, 0
    if reward.crate:
        held, escrowed = await crate_counts(conn, user_id, now)
    effects = set_reward_effects(
        user_id, reward, xp=player.xp, level=player.level, crates_held=held, crates_escrowed=escrowed,
        rules=rules, now=now,
    )
    return effects, MissionSetPaid(user_id, mission_type.value, reward.wealth, reward.xp, reward.crate)


async def _named(conn: asyncpg.Connection, moments: list[Moment]) -> list[Moment]:
    from bot.repository.titles import display_names

    ids: set[int] = {m.user_id for m in moments}
    ids |= {m.previous_holder_id for m in moments if isinstance(m, RecordBroken) and m.previous_holder_id}
    names = await display_names(conn, ids)
    out: list[Moment] = []
    for m in moments:
        if isinstance(m, RecordBroken):
            prev = names.get(m.previous_holder_id, "") if m.previous_holder_id else ""
            out.append(_replace(m, player=names.get(m.user_id, "?"), previous_player=prev))
        else:
            out.append(_replace(m, player=names.get(m.user_id, "?")))
    return out


def _replace(moment: Moment, **changes: object) -> Moment:
    import dataclasses

    return dataclasses.replace(moment, **changes)  # type: ignore[arg-type]


async def _queue_feed(conn: asyncpg.Connection, moments: Iterable[Moment], rules: Rules) -> None:
    """Platinum+ achievements and records changing hands go to the Discord feed (outbox)."""
    from bot.render.progression import feed_post

    for m in moments:
        if isinstance(m, AchievementUnlocked) and announces_in_feed(m.tier, rules.goals) or isinstance(m, RecordBroken) and m.previous_holder_id is not None:
            key = moment_key(m)
        else:
            continue
        title, text = feed_post(m)
        payload = {"kind": "achievement" if isinstance(m, AchievementUnlocked) else "record",
                   "title": title, "text": text, "guild": ""}
        await conn.fetchval(_OUTBOX, "feed", payload, key)


def moment_key(m: Moment) -> str:
    """A moment's once-only key (outbox dedupe)."""
    match m:
        case AchievementUnlocked():
            return f"achievement:{m.user_id}:{m.key}"
        case RecordBroken():
            return f"record:{m.record.value}:{m.user_id}:{m.value}"
    return f"missions:{m.user_id}:{m.mission_type}:{m.wealth}:{m.xp}"


async def offer_record(
    conn: asyncpg.Connection, record_type: RecordType, user_id: int, value: int, now: datetime
) -> RecordBroken | None:
    """Offer a hall-of-fame value (e.g. a heist win count); returns the record when it was set."""
    row = await conn.fetchrow(_OFFER, record_type.value, user_id, value, now)
    if row is None:
        return None
    return RecordBroken(record_type, user_id, value, row["previous_holder_id"], row["previous_value"])
