"""Rob: one attempt resolves to success, failed roll, or a free rejection.

Preconditions, in order (any failure costs nothing and sets nothing): attacker jailed, target
unknown, self, target broke, target immune (Juicernaut), attacker→target cooldown (24 h), no heist
token. Success chance (fractions)::

    weapon = min(weapon.rob_bonus + attacker territory rob buff, 0.15)
    armor  = min(armor.defense_bonus + target territory defense buff, 0.15)
    lvl    = clamp((attacker.level − target.level) × 0.01, −0.10, 0.10)
    base   = clamp(0.60 + weapon − armor + lvl, 0.45, 0.85)
    final  = clamp(base × attack_mult ÷ defense_mult, 0.05, 0.95)

On success the steal is ``floor(wealth × pct)`` with pct uniform in [8 %, 28 %) (drawn in parts per
million, so integer-exact); insurance keeps the larger of the housing and policy share with the
victim. Money only moves: the attacker gains exactly what the victim loses. Either way both
sides' gear wears (weapon / armor −2..3, destroyed at 0), the cooldown is set, one token is spent
and the victim is notified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from game._frozen import fast_init
from game.effects import (
    CooldownKind,
    CooldownSet,
    DestroyCause,
    Effect,
    ItemDestroyed,
    ItemMoved,
    ItemWorn,
    LedgerReason,
    NoticeKind,
    Notification,
    Rejected,
    RejectReason,
    Resolved,
    Stat,
    StatIncrement,
    TokenDelta,
    TokenReason,
    WealthDelta,
)
from game.model import ItemType, OwnedItem, Player, Policy
from game.progression import gain_xp
from game.rng import Rng
from game.rules import RobRules, Rules

__all__ = ["RobResult", "RobState", "resolve_rob", "rob_success_chance"]


@dataclass(frozen=True, slots=True)
class RobState:
    """``target`` is None when the name matched nobody. Item tuples hold every inventory row
    (equipped, held and escrowed). Buffs are fractions; multipliers come from consumables."""

    attacker: Player
    target: Player | None
    attacker_items: tuple[OwnedItem, ...] = ()
    target_items: tuple[OwnedItem, ...] = ()
    target_immune: bool = False
    cooldown_until: datetime | None = None
    target_policy: Policy = Policy.NONE
    target_policy_paid_at: datetime | None = None
    target_housing_debt_days: int = 0
    attacker_rob_buff: float = 0.0
    target_defense_buff: float = 0.0
    attack_multiplier: float = 1.0
    defense_multiplier: float = 1.0
    attacker_xp_multiplier: float = 1.0


@fast_init
@dataclass(frozen=True, slots=True)
class RobResult:
    success: bool
    chance: float
    stolen: int = 0
    insured: int = 0
    item_stolen: str | None = None
    item_escrowed: bool = False
    weapon_broke: bool = False
    armor_broke: bool = False
    xp: int = 0


def _equipped(items: tuple[OwnedItem, ...], slot: ItemType) -> OwnedItem | None:
    return next((i for i in items if i.equipped and i.item.type is slot), None)


def rob_success_chance(
    attacker_level: int,
    target_level: int,
    weapon_bonus: float,
    armor_bonus: float,
    rules: RobRules,
    attack_multiplier: float = 1.0,
    defense_multiplier: float = 1.0,
) -> float:
    weapon = min(weapon_bonus, rules.gear_cap)
    armor = min(armor_bonus, rules.gear_cap)
    level = max(
        -rules.level_cap, min(rules.level_cap, (attacker_level - target_level) * rules.level_step)
    )
    base = max(rules.base_min, min(rules.base_max, rules.base_rate + weapon - armor + level))
    final = base * attack_multiplier / defense_multiplier
    return max(rules.final_min, min(rules.final_max, final))


def _insurance(
    state: RobState, housing: OwnedItem | None, rules: RobRules, now: datetime
) -> tuple[float, float]:
    """(housing share, policy share) of a steal kept by the victim."""
    housing_share = housing.item.insurance if housing is not None else 0.0
    if state.target_housing_debt_days >= rules.housing_debt_days:
        housing_share *= 1.0 - rules.housing_debt_penalty
    paid = state.target_policy_paid_at
    policy_active = paid is not None and now < paid + timedelta(hours=rules.policy_active_hours)
    policy_share = rules.protection(state.target_policy) if policy_active else 0.0
    return housing_share, policy_share


def resolve_rob(
    state: RobState, *, rules: Rules, rng: Rng, now: datetime
) -> Resolved[RobResult] | Rejected:
    attacker, target, rr = state.attacker, state.target, rules.rob
    if attacker.jailed(now):
        return Rejected(RejectReason.JAILED, until=attacker.jailed_until)
    if target is None:
        return Rejected(RejectReason.TARGET_UNKNOWN)
    if target.user_id == attacker.user_id:
        return Rejected(RejectReason.SELF_TARGET)
    if target.wealth <= 0:
        return Rejected(RejectReason.TARGET_BROKE)
    if state.target_immune:
        return Rejected(RejectReason.TARGET_IMMUNE)
    if state.cooldown_until is not None and state.cooldown_until > now:
        return Rejected(RejectReason.ON_COOLDOWN, until=state.cooldown_until)
    if attacker.tokens < rr.token_cost:
        return Rejected(RejectReason.NO_TOKEN, amount=rr.token_cost)

    a_id, t_id = attacker.user_id, target.user_id
    weapon = _equipped(state.attacker_items, ItemType.WEAPON)
    armor = _equipped(state.target_items, ItemType.ARMOR)
    chance = rob_success_chance(
        attacker.level,
        target.level,
        (weapon.item.rob_bonus if weapon else 0.0) + state.attacker_rob_buff,
        (armor.item.defense_bonus if armor else 0.0) + state.target_defense_buff,
        rr,
        state.attack_multiplier,
        state.defense_multiplier,
    )
    success = rng.random() < chance
    effects: list[Effect] = []
    if rr.token_cost:
        effects.append(TokenDelta(a_id, -rr.token_cost, TokenReason.ROB))
    effects.append(
        CooldownSet(a_id, CooldownKind.ROB_TARGET, now + timedelta(hours=rr.cooldown_hours), t_id)
    )
    effects.append(StatIncrement(a_id, Stat.ROB_ATTEMPTS))

    stolen = insured = 0
    if success:
        base = target.wealth * rng.randint(rr.steal_min_ppm, rr.steal_max_ppm - 1) // 1_000_000
        housing_share, policy_share = _insurance(
            state, _equipped(state.target_items, ItemType.HOUSING), rr, now
        )
        insured = max(int(base * housing_share), int(base * policy_share))
        stolen = base - insured
        if stolen > 0:
            effects.append(WealthDelta(t_id, -stolen, LedgerReason.ROBBED, a_id))
            effects.append(WealthDelta(a_id, stolen, LedgerReason.ROB, t_id))
            effects.append(StatIncrement(a_id, Stat.WEALTH_EARNED, stolen))
        effects.append(StatIncrement(a_id, Stat.ROB_SUCCESSES))
    else:
        effects.append(StatIncrement(t_id, Stat.ROB_DEFENSES))

    weapon_broke = _wear(a_id, weapon, rr, rng, effects)
    armor_broke = _wear(t_id, armor, rr, rng, effects)

    item_stolen: OwnedItem | None = None
    escrowed = False
    if success and rng.chance(rr.item_theft_chance):
        item_stolen, escrowed = _steal_item(state, armor if armor_broke else None, rules, rng, now, effects)

    if success:
        data: tuple[tuple[str, str | int], ...] = (("by", a_id), ("amount", stolen))
        if item_stolen is not None:
            data += (("item", item_stolen.item.key),)
        effects.append(Notification(t_id, NoticeKind.ROBBED, data))
    else:
        effects.append(Notification(t_id, NoticeKind.ROB_BLOCKED, (("by", a_id),)))

    xp = rr.xp_success if success else rr.xp_failure
    xp = int(xp * state.attacker_xp_multiplier)
    effects += gain_xp(a_id, attacker.xp, attacker.level, xp, rules.progression)
    if xp > 0:
        effects.append(StatIncrement(a_id, Stat.XP_EARNED, xp))
    result = RobResult(
        success,
        chance,
        stolen,
        insured,
        item_stolen.item.key if item_stolen else None,
        escrowed,
        weapon_broke,
        armor_broke,
        xp,
    )
    return Resolved(result, tuple(effects))


def _wear(
    user_id: int, item: OwnedItem | None, rules: RobRules, rng: Rng, effects: list[Effect]
) -> bool:
    """Wear one equipped item; True if it broke (destroyed)."""
    if item is None:
        return False
    left = max(0, item.durability - rng.randint(rules.wear_min, rules.wear_max))
    if left == 0:
        effects.append(ItemDestroyed(user_id, item.instance_id, DestroyCause.BROKEN))
        effects.append(Notification(user_id, NoticeKind.ITEM_BROKE, (("item", item.item.key),)))
        return True
    effects.append(ItemWorn(user_id, item.instance_id, left))
    return False


def _steal_item(
    state: RobState,
    broken: OwnedItem | None,
    rules: Rules,
    rng: Rng,
    now: datetime,
    effects: list[Effect],
) -> tuple[OwnedItem | None, bool]:
    """Move one of the victim's equipped items to the attacker (inventory, else 48 h escrow).

    Broken items and businesses the attacker could not own (3-business cap) are not candidates;
    with no room in inventory or escrow nothing is taken."""
    assert state.target is not None
    ir = rules.items
    businesses = sum(1 for i in state.attacker_items if i.item.type is ItemType.BUSINESS)
    candidates = [
        i
        for i in state.target_items
        if i.equipped
        and i is not broken
        and not (i.item.type is ItemType.BUSINESS and businesses >= ir.max_businesses)
    ]
    if not candidates:
        return None, False
    item = rng.choice(candidates)
    held = sum(1 for i in state.attacker_items if not i.escrowed)
    in_escrow = sum(
        1 for i in state.attacker_items if i.escrow_until is not None and i.escrow_until > now
    )
    a_id, t_id = state.attacker.user_id, state.target.user_id
    if held < ir.inventory_cap:
        effects.append(ItemMoved(item.instance_id, t_id, a_id))
        escrowed = False
    elif in_escrow < ir.escrow_cap:
        until = now + timedelta(hours=rules.rob.stolen_escrow_hours)
        effects.append(ItemMoved(item.instance_id, t_id, a_id, escrow_until=until))
        effects.append(Notification(a_id, NoticeKind.ITEM_ESCROW, (("item", item.item.key),)))
        escrowed = True
    else:
        return None, False
    effects.append(Notification(t_id, NoticeKind.ITEM_STOLEN, (("item", item.item.key),)))
    return item, escrowed
