"""Public, read-only web pages for viewers: leaderboards, the crown, the hall of fame.

Server-rendered HTML (no script needed). Every page is cached for ``ttl`` seconds per URL, so a
crowd refreshing the page costs the database one read set per few seconds. Nothing private is
shown: a player who typed ``!private`` keeps their place on a board but is shown as
"private player", without figures. Unknown periods or metrics answer 400 with the valid words.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg
from aiohttp import web

from bot.answers.info import Metric, held_wealth
from bot.clock import Clock
from bot.format import money
from bot.periods import Period, period_bounds
from bot.repository import web as repo
from game import Rules, game_day

__all__ = ["PublicPages", "add_public_routes"]

BOARD_SIZE = 25
PRIVATE = "🔒 private player"
_CENTS = frozenset({Metric.DONATIONS})
_PAGES: web.AppKey[PublicPages] = web.AppKey("public_pages")


@dataclass(frozen=True, slots=True)
class _Cached:
    expires: float
    body: str


class PublicPages:
    def __init__(
        self,
        pool: asyncpg.Pool,
        rules: Rules,
        clock: Clock,
        *,
        ttl: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pool = pool
        self._rules = rules
        self._clock = clock
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[str, _Cached] = {}

    async def cached(self, key: str, build: Callable[[], object]) -> str:
        hit = self._cache.get(key)
        now = self._monotonic()
        if hit is not None and hit.expires > now:
            return hit.body
        body = await build()  # type: ignore[misc]
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[key] = _Cached(now + self._ttl, body)
        return body

    async def board(self, period: Period, metric: Metric, limit: int = BOARD_SIZE) -> list[repo.BoardRow]:
        if held_wealth(period, metric):
            return await repo.richest(self._pool, limit)
        start, _ = period_bounds(period, game_day(self._clock.now(), self._rules))
        return await repo.board_top(self._pool, period.value, start, metric.column, limit)

    async def home(self) -> str:
        state = await repo.live_state(self._pool)
        richest = await self.board(Period.LIFETIME, Metric.WEALTH, 10)
        weekly = await self.board(Period.WEEKLY, Metric.WEALTH, 10)
        fame = await repo.hall_of_fame(self._pool)
        parts = [_crown_html(state), _board_html("Richest players", richest, Metric.WEALTH),
                 _board_html("Top earners this week", weekly, Metric.WEALTH), _fame_html(fame)]
        return _page("Kingpin", "".join(parts))

    async def leaderboard(self, period: Period, metric: Metric) -> str:
        rows = await self.board(period, metric)
        title = f"{period.value.title()} {metric.value} leaderboard"
        return _page(title, _links(period, metric) + _board_html(title, rows, metric))


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<style>body{font:16px/1.4 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;border-bottom:1px solid #ddd;"
        "text-align:left}td.n{text-align:right}nav a{margin-right:.6em}</style></head><body>"
        f"<h1><a href='/'>Kingpin</a></h1>{body}</body></html>"
    )


def _value(metric: Metric, value: int) -> str:
    if metric is Metric.WEALTH:
        return money(value)
    if metric in _CENTS:
        return f"${value / 100:,.2f}"
    return f"{value:,}"


def _board_html(title: str, rows: list[repo.BoardRow], metric: Metric) -> str:
    if not rows:
        return f"<h2>{html.escape(title)}</h2><p>Nobody on this board yet.</p>"
    cells = "".join(
        f"<tr><td>{r.rank}</td><td>{PRIVATE if r.private else html.escape(r.name)}</td>"
        f"<td class='n'>{'' if r.private else _value(metric, r.value)}</td></tr>"
        for r in rows
    )
    return f"<h2>{html.escape(title)}</h2><table><tr><th>#</th><th>Player</th><th></th></tr>{cells}</table>"


def _crown_html(state: repo.LiveState) -> str:
    if state.session is None:
        return "<p>⚫ Offline — no stream session right now.</p>"
    if state.crown is None:
        return "<p>🔴 Live now. The Juicernaut crown is up for grabs.</p>"
    holder = html.escape(str(state.crown["holder"]))
    total = f"${int(state.crown['total_cents']) / 100:,.2f}"
    return f"<p>🔴 Live now. 👑 Juicernaut: <b>{holder}</b> ({total} this stream)</p>"


def _fame_html(rows: list[repo.FameRow]) -> str:
    if not rows:
        return "<h2>Hall of fame</h2><p>No records yet.</p>"
    cells = "".join(
        f"<tr><td>{html.escape(r.record.replace('_', ' '))}</td>"
        f"<td>{PRIVATE if r.private else html.escape(r.name)}</td>"
        f"<td class='n'>{'' if r.private else f'{r.value:,}'}</td>"
        f"<td>{r.achieved_at:%Y-%m-%d}</td></tr>"
        for r in rows
    )
    return f"<h2>Hall of fame</h2><table>{cells}</table>"


def _links(period: Period, metric: Metric) -> str:
    periods = " ".join(
        f"<a href='/leaderboard?period={p.value}&amp;metric={metric.value}'>{p.value}</a>" for p in Period
    )
    metrics = " ".join(
        f"<a href='/leaderboard?period={period.value}&amp;metric={m.value}'>{m.value}</a>" for m in Metric
    )
    return f"<nav>Period: {periods}</nav><nav>Metric: {metrics}</nav>"


def _html(body: str) -> web.Response:
    return web.Response(text=body, content_type="text/html", headers={"Cache-Control": "public, max-age=5"})


async def _home(request: web.Request) -> web.Response:
    pages = request.app[_PAGES]
    return _html(await pages.cached("/", pages.home))


async def _leaderboard(request: web.Request) -> web.Response:
    pages = request.app[_PAGES]
    period_word = request.query.get("period", "weekly").lower()
    metric_word = request.query.get("metric", "wealth").lower()
    try:
        period, metric = Period(period_word), Metric(metric_word)
    except ValueError:
        valid = (f"period: {', '.join(p.value for p in Period)}; "
                 f"metric: {', '.join(m.value for m in Metric)}\n")
        raise web.HTTPBadRequest(text=valid) from None
    key = f"lb:{period.value}:{metric.value}"
    return _html(await pages.cached(key, lambda: pages.leaderboard(period, metric)))


def add_public_routes(app: web.Application, pages: PublicPages) -> None:
    app[_PAGES] = pages
    app.router.add_get("/", _home)
    app.router.add_get("/leaderboard", _leaderboard)
