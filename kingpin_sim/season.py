"""A season: build the population, then for each day schedule what every viewer does, resolve it
in time order through `Sim`, and take the day's measurements.

Two random streams are kept apart: *behaviour* (who watches, when, how many plays — Python's
``random.Random`` seeded from the run's seed) and the *engine's rolls* (the provably fair
`game.rng.FairRng`, one nonce per day, server seed derived from the run's seed). Changing a rule
therefore leaves the audience and its schedule alone until outcomes make viewers choose
differently, which is what a side-by-side comparison needs.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from game.catalogue import Catalogue, load_catalogue
from game.jail import bail_cost
from game.model import TIERS
from game.rng import FairRng
from game.rules import DEFAULT_RULES, Rules
from kingpin_sim.actions import Sim, load_support_rewards
from kingpin_sim.metrics import DayRecorder
from kingpin_sim.population import Population
from kingpin_sim.rules_file import scale_catalogue
from kingpin_sim.world import Viewer, World

__all__ = ["SeasonConfig", "run_season"]

# Event kinds, in the order they sort when two land on the same second.
CHAT, CHECKIN, INSURE, COLLECT, SUB, GIFT, BITS, PLAY, OFFLINE_PLAY, ROB, GIVE, SHOP, CRATES = range(13)
_DAY = 86_400


@dataclass(frozen=True, slots=True)
class SeasonConfig:
    viewers: int = 10_000
    days: int = 30
    seed: int = 1
    rules: Rules = DEFAULT_RULES
    population: Population = field(default_factory=Population)
    overrides: tuple[tuple[str, object], ...] = ()  # what --rules changed, for the report
    content: tuple[tuple[str, float], ...] = ()  # content scales (kingpin_sim.rules_file)


def _poisson(rnd: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:  # normal approximation keeps large means cheap
        return max(0, round(rnd.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rnd.random()
    while p > limit:
        k += 1
        p *= rnd.random()
    return k


def server_seed(seed: int) -> bytes:
    """The fair generator's server seed for a run: public, derived from ``--seed``."""
    return hashlib.sha256(f"kingpin-simulate:{seed}".encode()).digest()


def build_world(config: SeasonConfig, rnd: random.Random, catalogue: Catalogue) -> World:
    archetypes = config.population.archetypes
    cumulative, total = [], 0.0
    for a in archetypes:
        total += a.share
        cumulative.append(total)
    viewers = []
    for uid in range(1, config.viewers + 1):
        pick = rnd.random() * total
        index = next(i for i, c in enumerate(cumulative) if pick < c) if pick < total else len(archetypes) - 1
        v = Viewer(uid, index)
        if rnd.random() < archetypes[index].subscriber:
            v.supporter_day = rnd.randrange(30)
        viewers.append(v)
    return World(catalogue, viewers)


class _Day:
    """The schedule of one game day: a list of ``(second, seq, kind, viewer, arg)`` events."""

    def __init__(self, config: SeasonConfig, rnd: random.Random, day: int) -> None:
        self.pop, self.rnd, self.day = config.population, rnd, day
        self.events: list[tuple[int, int, int, int, int]] = []
        self.present: list[int] = []  # viewers watching the stream (indexes)

    def add(self, second: float, kind: int, viewer: int, arg: int = 0) -> None:
        self.events.append((min(int(second), _DAY - 1), len(self.events), kind, viewer, arg))

    def offline_second(self) -> float:
        pop = self.pop
        start, length = pop.stream_start_hour * 3600, pop.stream_hours * 3600
        s = self.rnd.uniform(0, _DAY - length)
        return s if s < start else s + length


def _schedule(config: SeasonConfig, world: World, rnd: random.Random, day: int, stream: bool) -> _Day:
    pop = config.population
    plan = _Day(config, rnd, day)
    add, uniform, rand = plan.add, rnd.uniform, rnd.random
    start, length = pop.stream_start_hour * 3600, pop.stream_hours * 3600
    for index, v in enumerate(world.viewers):
        a = pop.archetypes[v.archetype]
        watching = stream and rand() < a.attend
        around = watching or rand() < a.offline_presence
        if v.supporter_day == day % 30:
            r = rand()
            tier = 1 if r < pop.sub_tiers[0] else 2 if r < pop.sub_tiers[0] + pop.sub_tiers[1] else 3
            when = uniform(start, start + length) if stream else plan.offline_second()
            add(when, SUB, index, 10 * tier + (1 if day >= 30 else 0))
        if not around:
            continue
        if watching:
            plan.present.append(index)
            arrive = start + uniform(0, 0.6 * length)
            leave = uniform(arrive + 0.3 * length, start + length)
            messages = int(rnd.expovariate(1.0 / a.messages)) if a.messages > 0 else 0
            if messages:
                cuts = sorted(rnd.randint(1, messages) for _ in range(min(3, messages - 1)))
                for when, upto in zip(sorted(uniform(arrive, leave) for _ in cuts), cuts, strict=True):
                    add(when, CHAT, index, upto)
                add(leave, CHAT, index, messages)
            first = arrive
            for _ in range(_poisson(rnd, a.plays)):
                add(uniform(arrive, leave), PLAY, index)
            for _ in range(_poisson(rnd, a.robs)):
                add(uniform(arrive, leave), ROB, index)
            if a.gives and rand() < a.gives:
                add(uniform(arrive, leave), GIVE, index)
            if a.cheers and rand() < a.cheers:
                add(uniform(arrive, leave), BITS, index, pop.cheer_sizes[rnd.randrange(len(pop.cheer_sizes))])
        else:
            first = plan.offline_second()
            leave = min(first + 1800, _DAY - 1)
        if rand() < a.checkin:
            add(first + 30, CHECKIN, index)
        if a.insures:
            add(first + 40, INSURE, index)
        if a.collects:
            add(first + 60, COLLECT, index)
            add(plan.offline_second(), COLLECT, index)
        if rand() < a.shops:
            add(uniform(first + 60, max(first + 61, leave)), SHOP, index)
        if rand() < a.opens_crates:
            add(max(first + 90, leave - 300), CRATES, index)
        for _ in range(_poisson(rnd, a.offline_plays)):
            add(plan.offline_second(), OFFLINE_PLAY, index)
    if stream and plan.present:
        givers = [i for i in plan.present if pop.archetypes[world.viewers[i].archetype].subscriber >= 0.1]
        for _ in range(_poisson(rnd, pop.gift_bombs_per_stream)):
            if givers:
                size = pop.gift_bomb_sizes[rnd.randrange(len(pop.gift_bomb_sizes))]
                add(uniform(start, start + length), GIFT, rnd.choice(givers), size)
    plan.events.sort()
    return plan


def run_season(
    config: SeasonConfig, progress: Callable[[int, int, int], None] | None = None
) -> DayRecorder:
    """Simulate ``config.days`` days; ``progress(done, days, actions)`` after each day."""
    rules, pop = config.rules, config.population
    rnd = random.Random(config.seed)
    catalogue = scale_catalogue(load_catalogue(), dict(config.content))
    world = build_world(config, rnd, catalogue)
    sim = Sim(world, rules, FairRng(server_seed(config.seed), "simulate", 0), catalogue, load_support_rewards())
    recorder = DayRecorder(world, sim, rules)
    zone = ZoneInfo(rules.game_timezone)
    seed = server_seed(config.seed)
    for day in range(config.days):
        date = pop.start + timedelta(days=day)
        midnight = datetime.combine(date, time(0), tzinfo=zone).astimezone(UTC)
        stream = date.weekday() in pop.stream_weekdays
        sim.rng = FairRng(seed, "simulate", day)
        plan = _schedule(config, world, rnd, day, stream)
        _run_day(sim, world, pop, rnd, plan, midnight)
        recorder.end_of_day(day, date, stream)
        if progress is not None:
            progress(day + 1, config.days, sim.actions)
    return recorder


def _run_day(sim: Sim, world: World, pop: Population, rnd: random.Random, plan: _Day, midnight: datetime) -> None:
    viewers = world.viewers
    archetypes = pop.archetypes
    present = plan.present
    top = sorted(present, key=lambda i: (-viewers[i].wealth, i))[: pop.top_targets]
    messages: dict[int, int] = {}
    rules = sim.rules
    token_cost = rules.rob.token_cost
    delta = timedelta
    hourly = _hourly_play_income(sim.catalogue, rules)
    for second, _, kind, index, arg in plan.events:
        v = viewers[index]
        v.seen = True
        now = midnight + delta(seconds=second)
        if kind in (PLAY, OFFLINE_PLAY):
            live = kind == PLAY
            if sim.play(v, now, live=live):
                a = archetypes[v.archetype]
                rate = a.plays / pop.stream_hours if live else min(12.0, a.offline_plays / (24 - pop.stream_hours))
                worth = pop.bail_impatience * rate * hourly[v.tier.rank]
                if rnd.random() < a.bails and bail_cost(v.wealth, v.level, rules) <= worth:
                    sim.bail(v, now + delta(seconds=10))
        elif kind == CHAT:
            before = messages.get(index, 0)
            messages[index] = arg
            sim.chat(v, before, arg, now)
        elif kind == ROB:
            if v.tokens < token_cost or (v.jailed_until is not None and v.jailed_until > now):
                continue
            target = _pick_target(rnd, v, viewers, present, top, archetypes[v.archetype].rich_targets, now)
            if target is not None:
                sim.rob(v, target, now)
        elif kind == CHECKIN:
            sim.checkin(v, now)
        elif kind == GIVE:
            friend = viewers[present[rnd.randrange(len(present))]]
            if friend is not v:
                sim.give(v, friend, pop.give_share, now)
        elif kind == CRATES:
            if v.crates:
                sim.open_crates(v, now)
        elif kind == SHOP:
            a = archetypes[v.archetype]
            sim.shop(v, now, spend_share=a.spend_share, market=a.market)
        elif kind == COLLECT:
            sim.collect(v, now)
        elif kind == INSURE:
            sim.insure(v, now, pop.insurance_budget)
        elif kind == SUB:
            sim.support(v, "resub" if arg % 10 else "sub", 1, arg // 10, now)
        elif kind == GIFT:
            sim.support(v, "gift_sub", arg, 1, now)
        elif kind == BITS:
            sim.support(v, "bits", arg, 1, now)


def _hourly_play_income(catalogue: Catalogue, rules: Rules) -> list[float]:
    """Mean wealth of one play, by tier (what an hour in jail costs per play missed)."""
    pr, means = rules.play, []
    for rank, tier in enumerate(TIERS):
        good = catalogue.positive_events.get(tier, ())
        bad = catalogue.negative_events.get(tier, ())
        mult = rules.progression.tier_multipliers[rank]
        gain = sum((e.wealth_min + e.wealth_max) / 2 for e in good) / len(good) * mult if good else 0.0
        loss = sum((e.wealth_min + e.wealth_max) / 2 for e in bad) / len(bad) if bad else 0.0
        means.append((1 - pr.bust_chance) * ((1 - pr.negative_chance) * gain - pr.negative_chance * loss))
    return means


def _pick_target(
    rnd: random.Random, v: Viewer, viewers: list[Viewer], present: list[int], top: list[int],
    rich_share: float, now: datetime,
) -> Viewer | None:
    """Someone in chat worth robbing and not on cooldown (three tries, then give up)."""
    for _ in range(3):
        pool = top if top and rnd.random() < rich_share else present
        target = viewers[pool[rnd.randrange(len(pool))]]
        if target is v or target.wealth <= 0:
            continue
        until = v.cooldowns.get(("rob_target", target.uid))
        if until is not None and until > now:
            continue
        return target
    return None
