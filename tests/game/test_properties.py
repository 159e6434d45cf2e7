"""Hypothesis properties across resolvers: money conserved by rob, nothing below zero,
deterministic per seed, rejections carry no effects."""

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from game import (
    DEFAULT_RULES,
    BailState,
    CheckinState,
    ItemDef,
    ItemTier,
    ItemType,
    OpenCrateState,
    OwnedCrate,
    OwnedItem,
    PlayBuffs,
    Player,
    PlayState,
    Policy,
    Rejected,
    Resolved,
    RobState,
    SeededRng,
    WealthDelta,
    resolve_bail,
    resolve_checkin,
    resolve_open_crate,
    resolve_play,
    resolve_rob,
)

from .conftest import CATALOGUE, NOW, Ledger

SETTINGS = settings(max_examples=150, deadline=None)
seeds = st.integers(min_value=0, max_value=2**63)
wealths = st.integers(min_value=0, max_value=10**12)
levels = st.integers(min_value=1, max_value=200)
maybe_time = st.one_of(st.none(), st.integers(-120, 120).map(lambda m: NOW + timedelta(minutes=m)))


@st.composite
def players(draw: st.DrawFn, user_id: int) -> Player:
    level = draw(levels)
    return Player(user_id, level=level, xp=0, wealth=draw(wealths),
                  tokens=draw(st.integers(0, 5)), jailed_until=draw(maybe_time))


@st.composite
def gear(draw: st.DrawFn, instance: int, kind: ItemType) -> OwnedItem:
    item = ItemDef(f"{kind}{instance}", f"{kind}{instance}", kind, ItemTier.RARE, 100, 50,
                   rob_bonus=draw(st.floats(0, 0.3)), defense_bonus=draw(st.floats(0, 0.3)),
                   insurance=draw(st.floats(0, 0.5)))
    return OwnedItem(instance, item, draw(st.integers(1, 100)), equipped=draw(st.booleans()))


@st.composite
def rob_states(draw: st.DrawFn) -> RobState:
    attacker = draw(players(1))
    target = draw(st.one_of(st.none(), players(2), st.just(attacker)))
    return RobState(
        attacker, target,
        attacker_items=tuple(draw(gear(10 + i, k)) for i, k in enumerate([ItemType.WEAPON])),
        target_items=tuple(draw(gear(20 + i, k)) for i, k in enumerate(ItemType)),
        target_immune=draw(st.booleans()), cooldown_until=draw(maybe_time),
        target_policy=draw(st.sampled_from(Policy)),
        target_policy_paid_at=draw(maybe_time),
        target_housing_debt_days=draw(st.integers(0, 8)),
        attacker_rob_buff=draw(st.floats(0, 0.2)), target_defense_buff=draw(st.floats(0, 0.2)),
        attack_multiplier=draw(st.floats(1, 1.2)), defense_multiplier=draw(st.floats(1, 1.2)),
    )


def ledger_for(*players_: Player | None, items: tuple[OwnedItem, ...] = ()) -> Ledger:
    ledger = Ledger()
    for p in players_:
        if p is not None:
            ledger.wealth[p.user_id] = p.wealth
            ledger.xp[p.user_id] = p.xp
            ledger.tokens[p.user_id] = p.tokens
    ledger.durability = {i.instance_id: i.durability for i in items}
    return ledger


@SETTINGS
@given(state=rob_states(), seed=seeds)
def test_rob_conserves_money_and_nothing_goes_negative(state: RobState, seed: int) -> None:
    outcome = resolve_rob(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    again = resolve_rob(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    assert outcome == again
    if isinstance(outcome, Rejected):
        return
    deltas = [e for e in outcome.effects if isinstance(e, WealthDelta)]
    assert sum(d.amount for d in deltas) == 0
    assert outcome.result.stolen + outcome.result.insured <= state.target.wealth  # type: ignore[union-attr]
    ledger = ledger_for(state.attacker, state.target,
                        items=state.attacker_items + state.target_items)
    ledger.apply(outcome.effects).assert_non_negative()


@SETTINGS
@given(player=players(1), seed=seeds, juice=st.booleans(), live=st.booleans(),
       boost=st.booleans(), bonus=st.floats(0, 1), magnet=st.booleans())
def test_play_never_negative_and_deterministic(player: Player, seed: int, juice: bool, live: bool,
                                               boost: bool, bonus: float, magnet: bool) -> None:
    state = PlayState(player, CATALOGUE, PlayBuffs(wealth_bonus=bonus, xp_bonus=bonus,
                                                  juicernaut=juice), has_crate_magnet=magnet,
                      live=live, boost=boost, crates_held=10, crates_escrowed=3)
    outcome = resolve_play(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    assert outcome == resolve_play(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    if isinstance(outcome, Resolved):
        ledger_for(player).apply(outcome.effects).assert_non_negative()
    else:
        assert not hasattr(outcome, "effects")


@SETTINGS
@given(player=players(1), seed=seeds, bond=st.booleans(), streak=st.integers(0, 400),
       last=st.one_of(st.none(), st.integers(-3, 0).map(lambda d: NOW.date() + timedelta(days=d))))
def test_bail_and_checkin_never_negative(player: Player, seed: int, bond: bool, streak: int,
                                         last: object) -> None:
    for outcome in (
        resolve_bail(BailState(player, bond), rules=DEFAULT_RULES, now=NOW),
        resolve_checkin(CheckinState(player, last, streak, streak), rules=DEFAULT_RULES, now=NOW),  # type: ignore[arg-type]
    ):
        if isinstance(outcome, Resolved):
            ledger_for(player).apply(outcome.effects).assert_non_negative()


@settings(max_examples=60, deadline=None)
@given(seed=seeds, tier=st.sampled_from(ItemTier), held=st.integers(0, 10))
def test_crate_open_is_deterministic_and_pays_only_positive(seed: int, tier: ItemTier,
                                                            held: int) -> None:
    state = OpenCrateState(1, (OwnedCrate(1, tier, NOW),), held, frozenset(), CATALOGUE)
    outcome = resolve_open_crate(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    assert outcome == resolve_open_crate(state, rules=DEFAULT_RULES, rng=SeededRng(seed), now=NOW)
    if isinstance(outcome, Resolved):
        assert all(e.amount > 0 for e in outcome.effects if isinstance(e, WealthDelta))
