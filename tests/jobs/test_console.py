"""The console drives the scheduler: /advance runs each slot in order and prints announcements."""

from __future__ import annotations

import io

from pydantic import SecretStr

from bot.config import Settings
from bot.runner import parse_clock, run_console


async def test_advance_runs_the_jobs_and_jobs_lists_them(db_url: str) -> None:
    out = io.StringIO()
    settings = Settings(_env_file=None, database_url=SecretStr(db_url))
    lines = ["/live Friday", "/offline", "/advance 8d", "/jobs"]
    await run_console(
        settings, script=None, seed=None, clock=parse_clock("2026-01-05T12:00:00Z"), out=out, lines=lines
    )
    text = out.getvalue()
    warn = text.index("[kingpin 📢] ⏰ The stream has been offline for 2 h")
    over = text.index("[kingpin 📢] 🎬 Session over: Friday")
    ran = text.index("[console] ran ")
    assert warn < over < ran  # printed as the jobs made them, in slot order
    assert "escrow_sweep×768" in text and "insurance_premium×9" in text
    listing = text[text.index("[console] job "):]
    for name in ("escrow_sweep", "insurance_premium", "housing_upkeep", "business_revenue", "session_grace",
                 "market_rotation", "buff_expiry", "batch_queue", "leaderboard_daily", "leaderboard_weekly",
                 "leaderboard_monthly", "cooldown_cleanup", "notification_cleanup", "link_code_cleanup",
                 "event_id_cleanup", "job_run_cleanup", "leaderboard_archive"):
        assert f"[console] {name} " in listing, name
    assert " failed " not in listing and " never " not in listing
