"""The heist trivia about the game states the game as it is now (answers pinned to Rules)."""

from __future__ import annotations

import json
from pathlib import Path

from game import DEFAULT_RULES as R
from game.live.heist import HeistKind, matches

ROWS = {r["key"]: r for r in json.loads((Path(__file__).parents[2] / "game/content/trivia.json").read_text())["rows"]}

FACTS: dict[str, object] = {
    "game_010": R.progression.tier_min_levels[1],
    "game_017": R.progression.tier_min_levels[5],
    "game_018": R.play.jail_minutes,
    "game_019": round(R.play.bust_chance * 100),
    "game_031": R.rob.cooldown_hours,
    "game_032": R.crates.held_cap,
    "game_033": R.items.inventory_cap,
    "game_035": round(R.play.juicernaut_loot),
    "game_036": f"{round(R.play.juicernaut_xp)}x",
    "game_037": round(R.play.crate_chance * 100),
    "game_041": R.checkin.legendary_every,
    "game_042": R.checkin.uncommon_every,
    "game_043": R.checkin.streak_reward_cap,
    "game_046": 24 // R.items.business_cycles_per_day,
    "game_047": R.items.max_businesses,
    "game_048": round(R.rob.base_rate * 100),
    "game_049": R.rob.xp_success,
    "game_050": R.shop.market_rotation_hours,
    "game_051": round(R.shop.featured_discount * 100),
    "game_057": R.live.heist_first_minutes,
}


def test_pool_size_and_game_share() -> None:
    assert len(ROWS) >= 60
    assert sum(1 for r in ROWS.values() if r["category"] == "game") >= 60


def test_game_facts_match_the_rules() -> None:
    for key, value in FACTS.items():
        assert ROWS[key]["answer"] == str(value), (key, ROWS[key]["question"], value)


def test_platinum_is_the_ninety_percent_policy() -> None:
    assert R.rob.policy_protection[-1] == 0.90 and ROWS["game_058"]["answer"] == "Platinum"


def test_every_trivia_answer_matches_itself_and_its_alternatives() -> None:
    for row in ROWS.values():
        accepted = (row["answer"], *row["alternatives"])
        for answer in accepted:
            assert matches(HeistKind.TRIVIA, answer, accepted), row["key"]
