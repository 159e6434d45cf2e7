"""Goals engine: counters derived from effects, mission assignment, scaling and set rewards."""

from __future__ import annotations

import json
from collections import Counter as Tally
from datetime import date
from pathlib import Path

import pytest

from game import DEFAULT_RULES, SeededRng, Tier, tier_multiplier
from game.achievements import (
    AchievementView,
    Completed,
    nearest,
    progress_bar,
    reward_effects,
    shown_name,
)
from game.counters import ACHIEVEMENT_COUNTER, LIVE, MISSION_COUNTER, PENDING, Counter, Mode
from game.effects import (
    BondDelta,
    CheckinRecorded,
    CrateOpened,
    DropType,
    GoalProgress,
    ItemGranted,
    ItemMoved,
    LedgerReason,
    LevelChanged,
    MarketStockTaken,
    ShopItemBought,
    Stat,
    StatIncrement,
    TitleUnlocked,
    WealthDelta,
    XpDelta,
)
from game.goals import EARNING_REASONS, RecordType, goal_inputs
from game.missions import (
    CALENDAR_BOUND,
    MissionTemplate,
    MissionType,
    assign,
    calendar_objective,
    scaled_objective,
    set_reward,
)
from game.model import ItemTier

CONTENT = Path(__file__).resolve().parents[2] / "game" / "content"
RULES = DEFAULT_RULES


def templates() -> list[MissionTemplate]:
    rows = json.loads((CONTENT / "mission_templates.json").read_text())["rows"]
    return [
        MissionTemplate(
            r["key"], MissionType(r["mission_type"]), r["category"], r["difficulty"], r["name"],
            r["description"], r["objective_type"], r["objective_base_value"], r["is_luck_based"],
            r["reward_wealth"], r["reward_xp"],
        )
        for r in rows
    ]


def achievements() -> list[dict]:
    return json.loads((CONTENT / "achievements.json").read_text())["rows"]


def never(_: str) -> bool:
    return False


# -- the vocabulary -----------------------------------------------------------------------------


def test_every_achievement_and_objective_has_a_counter() -> None:
    for row in achievements():
        assert row["requirement_type"] in ACHIEVEMENT_COUNTER, row["key"]
    for t in templates():
        assert t.objective_type in MISSION_COUNTER, t.key
    # every objective of a shipped template is fed today
    assert {MISSION_COUNTER[t.objective_type] for t in templates()} <= LIVE


def test_modes_match_the_content_declaration() -> None:
    declared = json.loads((CONTENT / "achievements.json").read_text())["requirement_types"]
    for name, spec in declared.items():
        counter = ACHIEVEMENT_COUNTER[name]
        assert counter.mode is (Mode.SET if spec["progress"] == "set" else Mode.ADD), name


def test_every_achievement_has_a_producer() -> None:
    # the crown, the casino and factions feed theirs now; PENDING keeps only counters that no
    # achievement uses yet
    pending_types = {r["requirement_type"] for r in achievements() if ACHIEVEMENT_COUNTER[r["requirement_type"]] in PENDING}
    assert pending_types == set()
    assert set(PENDING) == {Counter.GAMBLING_TOTAL_WON, Counter.HIGH_ROLLER_WAGER}


# -- derivation ---------------------------------------------------------------------------------


def _progress(effects, **kw):
    out = goal_inputs(effects, is_legendary=kw.pop("legendary", never), **kw)
    got: dict[tuple[int, Counter], int] = {}
    for p in out.progress:
        key = (p.user_id, p.counter)
        got[key] = p.amount if p.counter.mode is Mode.SET else got.get(key, 0) + p.amount
    return out, got


def test_play_rob_checkin_effects_feed_their_counters() -> None:
    effects = [
        StatIncrement(1, Stat.PLAYS), StatIncrement(1, Stat.BUSTS), StatIncrement(1, Stat.WEALTH_EARNED, 90),
        WealthDelta(1, 90, LedgerReason.PLAY),
        StatIncrement(1, Stat.ROB_ATTEMPTS), StatIncrement(1, Stat.ROB_SUCCESSES),
        WealthDelta(2, -40, LedgerReason.ROBBED, 1), WealthDelta(1, 40, LedgerReason.ROB, 2),
        StatIncrement(3, Stat.ROB_DEFENSES), StatIncrement(3, Stat.BAILS), StatIncrement(3, Stat.CHECKINS),
        CheckinRecorded(3, date(2026, 1, 5), 7, 9), LevelChanged(3, 4, 6),
    ]
    out, got = _progress(effects)
    assert got[(1, Counter.PLAYS)] == 1 and got[(1, Counter.BUSTS)] == 1
    assert got[(1, Counter.WEALTH_EARNED)] == 130  # play + rob loot; the victim's loss is no earning
    assert got[(1, Counter.ROB_ATTEMPTS)] == 1 and got[(1, Counter.ROB_WINS)] == 1
    assert got[(3, Counter.ROB_DEFENSES)] == 1 and got[(3, Counter.BAILS)] == 1
    assert got[(3, Counter.CHECKINS)] == 1 and got[(3, Counter.CHECKIN_STREAK)] == 7
    assert got[(3, Counter.LEVEL)] == 6
    assert (2, Counter.WEALTH_EARNED) not in got
    assert out.rob_steps == {1: True}
    records = {(r.record, r.user_id): r.value for r in out.records}
    assert records[(RecordType.BIGGEST_SINGLE_ROB, 1)] == 40
    assert records[(RecordType.LONGEST_STREAK, 3)] == 9 and records[(RecordType.HIGHEST_LEVEL, 3)] == 6


def test_failed_rob_resets_the_streak_and_items_feed_collection() -> None:
    effects = [
        StatIncrement(1, Stat.ROB_ATTEMPTS), ItemGranted(1, "x", 100), ItemMoved(5, 2, 4),
        CrateOpened(1, 9, ItemTier.LEGENDARY, DropType.WEAPON, item_key="gold_gun"),
        ShopItemBought(1, "x"), WealthDelta(4, -500, LedgerReason.MARKET), MarketStockTaken("y"),
        WealthDelta(1, 300, LedgerReason.BUSINESS, 7),
    ]
    out, got = _progress(effects, legendary=lambda key: key == "gold_gun")
    assert out.rob_steps == {1: False}
    assert out.item_receivers == {1, 4}
    assert got[(1, Counter.LEGENDARY_CRATE_ITEMS)] == 1
    assert got[(1, Counter.ITEMS_PURCHASED)] == 1 and got[(4, Counter.ITEMS_PURCHASED)] == 1
    assert got[(1, Counter.BUSINESS_COLLECTIONS)] == 1 and got[(1, Counter.WEALTH_EARNED)] == 300


def test_only_earnings_count_as_wealth_earned() -> None:
    for reason in LedgerReason:
        _, got = _progress([WealthDelta(1, 100, reason)])
        assert ((1, Counter.WEALTH_EARNED) in got) is (reason in EARNING_REASONS), reason
    assert LedgerReason.ADMIN not in EARNING_REASONS and LedgerReason.LINK_MERGE not in EARNING_REASONS


def test_goal_progress_effects_pass_through_for_new_systems() -> None:
    _, got = _progress([GoalProgress(8, Counter.GAMBLING_WINS, 2)])
    assert got == {(8, Counter.GAMBLING_WINS): 2}


def test_peak_wealth_offers_only_for_earnings() -> None:
    out = goal_inputs(
        [WealthDelta(1, 50, LedgerReason.PLAY), WealthDelta(2, -5, LedgerReason.SHOP),
         WealthDelta(3, 900, LedgerReason.GIVE_RECEIVED)],
        is_legendary=never, balances={1: 950, 2: 10, 3: 5_000},
    )
    assert [(r.record, r.user_id, r.value) for r in out.records] == [(RecordType.HIGHEST_WEALTH, 1, 950)]


# -- achievements -------------------------------------------------------------------------------


def test_rewards_pay_wealth_xp_bonds_title_and_notify() -> None:
    done = [
        Completed(1, "a", "A", "gold", 1_000, 100, 0, None),
        Completed(1, "b", "B", "platinum", 5_000, 400, 250, "Tycoon"),
    ]
    effects = reward_effects(done, xp=0, level=1, rules=RULES.progression)
    assert WealthDelta(1, 6_000, LedgerReason.ACHIEVEMENT) in effects
    assert sum(e.amount for e in effects if isinstance(e, XpDelta)) == 500
    assert any(isinstance(e, LevelChanged) for e in effects)  # 500 XP is past level 2
    assert BondDelta(1, 250) in effects and TitleUnlocked(1, "Tycoon", "achievement") in effects


def test_catalogue_titles_only_platinum_and_up_and_bonds_per_spec() -> None:
    rows = achievements()
    assert len(rows) == 62
    for r in rows:
        if r["reward_title"]:
            assert r["tier"] in ("platinum", "legendary"), r["key"]
    bonds = {r["key"]: r["reward_bonds"] for r in rows if r["reward_bonds"]}
    assert bonds == {"experience_legend": 500, "wealth_millionaire": 100, "wealth_made_it": 250,
                     "wealth_kingpin_fortune": 500}


def test_nearest_and_hidden() -> None:
    views = [
        AchievementView("a", "Rob Wins", "", "bronze", "rob_wins", 10, 7, False, False),
        AchievementView("b", "Far", "", "bronze", "play_count", 100, 1, False, False),
        AchievementView("c", "Secret", "", "bronze", "bust_count", 1, 0, False, True),
        AchievementView("d", "Casino", "", "bronze", "gambling_total_won", 10, 0, False, False),  # no producer yet
        AchievementView("e", "Done", "", "bronze", "level", 5, 5, True, False),
    ]
    assert [v.key for v in nearest(views)] == ["a", "b"]
    assert shown_name(views[2]) == "???" and shown_name(views[3]) == "???"
    assert views[3].coming_with == "the casino"
    assert progress_bar(7, 10) == "▰▰▰▱▱ 7/10"


# -- missions -----------------------------------------------------------------------------------


def test_assignment_follows_variety_rules_and_weights() -> None:
    pool = templates()
    tally: Tally[str] = Tally()
    for seed in range(3000):
        picked = assign(pool, MissionType.DAILY, multiplier=1.0, rules=RULES.goals, rng=SeededRng(seed))
        assert len(picked) == 3
        assert len({p.template.category for p in picked}) == 3
        assert sum(p.template.luck_based for p in picked) <= 1
        tally[picked[0].template.difficulty] += 1
        weekly = assign(pool, MissionType.WEEKLY, multiplier=1.0, rules=RULES.goals, rng=SeededRng(seed))
        assert len(weekly) == 2 and len({p.template.key for p in weekly}) == 2
    # the first slot always finds its rolled difficulty: it follows the weights 50/35/15
    assert abs(tally["easy"] / 3000 - 0.50) < 0.04
    assert abs(tally["medium"] / 3000 - 0.35) < 0.04
    assert abs(tally["hard"] / 3000 - 0.15) < 0.03


def _capacity(objective: str, days: int) -> int:
    """The most a player can produce in ``days`` game days (what the game allows, not luck)."""
    tokens = RULES.tokens
    match objective:
        case "checkin_today" | "checkin_week" | "checkin_streak":
            return days  # one check-in a game day
        case "rob_attempts" | "rob_successes":
            return tokens.balance_cap + days * (tokens.checkin_tokens + tokens.chat_tokens_per_day)
        case "play_count":
            return days * 24 * 3600 // RULES.play.offline_cooldown_seconds  # even offline
        case _:
            return 10**9  # chat lines and views have no limit beyond the 3 s throttle


@pytest.mark.parametrize("tier", list(Tier))
def test_every_template_is_completable_at_every_tier_within_its_period(tier: Tier) -> None:
    mult = tier_multiplier(tier, RULES.progression)
    for t in templates():
        days = 1 if t.mission_type is MissionType.DAILY else 7
        objective = scaled_objective(t, mult)
        assert objective <= _capacity(t.objective_type, days), (t.key, tier, objective)
        if t.objective_type in CALENDAR_BOUND:
            assert objective == t.base_value  # never scaled
        # assigned on any day of the week, the calendar cap keeps it reachable
        for days_left in range(1, days + 1):
            for done in range(days - days_left + 1):
                for today in (False, True):
                    if today and done == 0:
                        continue
                    goal = calendar_objective(objective, done=done, days_left=days_left, checked_in_today=today) \
                        if t.objective_type in CALENDAR_BOUND else objective
                    reachable = done + days_left - (1 if today else 0) if t.objective_type in CALENDAR_BOUND else goal
                    assert goal <= max(1, reachable)


def test_scaling_matches_the_spec_example() -> None:
    pool = {t.key: t for t in templates()}
    kingpin = tier_multiplier(Tier.KINGPIN, RULES.progression)
    assert scaled_objective(pool["D-ECON-03"], kingpin) == 38  # ceil(25 × 1.5)
    assert scaled_objective(pool["D-LOYA-01"], kingpin) == 1
    assert scaled_objective(pool["W-LOYA-01"], kingpin) == 7
    rewards = [(750, 75), (1_500, 150), (3_000, 300)]
    paid = set_reward(rewards, MissionType.DAILY, rules=RULES.goals)
    assert (paid.wealth, paid.xp, paid.crate) == (5_750, 575, None)  # spec 10 §3 Kingpin example
    weekly = set_reward([(3_000, 300), (6_000, 600)], MissionType.WEEKLY, rules=RULES.goals)
    assert (weekly.wealth, weekly.xp, weekly.crate) == (11_000, 1_100, "common")


def test_set_reward_respects_the_wealth_caps() -> None:
    paid = set_reward([(14_800, 10)], MissionType.DAILY, rules=RULES.goals)
    assert (paid.base_wealth, paid.bonus_wealth) == (14_800, 200)  # bonus from what remains
    capped = set_reward([(60_000, 10)], MissionType.WEEKLY, rules=RULES.goals, claimed_in_period=0)
    assert capped.wealth == 50_000 and capped.bonus_xp == 200
    # the largest possible seeded claims stay below the caps (spec 10 §2)
    pool = templates()
    kingpin = tier_multiplier(Tier.KINGPIN, RULES.progression)
    for mission_type, n in ((MissionType.DAILY, 3), (MissionType.WEEKLY, 2)):
        best = sorted((t.reward_wealth for t in pool if t.mission_type is mission_type), reverse=True)[:n]
        raw = sum(int(w * kingpin) for w in best)
        paid = set_reward([(int(w * kingpin), 0) for w in best], mission_type, rules=RULES.goals)
        assert paid.base_wealth == raw

