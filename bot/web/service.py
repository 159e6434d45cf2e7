"""Wiring the overlay and the public pages onto the bot's HTTP app (composition root helper)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator

import asyncpg
from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.repository.web import ensure_overlay_token
from bot.web.hub import OverlayHub
from bot.web.overlay import add_overlay_routes
from bot.web.public import PublicPages, add_public_routes
from game import Rules
from game.live.juicernaut import crown_buffs

__all__ = ["overlay_token", "serve_web"]


async def overlay_token(pool: asyncpg.Pool | asyncpg.Connection, settings: Settings) -> str:
    """``OVERLAY__TOKEN`` when set, else the token stored on first run (generated then)."""
    configured = settings.overlay.token.get_secret_value()
    if configured:
        return configured
    return await ensure_overlay_token(pool, secrets.token_urlsafe(24))


@contextlib.asynccontextmanager
async def serve_web(
    app: web.Application,
    pool: asyncpg.Pool,
    dsn: str,
    settings: Settings,
    clock: Clock,
    rules: Rules,
) -> AsyncIterator[OverlayHub | None]:
    """Add the overlay and public routes to ``app`` (before it starts); run the hub meanwhile."""
    if not settings.overlay.enabled:
        yield None
        return
    hub = OverlayHub(pool, dsn, buffs=crown_buffs(rules))
    add_overlay_routes(app, hub, await overlay_token(pool, settings))
    add_public_routes(app, PublicPages(pool, rules, clock, ttl=settings.overlay.page_cache_seconds))
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()
