from __future__ import annotations

import pytest

from tests.adapters.discord.harness import Mounted, mount


@pytest.fixture
async def mounted() -> Mounted:
    return await mount()
