from datetime import timedelta

import pytest

from game import (
    DEFAULT_RULES,
    CooldownKind,
    CooldownSet,
    ItemDef,
    ItemDestroyed,
    ItemMoved,
    ItemTier,
    ItemType,
    ItemWorn,
    Notification,
    OwnedItem,
    Player,
    Policy,
    Rejected,
    RejectReason,
    Resolved,
    RobState,
    SeededRng,
    TokenDelta,
    WealthDelta,
    resolve_rob,
    rob_success_chance,
)

from .conftest import NOW

R = DEFAULT_RULES.rob
ALWAYS = DEFAULT_RULES.with_overrides({"rob.final_min": 1.0, "rob.final_max": 1.0})


def gear(instance: int, kind: ItemType, *, bonus: float = 0.0, durability: int = 100,
         equipped: bool = True, insurance: float = 0.0) -> OwnedItem:
    item = ItemDef(f"{kind}-{instance}", f"{kind} {instance}", kind, ItemTier.RARE, 1000, 500,
                   rob_bonus=bonus if kind is ItemType.WEAPON else 0.0,
                   defense_bonus=bonus if kind is ItemType.ARMOR else 0.0, insurance=insurance)
    return OwnedItem(instance, item, durability, equipped=equipped)


@pytest.mark.parametrize(
    ("a_level", "t_level", "weapon", "armor", "att", "dfn", "expected"),
    [(10, 10, 0, 0, 1, 1, 0.60), (10, 10, 0.15, 0, 1, 1, 0.75), (10, 10, 0.40, 0, 1, 1, 0.75),
     (10, 10, 0, 0.15, 1, 1, 0.45), (60, 10, 0, 0, 1, 1, 0.70), (10, 70, 0, 0, 1, 1, 0.50),
     (99, 1, 0.15, 0, 1, 1, 0.85), (1, 99, 0, 0.15, 1, 1, 0.45), (15, 10, 0, 0, 1, 1, 0.65),
     (99, 1, 0.15, 0, 1.10, 1, 0.935), (99, 1, 0.15, 0, 2.0, 1, 0.95), (1, 99, 0, 0.15, 1, 10, 0.05)],
)
def test_success_chance_and_clamps(a_level: int, t_level: int, weapon: float, armor: float,
                                   att: float, dfn: float, expected: float) -> None:
    chance = rob_success_chance(a_level, t_level, weapon, armor, R, att, dfn)
    assert chance == pytest.approx(expected)


def rob(state: RobState, seed: int = 3, rules=DEFAULT_RULES):  # type: ignore[no-untyped-def]
    return resolve_rob(state, rules=rules, rng=SeededRng(seed), now=NOW)


A = Player(1, level=10, wealth=1_000, tokens=2)
T = Player(2, level=10, wealth=100_000)


@pytest.mark.parametrize(
    ("state", "reason"),
    [(RobState(Player(1, tokens=1, jailed_until=NOW + timedelta(minutes=1)), T), RejectReason.JAILED),
     (RobState(A, None), RejectReason.TARGET_UNKNOWN),
     (RobState(A, A), RejectReason.SELF_TARGET),
     (RobState(A, Player(2, wealth=0)), RejectReason.TARGET_BROKE),
     (RobState(A, T, target_immune=True), RejectReason.TARGET_IMMUNE),
     (RobState(A, T, cooldown_until=NOW + timedelta(hours=3)), RejectReason.ON_COOLDOWN),
     (RobState(Player(1, tokens=0), T), RejectReason.NO_TOKEN)],
)
def test_rejections_cost_nothing(state: RobState, reason: RejectReason) -> None:
    outcome = rob(state)
    assert isinstance(outcome, Rejected) and outcome.reason is reason


def test_success_moves_money_with_insurance_and_sets_cooldown() -> None:
    house = gear(20, ItemType.HOUSING, insurance=0.30)
    state = RobState(A, T, target_items=(house,), target_policy=Policy.STANDARD,
                     target_policy_paid_at=NOW - timedelta(hours=30))
    outcome = rob(state, rules=ALWAYS)
    assert isinstance(outcome, Resolved) and outcome.result.success
    base = outcome.result.stolen + outcome.result.insured
    assert 8_000 <= base < 28_000
    assert outcome.result.insured == base // 2  # policy 50 % beats housing 30 %
    deltas = [e for e in outcome.effects if isinstance(e, WealthDelta)]
    assert sum(d.amount for d in deltas) == 0
    assert WealthDelta(2, -outcome.result.stolen, deltas[0].reason, 1) in deltas
    assert CooldownSet(1, CooldownKind.ROB_TARGET, NOW + timedelta(hours=24), 2) in outcome.effects
    assert TokenDelta(1, -1, outcome.effects[0].reason) in outcome.effects  # type: ignore[union-attr]
    assert any(isinstance(e, Notification) and e.user_id == 2 for e in outcome.effects)


def test_lapsed_policy_and_housing_debt() -> None:
    house = gear(20, ItemType.HOUSING, insurance=0.30)
    state = RobState(A, T, target_items=(house,), target_policy=Policy.PLATINUM,
                     target_policy_paid_at=NOW - timedelta(hours=49), target_housing_debt_days=3)
    outcome = rob(state, rules=ALWAYS)
    assert isinstance(outcome, Resolved)
    base = outcome.result.stolen + outcome.result.insured
    assert outcome.result.insured == int(base * 0.30 * 0.8)


def test_failure_wears_gear_and_notifies_victim() -> None:
    never = DEFAULT_RULES.with_overrides({"rob.final_min": 0.0, "rob.final_max": 0.0})
    weapon = gear(10, ItemType.WEAPON, bonus=0.1, durability=3)
    armor = gear(11, ItemType.ARMOR, bonus=0.1, durability=50)
    outcome = rob(RobState(A, T, attacker_items=(weapon,), target_items=(armor,)), rules=never)
    assert isinstance(outcome, Resolved) and not outcome.result.success
    assert not any(isinstance(e, WealthDelta) for e in outcome.effects)
    worn = [e for e in outcome.effects if isinstance(e, ItemWorn | ItemDestroyed)]
    assert worn[1].instance_id == 11 and 47 <= worn[1].durability <= 48  # type: ignore[union-attr]
    assert outcome.result.xp == 10
    assert any(isinstance(e, Notification) and e.user_id == 2 for e in outcome.effects)


def test_weapon_breaks_at_zero() -> None:
    weapon = gear(10, ItemType.WEAPON, bonus=0.1, durability=2)
    outcome = rob(RobState(A, T, attacker_items=(weapon,)))
    assert isinstance(outcome, Resolved) and outcome.result.weapon_broke
    assert any(isinstance(e, ItemDestroyed) and e.instance_id == 10 for e in outcome.effects)


def test_item_theft_goes_to_escrow_when_inventory_full_and_respects_escrow_cap() -> None:
    rules = ALWAYS.with_overrides({"rob.item_theft_chance": 1.0})
    victim_items = (gear(30, ItemType.HOUSING), )
    full = tuple(gear(100 + i, ItemType.WEAPON, equipped=False) for i in range(10))
    outcome = rob(RobState(A, T, attacker_items=full, target_items=victim_items), rules=rules)
    assert isinstance(outcome, Resolved)
    assert ItemMoved(30, 2, 1, NOW + timedelta(hours=48)) in outcome.effects
    escrow = tuple(OwnedItem(200 + i, full[0].item, 100, escrow_until=NOW + timedelta(hours=1))
                   for i in range(3))
    blocked = rob(RobState(A, T, attacker_items=full + escrow, target_items=victim_items), rules=rules)
    assert isinstance(blocked, Resolved) and blocked.result.item_stolen is None
    roomy = rob(RobState(A, T, target_items=victim_items), rules=rules)
    assert isinstance(roomy, Resolved) and ItemMoved(30, 2, 1) in roomy.effects


def test_success_rate_matches_formula() -> None:
    rng = SeededRng(11)
    weapon = gear(10, ItemType.WEAPON, bonus=0.12, durability=10**9)
    state = RobState(Player(1, level=30, tokens=1), Player(2, level=25, wealth=10**6),
                     attacker_items=(weapon,))
    expected = rob_success_chance(30, 25, 0.12, 0.0, R)
    assert expected == pytest.approx(0.77)
    n = 10_000
    wins = sum(resolve_rob(state, rules=DEFAULT_RULES, rng=rng, now=NOW).result.success  # type: ignore[union-attr]
               for _ in range(n))
    assert wins / n == pytest.approx(expected, abs=0.015)  # ≈ 3.5 standard deviations
