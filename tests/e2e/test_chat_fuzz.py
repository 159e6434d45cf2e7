"""10,000 random chat lines through the real pipeline (real PostgreSQL, every platform).

Two properties, 10,000 lines in all:

- 150 examples × 50 lines of *non-commands* (unicode, control characters, NUL, huge lines,
  ``@``-mentions, near-commands such as ``!!play``, `` !rob``, ``!playy``): no exception escapes,
  no reply, no state change (wallets, ledger, items, events), and the chat flush counts every line.
- 100 examples × 25 lines of *commands with hostile arguments*: no exception escapes, every
  reply is storable text, and the money audit stays clean.

Examples are batches of lines (one flush per batch) so that 10,000 lines run in about a minute;
Hypothesis shrinks a failing batch to the line that breaks.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.audit import run_audit
from bot.events import ChatMessage, Platform, Sender
from bot.handlers import COMMANDS
from tests.harness import Harness, harness

_PLATFORMS = (Platform.TWITCH, Platform.KICK, Platform.DISCORD, Platform.CONSOLE)
_NAMES = [n for decl in COMMANDS for n in decl.names]
_noise = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=60
) | st.sampled_from(["\x00", "\ud800", "\u202e", "\x1b[31m", "@", "@@@", "!", "!!", "$", "\r\n"])
_huge = st.integers(min_value=200, max_value=5000).map(lambda n: "A\x00b\u0301" * n)
_mention = st.builds(lambda n, t: f"@{n} {t}", st.text(max_size=30), _noise)
_near = st.builds(
    lambda n, variant: variant.format(n),
    st.sampled_from(_NAMES),
    st.sampled_from(["!!{}", " x!{}", "{}", "!{}x", "! {}", "¡{}", "！{}", "!{}\u200b"]),
)
_chat = st.one_of(_noise, _huge, _mention, _near).filter(lambda t: COMMANDS.parse(t, "!") is None)
_args = st.lists(
    st.one_of(
        _noise, st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["1e99", "#0", "#-1", "999999999999999999999", "NaN", "@alice", "1.5k", "1,000,000,000,000,000"]),
    ),
    max_size=4,
)
_command = st.builds(lambda n, a: " ".join(["!" + n, *a]), st.sampled_from(_NAMES), _args)


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def fuzz_db(loop: asyncio.AbstractEventLoop, server_url: str, template_db: str) -> Iterator[str]:
    """A private database for this module (the pipeline runs in its own loop)."""
    import uuid

    import asyncpg

    from tests.conftest import _swap_database

    name = f"kingpin_fuzz_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(server_url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    loop.run_until_complete(admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"'))
    yield _swap_database(server_url, name)
    loop.run_until_complete(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def running(loop: asyncio.AbstractEventLoop, fuzz_db: str) -> Iterator[Harness]:
    context = harness(fuzz_db)
    h = loop.run_until_complete(context.__aenter__())
    yield h
    loop.run_until_complete(context.__aexit__(None, None, None))


_ids = itertools.count()


def _event(line: str, who: int, platform: Platform, h: Harness) -> ChatMessage:
    n = next(_ids)
    h.clock.advance(__import__("datetime").timedelta(seconds=1))
    return ChatMessage(
        platform=platform, event_id=f"fuzz-{n}", channel="chan",
        sender=Sender(user_id=f"u{who}", login=f"user{who}", display_name=f"User\x00{who}\ud800"),
        text=line, received_at=h.clock.now(), message_id=f"m{n}",
    )


async def _state(h: Harness) -> tuple[object, ...]:
    row = await h.pool.fetchrow(
        "SELECT (SELECT coalesce(sum(wealth), 0) FROM users) AS wealth,"
        " (SELECT count(*) FROM wealth_ledger) AS ledger,"
        " (SELECT count(*) FROM user_inventory) AS items,"
        " (SELECT count(*) FROM game_events) AS events,"
        " (SELECT coalesce(sum(xp), 0) FROM users) AS xp"
    )
    return tuple(row)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_settings(150)
@given(lines=st.lists(st.tuples(_chat, st.integers(0, 30), st.sampled_from(_PLATFORMS)), min_size=50, max_size=50))
def test_random_chat_changes_nothing_and_is_counted(
    loop: asyncio.AbstractEventLoop, running: Harness, lines: list[tuple[str, int, Platform]]
) -> None:
    async def run() -> None:
        h = running
        before = await _state(h)
        counted = h.app.activity.messages_total
        for text, who, platform in lines:
            assert await h.app.pipeline(_event(text, who, platform, h)) == ()
        await h.app.activity.flush()
        assert h.app.activity.messages_total == counted + len(lines)
        assert h.app.activity.pending_messages == 0
        assert await _state(h) == before

    loop.run_until_complete(run())


@_settings(100)
@given(lines=st.lists(st.tuples(_command, st.integers(0, 10), st.sampled_from(_PLATFORMS)), min_size=25, max_size=25))
def test_hostile_commands_never_escape(
    loop: asyncio.AbstractEventLoop, running: Harness, lines: list[tuple[str, int, Platform]]
) -> None:
    async def run() -> None:
        h = running
        for text, who, platform in lines:
            replies = await h.app.pipeline(_event(text, who, platform, h))  # never raises
            assert all(r.text and "\x00" not in r.text for r in replies), (text, replies)
        async with h.pool.acquire() as conn:
            report = await run_audit(conn)
        assert report.ok, report.lines()

    loop.run_until_complete(run())
