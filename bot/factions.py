"""Faction flows shared by commands and jobs: join, leave, move, score, evaluate, pay the week.

Each runs inside the caller's transaction and returns values to render; money moves only as
engine effects through :func:`bot.repository.effects.apply_effects` (ledger reason
``faction_reward``), with the players locked in id order first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg

from bot.announce import announce_moments
from bot.repository import factions as repo
from bot.repository import reads
from bot.repository.effects import apply_effects
from bot.repository.players import lock_players
from game import (
    CrateSource,
    CrateTier,
    Effect,
    LedgerReason,
    Rules,
    WealthDelta,
    gain_xp,
    game_day,
    place_crate,
)
from game.counters import Counter
from game.effects import GoalProgress, NoticeKind, Notification
from game.factions import (
    Activity,
    JoinCheck,
    MemberWeek,
    can_join,
    evaluate_territory,
    pick_territory,
    week_start,
    weekly_rewards,
)

__all__ = [
    "DayResult",
    "JoinOutcome",
    "WeekResult",
    "evaluate_day",
    "find_faction",
    "find_territory",
    "join_faction",
    "pay_week",
    "score_activity",
    "score_one",
]


async def score_activity(
    conn: asyncpg.Connection | asyncpg.Pool,
    counts: Mapping[int, Mapping[Activity, int]],
    *,
    day: date,
    rules: Rules,
) -> dict[int, int]:
    """Score activity (user id → activity → count) for members' factions; non-members are skipped."""
    return await repo.score(conn, counts, day=day, rules=rules.factions)


def find_faction(factions: Sequence[repo.FactionRow], text: str) -> repo.FactionRow | None:
    """By full name, key, alias or a unique word of the name (case-insensitive)."""
    wanted = " ".join(text.lower().split())
    if not wanted:
        return None
    for f in factions:
        if wanted in (f.name.lower(), f.key, *(a.lower() for a in f.aliases)):
            return f
    words = [f for f in factions if wanted in f.name.lower().replace("the ", "").split()]
    return words[0] if len(words) == 1 else None


def find_territory(territories: Sequence[repo.TerritoryRow], text: str) -> repo.TerritoryRow | None:
    wanted = " ".join(text.lower().split())
    for t in territories:
        if wanted in (t.name.lower(), t.key, t.name.lower().removeprefix("the ")):
            return t
    return None


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    check: JoinCheck
    faction: repo.FactionRow | None = None
    territory: repo.TerritoryRow | None = None
    until: datetime | None = None  # cooldown end (COOLDOWN) or reward lockout end (OK)
    moments: tuple[Any, ...] = ()  # goals the join completed (announced with the reply)


async def join_faction(
    conn: asyncpg.Connection, user_id: int, faction: repo.FactionRow, *, now: datetime, rules: Rules
) -> JoinOutcome:
    standing = await repo.member(conn, user_id, week_start(now.date()))
    assert standing is not None
    check, until = can_join(level=standing.level, faction_id=standing.faction_id,
                            left_at=standing.left_at, now=now, rules=rules.factions)
    if check is not JoinCheck.OK:
        return JoinOutcome(check, faction, until=until)
    territories = await repo.territories(conn)
    counts = await repo.territory_counts(conn, faction.faction_id)
    chosen = pick_territory(counts, [t.territory_id for t in territories])
    joined = await repo.join(conn, user_id, faction.faction_id, chosen, now, rules.factions)
    if joined is None:
        return JoinOutcome(JoinCheck.MEMBER, faction)
    territory = next(t for t in territories if t.territory_id == chosen)
    applied = await apply_effects(
        conn, [GoalProgress(user_id, Counter.FACTION_JOINED, 1)], game_day=game_day(now, rules), now=now,
        source="faction", rules=rules,
    )
    return JoinOutcome(JoinCheck.OK, faction, territory, joined[1], tuple(applied.moments))


@dataclass(frozen=True, slots=True)
class DayResult:
    day: date
    captured: list[tuple[str, str, str | None]]  # (territory, new owner, previous owner)
    lost: list[tuple[str, str]]  # (territory, previous owner) now neutral


async def evaluate_day(conn: asyncpg.Connection, day: date, *, at: datetime, rules: Rules) -> DayResult:
    """Decide every territory's controller from ``day``'s scores; notify the members concerned."""
    territories = await repo.territories(conn)
    scores = await repo.day_scores(conn, day)
    owners = {
        t.territory_id: evaluate_territory(scores.get(t.territory_id, {}), owner=t.control.owner,
                                           contested=t.control.contested, rules=rules.factions)
        for t in territories
    }
    changed = await repo.set_control(conn, owners, at)
    names = {f.faction_id: f.name for f in await repo.factions(conn)}
    by_id = {t.territory_id: t for t in territories}
    captured: list[tuple[str, str, str | None]] = []
    lost: list[tuple[str, str]] = []
    notes: list[tuple[int, str, str, str]] = []
    for c in changed:
        place = by_id[c.territory_id].name
        if c.new_owner is not None:
            previous = names.get(c.old_owner) if c.old_owner is not None else None
            captured.append((place, names[c.new_owner], previous))
            notes.append((c.new_owner, "territory_captured", "🏴 Territory captured",
                          f"Your faction took {place}."))
        elif c.old_owner is not None:
            lost.append((place, names[c.old_owner]))
        if c.old_owner is not None:
            notes.append((c.old_owner, "territory_lost", "💔 Territory lost", f"Your faction lost {place}."))
    await repo.notify_members(conn, notes)
    # Faction achievements: days in the faction (a SET counter) for every member, and one
    # capture for each member assigned to a territory their faction has just taken.
    taken = [(c.territory_id, c.new_owner) for c in changed if c.new_owner is not None]
    progress: list[Effect] = []
    for m in await repo.goal_standing(conn, at, taken):
        progress.append(GoalProgress(m.user_id, Counter.FACTION_DAYS, m.days))
        if m.helped_capture:
            progress.append(GoalProgress(m.user_id, Counter.TERRITORY_CAPTURES, 1))
    if progress:
        applied = await apply_effects(conn, progress, game_day=day, now=at, source="faction", rules=rules)
        await announce_moments(conn, applied.moments, now=at)
    return DayResult(day, captured, lost)


@dataclass(frozen=True, slots=True)
class WeekResult:
    week: date
    paid: bool  # False: this week was paid already
    winner: str | None = None
    held: Mapping[str, int] | None = None  # faction name → territories held
    members_paid: int = 0
    crates: int = 0


async def pay_week(conn: asyncpg.Connection, week: date, *, at: datetime, rules: Rules) -> WeekResult:
    """Pay the week starting ``week`` once: pool per territory, winner bonus, top-3 crates."""
    territories = [t.control for t in await repo.territories(conn)]
    members = await repo.week_members(conn, week, at)
    payout = weekly_rewards(
        territories, [MemberWeek(m.user_id, m.faction_id, m.points, m.locked) for m in members],
        rules=rules.factions,
    )
    names = {f.faction_id: f.name for f in await repo.factions(conn)}
    held = {names[f]: n for f, n in payout.territories.items()}
    if not await repo.claim_week(conn, week, payout.winner, payout.territories, len(payout.shares), at):
        return WeekResult(week, paid=False)
    paid_ids = sorted(set(payout.shares) | set(payout.crates))
    players = await lock_players(conn, paid_ids)
    effects: list[Effect] = []
    for uid in paid_ids:
        row = players[uid]
        wealth, xp = payout.shares.get(uid, (0, 0))
        if wealth:
            effects.append(WealthDelta(uid, wealth, LedgerReason.FACTION))
        effects.extend(gain_xp(uid, row.xp, row.level, xp, rules.progression))
        if uid in payout.crates:
            held_crates, escrowed = await reads.crate_counts(conn, uid, at)
            _, placed = place_crate(uid, CrateTier(rules.factions.top_contributor_crate), CrateSource.FACTION,
                                    held=held_crates, escrowed=escrowed, rules=rules, now=at)
            effects.extend(placed)
        if wealth or xp:
            effects.append(Notification(uid, NoticeKind.FACTION_REWARD, (("wealth", wealth), ("xp", xp))))
    if effects:
        await apply_effects(conn, effects, game_day=week + timedelta(days=6), now=at, source="faction", rules=rules)
    return WeekResult(
        week, paid=True, winner=names.get(payout.winner) if payout.winner else None, held=held,
        members_paid=len(payout.shares), crates=len(payout.crates),
    )


async def score_one(
    conn: asyncpg.Connection, faction_id: int | None, user_id: int, activity: Activity, *, day: date,
    rules: Rules,
) -> None:
    """Score one action for a member (costs nothing for a player in no faction)."""
    if faction_id is not None:
        await score_activity(conn, {user_id: {activity: 1}}, day=day, rules=rules)
