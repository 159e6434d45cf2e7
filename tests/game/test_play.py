from collections import Counter
from datetime import timedelta

import pytest

from game import (
    DEFAULT_RULES,
    Catalogue,
    CooldownSet,
    CrateGranted,
    JailSet,
    PlayBuffs,
    Player,
    PlayEvent,
    PlayState,
    Rejected,
    RejectReason,
    Resolved,
    SeededRng,
    Tier,
    TokenDelta,
    WealthDelta,
    resolve_play,
)

from .conftest import NOW

NO_BUST = DEFAULT_RULES.with_overrides({"play.bust_chance": 0.0, "play.crate_chance": 0.0})


def one_event_catalogue(event: PlayEvent) -> Catalogue:
    return Catalogue.build((), (), (event,))


def play(state: PlayState, seed: int = 1, rules=DEFAULT_RULES):  # type: ignore[no-untyped-def]
    return resolve_play(state, rules=rules, rng=SeededRng(seed), now=NOW)


def test_jailed_and_offline_cooldown_rejections(catalogue: Catalogue) -> None:
    jailed = Player(1, jailed_until=NOW + timedelta(minutes=5))
    assert play(PlayState(jailed, catalogue)) == Rejected(RejectReason.JAILED, until=jailed.jailed_until)
    until = NOW + timedelta(minutes=2)
    offline = PlayState(Player(1), catalogue, live=False, cooldown_until=until)
    assert play(offline) == Rejected(RejectReason.ON_COOLDOWN, until=until)
    live = PlayState(Player(1), catalogue, live=True, cooldown_until=until)
    assert isinstance(play(live), Resolved)


def test_offline_play_sets_the_five_minute_cooldown(catalogue: Catalogue) -> None:
    outcome = play(PlayState(Player(1), catalogue, live=False))
    assert isinstance(outcome, Resolved)
    cooldowns = [e for e in outcome.effects if isinstance(e, CooldownSet)]
    assert cooldowns[0].until == NOW + timedelta(minutes=5)


def test_token_gate_off_by_default_and_boost_costs_a_token(catalogue: Catalogue) -> None:
    assert isinstance(play(PlayState(Player(1, tokens=0), catalogue)), Resolved)
    gated = DEFAULT_RULES.with_overrides({"play.require_token": True})
    assert play(PlayState(Player(1), catalogue), rules=gated) == Rejected(RejectReason.NO_TOKEN, amount=1)
    boosted = play(PlayState(Player(1, tokens=1), catalogue, boost=True))
    assert isinstance(boosted, Resolved)
    assert sum(e.amount for e in boosted.effects if isinstance(e, TokenDelta)) == -1


def test_tier_multiplier_then_cap_then_buffs() -> None:
    top = PlayEvent(Tier.KINGPIN, "Power", "Top", "x", False, 100_000, 100_000, 3_000, 3_000)
    kingpin = Player(1, level=100)
    plain = play(PlayState(kingpin, one_event_catalogue(top)), rules=NO_BUST)
    assert isinstance(plain, Resolved)
    assert (plain.result.wealth, plain.result.xp) == (150_000, 4_500)  # ×1.5, cap 150,000 not hit
    buffs = PlayBuffs(wealth_bonus=0.10, juicernaut=True, territory_all=0.05)
    no_token = PlayState(kingpin, one_event_catalogue(top), buffs=buffs, boost=True)
    assert play(no_token, rules=NO_BUST) == Rejected(RejectReason.NO_TOKEN, amount=1)
    rich = Player(1, level=100, tokens=1)
    buffed = play(PlayState(rich, one_event_catalogue(top), buffs=buffs, boost=True), rules=NO_BUST)
    assert isinstance(buffed, Resolved)
    # wealth 150,000 → +10 % 165,000 → ×1.25 206,250 → +5 % 216,562 → boost ×1.25 270,702
    assert buffed.result.wealth == 270_702
    # XP 4,500 → ×2 9,000 → +5 % 9,450 → boost ×1.25 11,812
    assert buffed.result.xp == 11_812


def test_cap_binds_when_multiplied_top_event_exceeds_it() -> None:
    rules = NO_BUST.with_overrides({"play.wealth_caps": [500, 2_000, 7_200, 20_800, 56_000, 150_000]})
    top = PlayEvent(Tier.ASSOCIATE, "X", "Top", "x", False, 2_000, 2_000, 10, 10)
    outcome = play(PlayState(Player(1, level=20), one_event_catalogue(top)), rules=rules)
    assert isinstance(outcome, Resolved) and outcome.result.wealth == 2_000


def test_negative_event_never_takes_more_than_wealth_and_ignores_wealth_buffs() -> None:
    loss = PlayEvent(Tier.PUNK, "Setback", "Oops", "x", True, 200, 200, 5, 5)
    cat = Catalogue.build((), (), (loss,))
    poor = play(PlayState(Player(1, wealth=50), cat, buffs=PlayBuffs(juicernaut=True)), rules=NO_BUST)
    assert isinstance(poor, Resolved)
    assert [e for e in poor.effects if isinstance(e, WealthDelta)][0].amount == -50
    assert poor.result.xp == 10  # Juicernaut doubles XP even on a setback
    rich = play(PlayState(Player(1, wealth=10_000), cat, buffs=PlayBuffs(juicernaut=True)), rules=NO_BUST)
    assert isinstance(rich, Resolved) and rich.result.wealth == -200


def test_bust_rate_and_jail(catalogue: Catalogue) -> None:
    rng = SeededRng(2024)
    n, busts = 20_000, 0
    for _ in range(n):
        outcome = resolve_play(PlayState(Player(1), catalogue), rules=DEFAULT_RULES, rng=rng, now=NOW)
        assert isinstance(outcome, Resolved)
        if outcome.result.busted:
            busts += 1
            assert JailSet(1, NOW + timedelta(minutes=60)) in outcome.effects
            assert not any(isinstance(e, WealthDelta) for e in outcome.effects)
    assert busts / n == pytest.approx(0.05, abs=0.005)  # ≈ 3.2 standard deviations


def test_negative_share_and_crate_drop_rate(catalogue: Catalogue) -> None:
    rng = SeededRng(77)
    n, negative, crates = 20_000, 0, Counter()
    state = PlayState(Player(1, level=100, wealth=10**9), catalogue, buffs=PlayBuffs(juicernaut=True))
    for _ in range(n):
        outcome = resolve_play(state, rules=DEFAULT_RULES, rng=rng, now=NOW)
        assert isinstance(outcome, Resolved)
        if not outcome.result.busted:
            negative += outcome.result.event.negative
        for effect in outcome.effects:
            if isinstance(effect, CrateGranted):
                crates[effect.tier] += 1
    played = n * 0.95
    assert negative / played == pytest.approx(0.15, abs=0.012)
    assert sum(crates.values()) / played == pytest.approx(0.06, abs=0.008)  # 2 % × Juicernaut 3


def test_crate_magnet_forces_a_drop_half_the_time(catalogue: Catalogue) -> None:
    rules = DEFAULT_RULES.with_overrides({"play.bust_chance": 0.0, "play.crate_chance": 0.0})
    rng = SeededRng(5)
    drops = 0
    for _ in range(4_000):
        outcome = resolve_play(PlayState(Player(1), catalogue, has_crate_magnet=True), rules=rules,
                               rng=rng, now=NOW)
        assert isinstance(outcome, Resolved)
        drops += outcome.result.crate is not None
    assert drops / 4_000 == pytest.approx(0.5, abs=0.03)
