"""Faction rules: joining, territory choice, daily control (every decided edge), buffs, weekly pay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from game.factions import (
    BuffType,
    FactionRules,
    JoinCheck,
    MemberWeek,
    TerritoryControl,
    can_join,
    evaluate_territory,
    pick_territory,
    territory_buffs,
    week_start,
    weekly_rewards,
)

R = FactionRules()
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
A, B, C = 1, 2, 3


def test_week_starts_monday_and_sunday_belongs_to_it() -> None:
    assert week_start(date(2026, 3, 2)) == date(2026, 3, 2)  # Monday
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)  # Sunday: same week


def test_join_checks() -> None:
    assert can_join(level=20, faction_id=None, left_at=None, now=NOW, rules=R) == (JoinCheck.OK, None)
    assert can_join(level=19, faction_id=None, left_at=None, now=NOW, rules=R)[0] is JoinCheck.LEVEL
    assert can_join(level=50, faction_id=A, left_at=None, now=NOW, rules=R)[0] is JoinCheck.MEMBER
    left = NOW - timedelta(days=6)
    check, until = can_join(level=50, faction_id=None, left_at=left, now=NOW, rules=R)
    assert check is JoinCheck.COOLDOWN and until == left + timedelta(days=7)
    assert can_join(level=50, faction_id=None, left_at=NOW - timedelta(days=7), now=NOW, rules=R)[0] is JoinCheck.OK


def test_new_member_goes_where_the_faction_is_thinnest() -> None:
    assert pick_territory({10: 3, 11: 1, 12: 1}, [10, 11, 12]) == 11  # tie → display order
    assert pick_territory({}, [12, 10]) == 12


@pytest.mark.parametrize(
    ("scores", "owner", "expected"),
    [
        ({A: 50, B: 40}, None, A),  # highest wins
        ({A: 50, B: 40}, B, A),  # even from the owner
        ({}, B, B),  # nobody played: owner keeps
        ({A: 0, B: 0}, None, None),  # all zero, neutral stays neutral
        ({A: 30, B: 30}, A, A),  # tie with the owner among the tied: owner keeps
        ({A: 30, B: 30}, C, None),  # tie, owner outscored: neutral
        ({A: 30, B: 30}, None, None),
        ({C: 1}, A, C),  # a sole scorer takes a standard territory
    ],
)
def test_standard_control(scores: dict[int, int], owner: int | None, expected: int | None) -> None:
    assert evaluate_territory(scores, owner=owner, contested=False, rules=R) == expected


@pytest.mark.parametrize(
    ("scores", "owner", "expected"),
    [
        ({A: 200, B: 100}, None, A),  # exactly 2x captures
        ({A: 199, B: 100}, None, None),  # short of 2x: neutral
        ({A: 199, B: 100}, A, None),  # even for the owner
        ({A: 5}, None, A),  # sole scorer captures
        ({}, B, B),  # nobody played: owner keeps
        ({A: 100, B: 100, C: 10}, C, None),
    ],
)
def test_contested_control(scores: dict[int, int], owner: int | None, expected: int | None) -> None:
    assert evaluate_territory(scores, owner=owner, contested=True, rules=R) == expected


def _t(tid: int, owner: int | None, buff: BuffType = BuffType.XP, rate: float = 0.05,
       contested: bool = False) -> TerritoryControl:
    return TerritoryControl(tid, f"T{tid}", contested, buff, rate, owner)


def test_buffs_add_up_per_type_for_the_controlling_faction_only() -> None:
    map_ = [_t(1, A), _t(7, A), _t(3, A, BuffType.ROB_SUCCESS, 0.05), _t(4, B, BuffType.CRATE_DROP, 0.10)]
    buffs = territory_buffs(map_, A)
    assert buffs[BuffType.XP] == pytest.approx(0.10)
    assert buffs[BuffType.ROB_SUCCESS] == pytest.approx(0.05)
    assert buffs[BuffType.CRATE_DROP] == 0.0
    assert territory_buffs(map_, None).by_type == {}


def _m(uid: int, faction: int, points: int, locked: bool = False) -> MemberWeek:
    return MemberWeek(uid, faction, points, locked)


def test_weekly_pool_split_bonus_lockout_and_top_three() -> None:
    map_ = [_t(1, A), _t(2, A), _t(10, A, contested=True), _t(3, B), _t(4, None)]
    members = [
        _m(101, A, 500), _m(102, A, 100), _m(103, A, 99), _m(104, A, 900, locked=True), _m(105, A, 300),
        _m(201, B, 150), _m(202, B, 20),
    ]
    pay = weekly_rewards(map_, members, rules=R)
    assert pay.territories == {A: 3, B: 1}
    assert pay.winner == A
    # A: (2000 + 2000 + 3000) × 1.25 = 8750 wealth, (200 + 200 + 300) × 1.25 = 875 XP
    assert pay.pools[A] == (8750, 875)
    assert pay.pools[B] == (2000, 200)
    # active in A: 101, 102, 105 (103 short of 100 points, 104 locked out) → floor split by 3
    assert {u: pay.shares[u] for u in (101, 102, 105)} == {101: (2916, 291), 102: (2916, 291), 105: (2916, 291)}
    assert 103 not in pay.shares and 104 not in pay.shares
    assert pay.shares[201] == (2000, 200) and 202 not in pay.shares
    assert pay.crates == (101, 105, 102)  # by points, the locked-out member excluded


def test_week_winner_ties() -> None:
    map_ = [_t(1, A), _t(2, B)]
    by_points = weekly_rewards(map_, [_m(1, A, 300), _m(2, B, 200)], rules=R)
    assert by_points.winner == A and by_points.pools[A] == (2500, 250) and by_points.pools[B] == (2000, 200)
    dead_even = weekly_rewards(map_, [_m(1, A, 200), _m(2, B, 200)], rules=R)
    assert dead_even.winner is None and dead_even.crates == ()


def test_no_territory_no_reward() -> None:
    pay = weekly_rewards([_t(1, None)], [_m(1, A, 1000)], rules=R)
    assert pay.winner is None and pay.shares == {} and pay.pools == {}
