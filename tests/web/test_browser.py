"""The overlay in a real headless Chromium (Debian's package, driven by Playwright).

Skipped, with the reason printed, only where no Chromium can be had. The screenshot is kept
in ``$KINGPIN_ARTIFACTS`` (default: ``artifacts/`` in the working directory).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.web.conftest import TOKEN, Web

playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
CHROMIUM = os.environ.get("KINGPIN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")


def _artifacts() -> Path:
    folder = Path(os.environ.get("KINGPIN_ARTIFACTS", "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def test_overlay_shows_the_new_juicernaut(web: Web) -> None:
    await web.h.say("streamer [broadcaster]: /live Browser night")
    async with playwright.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await browser.new_page(viewport={"width": 1920, "height": 1080})
            await page.goto(f"{web.base}/overlay?token={TOKEN}&widgets=crown,standings,heist,toasts")
            await page.wait_for_function("document.body.dataset.lastEvent === 'state'", timeout=10_000)
            assert not await page.is_visible("#crown")

            await web.h.say("erin: /bits 2500")  # the first supporter of the session is crowned

            await page.wait_for_selector("#crown-holder:has-text('erin')", timeout=10_000)
            assert await page.is_visible("#crown")
            assert "$25.00" in await page.inner_text("#crown-total")
            assert "2x XP" in await page.inner_text("#crown-buffs")
            assert "erin" in await page.inner_text("#standings-list")
            shot = _artifacts() / "overlay-crown.png"
            await page.screenshot(path=str(shot), omit_background=True)
            assert shot.stat().st_size > 5_000
        finally:
            await browser.close()
