"""Drive real chat actions until an achievement or a mission is reached (shared by goal tests)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from game.missions import MissionTemplate, MissionType
from tests.harness import Harness

CONTENT = Path(__file__).resolve().parents[2] / "game" / "content"


@cache
def template_by_key(key: str) -> MissionTemplate:
    rows = json.loads((CONTENT / "mission_templates.json").read_text())["rows"]
    r = next(r for r in rows if r["key"] == key)
    return MissionTemplate(
        r["key"], MissionType(r["mission_type"]), r["category"], r["difficulty"], r["name"], r["description"],
        r["objective_type"], r["objective_base_value"], r["is_luck_based"], r["reward_wealth"], r["reward_xp"],
    )

BC = "carol [broadcaster]"
MOD = "mo [mod]"

TOKENS_SQL = (
    "INSERT INTO heist_tokens (user_id, balance, lifetime_earned) VALUES ($1, 5, 5) "
    "ON CONFLICT (user_id) DO UPDATE SET balance = 5, lifetime_earned = heist_tokens.lifetime_spent + 5"
)


async def tokens(h: Harness, name: str) -> None:
    """Top a player's heist tokens up to 5 (as a week of check-ins and chat would)."""
    await h.pool.execute(TOKENS_SQL, await h.user_id(name))


async def prime(h: Harness, name: str, key: str, progress: int) -> None:
    """Start an achievement at ``progress`` (so one real action completes it)."""
    await h.pool.execute(
        "INSERT INTO user_achievements (user_id, achievement_id, current_progress) "
        "SELECT $1, achievement_id, $3 FROM achievements WHERE achievement_key = $2 "
        "ON CONFLICT (user_id, achievement_id) DO UPDATE SET current_progress = $3",
        await h.user_id(name), key, progress,
    )


async def achieved(h: Harness, name: str, key: str) -> bool:
    return bool(await h.pool.fetchval(
        "SELECT ua.is_completed FROM user_achievements ua JOIN achievements a USING (achievement_id) "
        "WHERE ua.user_id = $1 AND a.achievement_key = $2",
        await h.user_id(name), key,
    ))


async def achievement_paid(h: Harness, name: str, key: str) -> int:
    """How many achievement rewards the player got (ledger rows) while ``key`` is completed."""
    assert await achieved(h, name, key), key
    return int(await h.pool.fetchval(
        "SELECT count(*) FROM wealth_ledger WHERE user_id = $1 AND reason = 'achievement'", await h.user_id(name)
    ))


async def play_once(h: Harness, name: str) -> str:
    """One !play; a bust is released by a moderator so the next play can follow."""
    h.advance(minutes=6)  # past the offline play cooldown
    reply = " ".join(await h.say(f"{name}: !play"))
    if "busted" in reply:
        h.advance(seconds=2)
        await h.say(f"{MOD}: !release {name}")
    return reply


async def rob_once(h: Harness, name: str, victim: str) -> str:
    await tokens(h, name)
    h.advance(seconds=2)
    return " ".join(await h.say(f"{name}: !rob {victim}"))


async def make_victims(h: Harness, count: int, wealth: int = 5_000, start: int = 0) -> list[str]:
    names = [f"mark{i}" for i in range(start, start + count)]
    for n in names:
        await h.say(f"{n}: hello")
        await h.fund(n, wealth)
    return names


async def mission(h: Harness, name: str, template: str) -> tuple[int, int, bool]:
    """(progress, objective, completed) of the player's mission from ``template``."""
    row = await h.pool.fetchrow(
        "SELECT current_progress, objective_value, is_completed FROM user_missions "
        "WHERE user_id = $1 AND template_id = $2 ORDER BY user_mission_id DESC LIMIT 1",
        await h.user_id(name), template,
    )
    return row["current_progress"], row["objective_value"], row["is_completed"]


async def complete_mission(h: Harness, name: str, template: str, objective_type: str, limit: int = 400) -> None:
    """Perform the real action of ``objective_type`` until the mission is complete."""
    victims: list[str] = []
    for step in range(limit):
        progress, objective, done = await mission(h, name, template)
        if done:
            return
        match objective_type:
            case "messages_sent":
                await h.say(*(f"{name}: talking about the city {step}-{i}" for i in range(objective - progress)))
            case "play_count":
                await play_once(h, name)
            case "rob_attempts" | "rob_successes":
                victims += await make_victims(h, 1, start=len(victims))  # a fresh mark: no target cooldown
                await rob_once(h, name, victims[-1])
            case "checkin_today":
                h.advance(seconds=4)
                await h.say(f"{name}: !checkin")
            case "checkin_week":
                h.advance(seconds=4)
                await h.say(f"{name}: !checkin")
                h.advance(days=1)
            case "profile_viewed":
                h.advance(seconds=4)
                await h.say(f"{name}: !profile")
            case "leaderboard_viewed":
                h.advance(seconds=4)
                await h.say(f"{name}: !lb")
            case "black_market_viewed":
                h.advance(seconds=4)
                await h.say(f"{name}: !market")
            case _:
                raise AssertionError(f"no driver for {objective_type}")
    raise AssertionError(f"{template} not completed after {limit} steps: {await mission(h, name, template)}")
