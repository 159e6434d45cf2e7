"""Figures the scheduled upkeep jobs use (retention windows, session grace, leaderboards)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["UpkeepRules"]


@dataclass(frozen=True, slots=True)
class UpkeepRules:
    session_warn_hours: int = 2  # offline this long: a warning in chat and the feed
    session_end_hours: int = 6  # offline this long: the session ends
    notification_days: int = 30
    # Twitch EventSub refuses messages older than 10 min and Kick retries for minutes; a day
    # of ids is far beyond either platform's replay window.
    processed_event_days: int = 1
    job_run_days: int = 30
    snapshot_archive_days: int = 365
    leaderboard_announce_top: int = 3
