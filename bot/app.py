"""Assembling the application: database, rules, content, fairness, pipeline, activity.

Used by every CLI verb that runs the game (console, run, bench) and by end-to-end tests, so
all of them run the same wiring.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg

from bot.activity import ActivityBuffer
from bot.clock import Clock
from bot.config import RewardIds, Settings
from bot.context import Game
from bot.db import create_pool
from bot.events import Platform, RedemptionAction
from bot.fairness import FairnessSource
from bot.live.watch import HeistWatch
from bot.pipeline import Pipeline, PipelineConfig
from bot.sql import QUERIES
from game import DEFAULT_RULES, Rules, load_catalogue

__all__ = ["App", "load_rules", "open_app", "pipeline_config"]

_RULES_CONFIG = QUERIES["config/rules_overrides"]


@dataclass(frozen=True, slots=True)
class App:
    pool: asyncpg.Pool
    game: Game
    fairness: FairnessSource
    pipeline: Pipeline
    activity: ActivityBuffer
    dsn: str = ""  # for components that need a connection of their own (LISTEN)


async def load_rules(conn: asyncpg.Connection, timezone: str) -> Rules:
    """The default rules, the game timezone, and the ``bot_config`` rows scoped ``rules``."""
    overrides: dict[str, Any] = {"game_timezone": timezone}
    for row in await conn.fetch(_RULES_CONFIG):
        overrides[row["config_key"]] = json.loads(row["config_value"])
    return DEFAULT_RULES.with_overrides(overrides)


def _reward_ids(ids: RewardIds) -> Mapping[RedemptionAction, str]:
    return {
        RedemptionAction.PLAY: ids.play,
        RedemptionAction.ROB: ids.rob,
        RedemptionAction.BAIL: ids.bail,
        RedemptionAction.REROLL: ids.reroll,
    }


def pipeline_config(settings: Settings) -> PipelineConfig:
    only = {
        "play": settings.redemption_only_play,
        "rob": settings.redemption_only_rob,
        "bail": settings.redemption_only_bail,
        "reroll": settings.redemption_only_reroll,
    }
    return PipelineConfig(
        prefix=settings.command_prefix,
        redemption_only=frozenset(c for c, on in only.items() if on),
        reward_ids={
            Platform.TWITCH: _reward_ids(settings.twitch.rewards),
            Platform.KICK: _reward_ids(settings.kick.rewards),
        },
    )


@contextlib.asynccontextmanager
async def open_app(
    dsn: str,
    settings: Settings,
    clock: Clock,
    *,
    seed: int | None = None,
    pool_size: int | None = None,
    flush_interval: float = 0.25,
) -> AsyncIterator[App]:
    """A running application on ``dsn``; flushes chat activity and closes the pool on exit."""
    pool = await create_pool(dsn, size=pool_size or settings.db_pool_size)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(pool.close)
        async with pool.acquire() as conn:
            rules = await load_rules(conn, settings.game_timezone)
        game = Game(rules=rules, catalogue=load_catalogue())
        fairness = FairnessSource(dsn)
        stack.push_async_callback(fairness.close)
        await fairness.start(numbered=seed)
        if seed is not None:
            # A numbered seed is public knowledge: never leave it rolling after a rehearsal.
            stack.push_async_callback(fairness.rotate_quietly)
        activity = ActivityBuffer(pool, rules=rules, clock=clock, interval=flush_interval)
        heists = HeistWatch(pool, attempts=rules.live.heist_attempts, window_seconds=rules.live.heist_attempt_window_seconds)
        pipeline = Pipeline(
            pool,
            game=game,
            clock=clock,
            fairness=fairness,
            config=pipeline_config(settings),
            activity=activity,
            heists=heists,
        )
        activity.start()
        stack.push_async_callback(activity.stop)
        yield App(pool, game, fairness, pipeline, activity, dsn)
