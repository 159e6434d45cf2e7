"""One function per thing a viewer does: build the engine's state from the world, resolve with
the engine's own resolver and the fair RNG, apply the effects with `apply_effects`.

Each function mirrors the handler that serves the command in the bot (``bot/handlers/*``): the
same state is built from the same data, the same resolver decides, the same effects are applied.
Two handlers write outside the engine's effects and are mirrored here the same way: the
``business_collect`` cooldown and the insurance policy row (the premium itself is a
`WealthDelta`). The choices a viewer makes (what to buy, whether to bail) live in `Behaviour`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from game.business import BusinessState, resolve_business_cycle
from game.catalogue import Catalogue
from game.checkin import CheckinState, game_day, resolve_checkin
from game.crates import ClaimCrateState, OpenCrateState, resolve_claim_crate, resolve_open_crate
from game.effects import (
    Effect,
    LedgerReason,
    Rejected,
    ShopStocked,
    TokenDelta,
    TokenReason,
    WealthDelta,
)
from game.give import GiveState, resolve_give
from game.inventory import InventoryState, resolve_equip, resolve_sell
from game.jail import BailState, resolve_bail
from game.market import MarketPurchaseState, resolve_market_purchase, roll_black_market
from game.model import ItemDef, ItemType, OwnedItem, Policy
from game.play import PlayBuffs, PlayState, resolve_play
from game.progression import gain_xp
from game.rng import Rng
from game.rob import RobState, resolve_rob
from game.rules import Rules
from game.shop import ShopPurchaseState, generate_shop, resolve_shop_purchase, shop_is_stale
from game.tokens import chat_tokens_due
from kingpin_sim.world import Viewer, World, apply_effects

__all__ = ["Checks", "Sim", "load_support_rewards"]

_NO_BUFFS = PlayBuffs()
_COLLECT = "business_collect"
_PREMIUM_PERIOD = timedelta(hours=24)


@dataclass(slots=True)
class Checks:
    """What the engine's published odds predict, summed over every roll, beside what happened."""

    plays: int = 0  # resolved plays
    busts: int = 0
    not_busted: int = 0
    negative: int = 0
    crate_drops: int = 0
    crate_chance_sum: float = 0.0
    rob_attempts: int = 0
    rob_successes: int = 0
    rob_chance_sum: float = 0.0
    rob_chance_sq_sum: float = 0.0  # Σ p(1−p): the variance of the success count
    stolen: int = 0
    insured: int = 0
    items_stolen: int = 0


def load_support_rewards() -> dict[str, dict[str, Any]]:
    """The Twitch rows of ``game/content/reward_config.json`` (what a support pays), by kind."""
    text = resources.files("game.content").joinpath("reward_config.json").read_text("utf-8")
    return {r["event_type"]: r for r in json.loads(text)["rows"] if r["platform"] == "twitch"}


def _score(item: ItemDef) -> float:
    """How much a viewer values an item in its slot (higher is better)."""
    kind = item.type
    if kind is ItemType.WEAPON:
        return item.rob_bonus
    if kind is ItemType.ARMOR:
        return item.defense_bonus
    if kind is ItemType.HOUSING:
        return item.insurance
    return float(item.daily_revenue - item.operating_cost)


def _equipped(v: Viewer, slot: ItemType) -> OwnedItem | None:
    for i in v.items:
        if i.equipped and i.item.type is slot:
            return i
    return None


def _held(v: Viewer) -> int:
    return sum(1 for i in v.items if i.escrow_until is None)


@dataclass(slots=True)
class Sim:
    """The world, the rules, the fair generator and the tallies one season shares."""

    world: World
    rules: Rules
    rng: Rng
    catalogue: Catalogue
    support_table: dict[str, dict[str, Any]]
    checks: Checks = field(default_factory=Checks)
    actions: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def _refused(self, what: str, outcome: Rejected) -> None:
        key = f"{what}:{outcome.reason}"
        self.rejected[key] = self.rejected.get(key, 0) + 1

    def _apply(self, effects: tuple[Effect, ...] | list[Effect], now: datetime) -> None:
        self.actions += 1
        apply_effects(self.world, effects, now)

    # -- the core loop ----------------------------------------------------------------------

    def play(self, v: Viewer, now: datetime, *, live: bool) -> bool:
        """One !play; True if the viewer was busted."""
        crates = v.crates
        held = escrowed = 0
        if crates:
            escrowed = sum(1 for c in crates if c.escrow_until is not None)
            held = len(crates) - escrowed
        state = PlayState(
            v.player(), self.catalogue, _NO_BUFFS, held, escrowed, False, live,
            None if live else v.cooldowns.get(("play", None)),
        )
        outcome = resolve_play(state, rules=self.rules, rng=self.rng, now=now)
        if type(outcome) is Rejected:
            self._refused("play", outcome)
            return False
        self._apply(outcome.effects, now)
        result = outcome.result
        checks = self.checks
        checks.plays += 1
        if result.busted:
            checks.busts += 1
            return True
        checks.not_busted += 1
        if result.event.negative:
            checks.negative += 1
        checks.crate_chance_sum += self.rules.play.crate_chance
        if result.crate is not None:
            checks.crate_drops += 1
        return False

    def bail(self, v: Viewer, now: datetime) -> None:
        state = BailState(v.player(), v.consumables.get("bail_bond", 0) > 0)
        outcome = resolve_bail(state, rules=self.rules, now=now)
        if isinstance(outcome, Rejected):
            self._refused("bail", outcome)
            return
        self._apply(outcome.effects, now)

    def rob(self, v: Viewer, target: Viewer, now: datetime) -> None:
        state = RobState(
            attacker=v.player(),
            target=target.player(),
            attacker_items=tuple(v.items),
            target_items=tuple(target.items),
            cooldown_until=v.cooldowns.get(("rob_target", target.uid)),
            target_policy=target.policy,
            target_policy_paid_at=target.policy_paid_at,
        )
        outcome = resolve_rob(state, rules=self.rules, rng=self.rng, now=now)
        if isinstance(outcome, Rejected):
            self._refused("rob", outcome)
            return
        self._apply(outcome.effects, now)
        r, checks = outcome.result, self.checks
        checks.rob_attempts += 1
        checks.rob_successes += r.success
        checks.rob_chance_sum += r.chance
        checks.rob_chance_sq_sum += r.chance * (1.0 - r.chance)
        checks.stolen += r.stolen
        checks.insured += r.insured
        checks.items_stolen += r.item_stolen is not None

    def checkin(self, v: Viewer, now: datetime) -> None:
        escrowed = sum(1 for c in v.crates if c.escrow_until is not None)
        state = CheckinState(
            v.player(), v.last_checkin, v.streak, v.longest_streak,
            len(v.crates) - escrowed, escrowed,
        )
        outcome = resolve_checkin(state, rules=self.rules, now=now)
        if isinstance(outcome, Rejected):
            self._refused("checkin", outcome)
            return
        self._apply(outcome.effects, now)

    def chat(self, v: Viewer, before: int, after: int, now: datetime) -> None:
        """A batch of counted chat messages (the bot counts chat in bulk, like this)."""
        tokens = chat_tokens_due(before, after, v.tokens, self.rules)
        if tokens:
            apply_effects(self.world, (TokenDelta(v.uid, tokens, TokenReason.CHAT),), now)

    # -- crates and items -------------------------------------------------------------------

    def open_crates(self, v: Viewer, now: datetime) -> datetime:
        """Claim escrowed crates there is room for, then open held crates one by one (30 s
        apart, the open cooldown), selling junk when the inventory is full. Returns the time
        the viewer is done."""
        rules = self.rules
        cap = rules.crates.held_cap
        for crate in [c for c in v.crates if c.escrow_until is not None]:
            held = sum(1 for c in v.crates if c.escrow_until is None)
            outcome = resolve_claim_crate(ClaimCrateState(v.uid, crate, held), rules=rules, now=now)
            if isinstance(outcome, Rejected):
                self._refused("claim_crate", outcome)
                if crate.escrow_until is not None and crate.escrow_until <= now:
                    v.crates.remove(crate)  # the expiry sweep deletes it
                    self.world.stats["crates_expired"] += 1
                continue
            self._apply(outcome.effects, now)
        step = timedelta(seconds=rules.crates.open_cooldown_seconds + 1)
        opened = 0
        while any(c.escrow_until is None for c in v.crates) and opened < cap:
            if _held(v) >= rules.items.inventory_cap:
                self.sell_junk(v, now, keep=0)
                if _held(v) >= rules.items.inventory_cap:
                    break
            state = OpenCrateState(
                v.uid, tuple(v.crates), _held(v), frozenset(v.titles), self.catalogue,
                cooldown_until=v.cooldowns.get(("crate_open", None)),
            )
            outcome = resolve_open_crate(state, rules=rules, rng=self.rng, now=now)
            if isinstance(outcome, Rejected):
                self._refused("open", outcome)
                break
            self._apply(outcome.effects, now)
            opened += 1
            if outcome.result.item_key is not None:
                self.equip_best(v, now)
            now += step
        return now

    def equip_best(self, v: Viewer, now: datetime) -> None:
        """Equip the best held item of each slot (the one the viewer values most)."""
        for slot in ItemType:
            current = _equipped(v, slot)
            best = max(
                (i for i in v.items if i.item.type is slot and i.escrow_until is None),
                key=lambda i: (_score(i.item), i.durability, -i.instance_id),
                default=None,
            )
            if best is None or best is current:
                continue
            if current is not None and _score(best.item) <= _score(current.item):
                continue
            outcome = resolve_equip(InventoryState(v.uid, tuple(v.items)), best.instance_id, rules=self.rules, now=now)
            if isinstance(outcome, Rejected):
                self._refused("equip", outcome)
                continue
            self._apply(outcome.effects, now)

    def sell_junk(self, v: Viewer, now: datetime, *, keep: int) -> None:
        """Sell unequipped held items, worst first, until at most ``keep`` remain."""
        junk = sorted(
            (i for i in v.items if not i.equipped and i.escrow_until is None),
            key=lambda i: (_score(i.item), i.instance_id),
        )
        for item in junk[: max(0, len(junk) - keep)]:
            outcome = resolve_sell(InventoryState(v.uid, tuple(v.items)), item.instance_id, rules=self.rules, now=now)
            if isinstance(outcome, Rejected):
                self._refused("sell", outcome)
                continue
            self._apply(outcome.effects, now)

    # -- buying -----------------------------------------------------------------------------

    def _upgrade(self, v: Viewer, offers: list[tuple[ItemDef, int]], budget: int) -> ItemDef | None:
        """The priciest offer that beats what the viewer has in its slot and fits the budget."""
        best: ItemDef | None = None
        best_price = -1
        businesses = sum(1 for i in v.items if i.item.type is ItemType.BUSINESS)
        for item, price in offers:
            if price > budget or price <= best_price:
                continue
            if item.type is ItemType.BUSINESS and businesses >= self.rules.items.max_businesses:
                continue
            current = _equipped(v, item.type)
            if current is not None and _score(item) <= _score(current.item):
                continue
            if item.type is ItemType.BUSINESS and item.daily_revenue <= item.operating_cost:
                continue
            best, best_price = item, price
        return best

    def shop(self, v: Viewer, now: datetime, *, spend_share: float, market: bool) -> None:
        """!shop (restocking a stale shop), then !buy the best affordable upgrade, from the
        personal shop or (for market shoppers) the black market; equip it, sell the old one."""
        rules, catalogue = self.rules, self.catalogue
        if shop_is_stale(v.shop_stocked_at, len(v.shop), now, rules):
            keys = generate_shop(v.level, catalogue, rules=rules, rng=self.rng)
            self._apply((ShopStocked(v.uid, keys),), now)
        if _held(v) >= rules.items.inventory_cap:
            self.sell_junk(v, now, keep=rules.items.inventory_cap - 2)
        budget = int(v.wealth * spend_share)
        offers = [(catalogue.by_key[k], catalogue.by_key[k].price) for k in v.shop]
        item = self._upgrade(v, offers, budget)
        if item is not None:
            state = ShopPurchaseState(v.player(), tuple(v.items), tuple(v.shop), item.key, catalogue)
            outcome = resolve_shop_purchase(state, rules=rules, now=now)
            if isinstance(outcome, Rejected):
                self._refused("shop_purchase", outcome)
            else:
                self._apply(outcome.effects, now)
        if market:
            self._market(v, now, int(v.wealth * spend_share))
        self.equip_best(v, now)
        self.sell_junk(v, now, keep=2)

    def _market(self, v: Viewer, now: datetime, budget: int) -> None:
        world, rules = self.world, self.rules
        if world.market is None or world.market.rotates_at <= now:
            world.market = roll_black_market(self.catalogue, rules=rules, rng=self.rng, now=now)
            world.market_stock = {e.item_key: e for e in world.market.entries}
            self.actions += 1
        offers = [(self.catalogue.by_key[k], e.price) for k, e in world.market_stock.items() if e.stock > 0]
        item = self._upgrade(v, offers, budget)
        if item is None:
            return
        state = MarketPurchaseState(v.player(), tuple(v.items), world.market_stock[item.key], self.catalogue)
        outcome = resolve_market_purchase(state, rules=rules, now=now)
        if isinstance(outcome, Rejected):
            self._refused("market_purchase", outcome)
            return
        self._apply(outcome.effects, now)

    def collect(self, v: Viewer, now: datetime) -> None:
        """!collect: one revenue cycle of the equipped business, once per cycle interval."""
        business = _equipped(v, ItemType.BUSINESS)
        if business is None:
            return
        until = v.cooldowns.get((_COLLECT, None))
        if until is not None and until > now:
            return
        day = game_day(now, self.rules)
        if v.business_day != day:
            v.business_day, v.business_earned = day, 0
        state = BusinessState(v.uid, business, v.business_earned)
        outcome = resolve_business_cycle(state, rules=self.rules, rng=self.rng, now=now)
        if isinstance(outcome, Rejected):
            self._refused("collect", outcome)
            return
        self._apply(outcome.effects, now)
        v.business_earned += outcome.result
        v.cooldowns[(_COLLECT, None)] = now + timedelta(days=1) / self.rules.items.business_cycles_per_day

    def insure(self, v: Viewer, now: datetime, budget_share: float) -> None:
        """!insurance <plan>: the best plan whose daily premium fits the budget, renewed daily."""
        rr = self.rules.rob
        plans = [(p, rr.policy_premium[i]) for i, p in enumerate(Policy) if p is not Policy.NONE]
        affordable = [(p, c) for p, c in plans if 0 < c <= v.wealth * budget_share]
        if not affordable:
            return
        policy, premium = affordable[-1]
        paid = v.policy_paid_at
        if v.policy is policy and paid is not None and paid + _PREMIUM_PERIOD > now:
            return
        self._apply((WealthDelta(v.uid, -premium, LedgerReason.INSURANCE),), now)
        v.policy, v.policy_paid_at = policy, now

    def give(self, v: Viewer, friend: Viewer, share: float, now: datetime) -> None:
        """!give: a share of the wallet to a friend, within what the daily cap leaves."""
        day = game_day(now, self.rules)
        if v.give_day != day:
            v.give_day, v.given_today = day, 0
        left = self.rules.give.daily_cap - v.given_today
        amount = min(int(v.wealth * share), left)
        if amount < 1:
            return
        state = GiveState(v.player(), friend.player(), amount, v.given_today)
        outcome = resolve_give(state, rules=self.rules, now=now)
        if isinstance(outcome, Rejected):
            self._refused("give", outcome)
            return
        self._apply(outcome.effects, now)
        v.given_today += outcome.result.amount

    # -- supporters ---------------------------------------------------------------------------

    def support(self, v: Viewer, kind: str, units: int, tier: int, now: datetime) -> None:
        """A sub / gift bomb / cheer pays what ``reward_config`` says (bot.handlers.support)."""
        row = self.support_rows(kind)
        if row is None or not row["is_active"]:
            return
        units = max(units, row["min_units"] or 0, 1)
        mult = float((row["tier_multiplier"] or {}).get(str(tier), 1.0))
        wealth = int(row["wealth_per_unit"] * mult) * units
        xp = int(row["xp_per_unit"] * mult) * units
        effects: list[Effect] = []
        if wealth:
            effects.append(WealthDelta(v.uid, wealth, LedgerReason.SUPPORT))
        effects += gain_xp(v.uid, v.xp, v.level, xp, self.rules.progression)
        self._apply(effects, now)
        self.world.stats[f"support_{kind}"] += units

    def support_rows(self, kind: str) -> dict[str, Any] | None:
        return self.support_table.get(kind)
