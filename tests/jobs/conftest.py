from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.harness import Harness, harness


@pytest_asyncio.fixture(loop_scope="session")
async def h(db_url: str) -> AsyncIterator[Harness]:
    async with harness(db_url) as running:
        yield running
