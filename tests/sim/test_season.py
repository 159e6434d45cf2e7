"""The simulator's season: deterministic, money conserved exactly, the engine's odds measured."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game import DEFAULT_RULES, LedgerReason, TokenDelta, TokenReason, WealthDelta, load_catalogue
from game.rob import rob_success_chance
from kingpin_sim.report import build_result, write_report
from kingpin_sim.season import SeasonConfig, run_season
from kingpin_sim.world import EffectRefused, Viewer, World, apply_effects

NOW = datetime(2026, 1, 5, 20, tzinfo=UTC)


def _report(config: SeasonConfig, path: Path | None = None) -> bytes:
    result = build_result(config, run_season(config))
    if path is None:
        return json.dumps(result.report, indent=1, sort_keys=True).encode()
    write_report(result, path)
    return path.read_bytes()


def test_same_seed_and_rules_give_the_same_report_byte_for_byte(tmp_path: Path) -> None:
    config = SeasonConfig(viewers=150, days=4, seed=7)
    first = _report(config, tmp_path / "first.json")
    assert first == _report(config, tmp_path / "second.json")
    first = _report(config)
    assert _report(SeasonConfig(viewers=150, days=4, seed=8)) != first
    changed = DEFAULT_RULES.with_overrides({"play.bust_chance": 0.2})
    assert _report(SeasonConfig(viewers=150, days=4, seed=7, rules=changed)) != first


@pytest.fixture(scope="module")
def season() -> tuple[SeasonConfig, object]:
    config = SeasonConfig(viewers=800, days=8, seed=3)
    return config, run_season(config)


def test_faucets_minus_sinks_equal_the_change_in_money_supply_every_day(season) -> None:
    config, recorder = season
    previous = 0
    for day in recorder.days:
        assert sum(day["flows"].values()) == day["money_supply"] - previous, day["day"]
        assert day["faucets"] - day["sinks"] == day["money_supply"] - previous
        previous = day["money_supply"]
    summary = build_result(config, recorder).report["summary"]
    assert summary["conservation"]["exact"] is True
    # robs only move money: what the robbers gained is exactly what the victims lost
    assert summary["transfers"]["rob"] == -summary["transfers"]["robbed"] > 0
    assert summary["transfers"]["give_received"] == -summary["transfers"]["give_sent"] > 0
    assert summary["sinks"]["give_fee"] > 0
    assert sum(v.wealth for v in recorder.world.viewers) == summary["money_supply_end"]
    assert all(v.wealth >= 0 and v.tokens >= 0 for v in recorder.world.viewers)


def test_every_system_that_exists_takes_part(season) -> None:
    _, recorder = season
    flows = recorder.world.flows
    for reason in ("play", "play_loss", "checkin", "rob", "robbed", "bail", "shop_purchase",
                   "item_sale", "crate_wealth", "support", "give_sent", "give_received", "give_fee"):
        assert flows.get(reason, 0) != 0, reason
    stats = recorder.world.stats
    assert stats["tokens_earned_chat"] > 0 and stats["tokens_earned_checkin"] > 0
    assert stats["tokens_spent_rob"] == recorder.sim.checks.rob_attempts


def _z(hits: int, trials: int, p: float) -> float:
    return (hits / trials - p) / math.sqrt(p * (1 - p) / trials)


def test_play_outcome_rates_match_the_published_odds(season) -> None:
    _, recorder = season
    c, pr = recorder.sim.checks, DEFAULT_RULES.play
    assert c.plays > 10_000
    assert abs(_z(c.busts, c.plays, pr.bust_chance)) < 4
    assert abs(_z(c.negative, c.not_busted, pr.negative_chance)) < 4
    assert abs(_z(c.crate_drops, c.not_busted, pr.crate_chance)) < 4
    measured = recorder.world.stats["times_jailed"] / recorder.world.stats["total_play_count"]
    assert measured == pytest.approx(pr.bust_chance, abs=0.01)


def test_rob_success_rate_matches_the_engine_analytic_odds(season) -> None:
    _, recorder = season
    c = recorder.sim.checks
    assert c.rob_attempts > 500
    assert abs(c.rob_successes - c.rob_chance_sum) / math.sqrt(c.rob_chance_sq_sum) < 4
    # the analytic chance for two bare Punks of equal level is the base rate
    rr = DEFAULT_RULES.rob
    assert rob_success_chance(1, 1, 0.0, 0.0, rr) == rr.base_rate
    assert rr.base_min <= c.rob_successes / c.rob_attempts <= rr.base_max


def _world(*wealth: int) -> World:
    viewers = [Viewer(i + 1, 0) for i in range(len(wealth))]
    for v, w in zip(viewers, wealth, strict=True):
        v.wealth = w
    return World(load_catalogue(), viewers)


def test_apply_effects_refuses_what_the_wallet_guard_refuses() -> None:
    world = _world(100, 0)
    apply_effects(world, (WealthDelta(1, -40, LedgerReason.BAIL),), NOW)
    assert world.viewers[0].wealth == 60 and world.flows["bail"] == -40
    with pytest.raises(EffectRefused):
        apply_effects(world, (WealthDelta(2, -1, LedgerReason.SHOP),), NOW)
    with pytest.raises(EffectRefused):
        apply_effects(world, (TokenDelta(2, -1, TokenReason.ROB),), NOW)
