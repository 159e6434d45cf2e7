"""Leaderboard periods: every board is keyed by (period type, first day) in the game timezone.

Weeks start on Monday (DECISION 1); "lifetime" is one period spanning all time.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

__all__ = ["LIFETIME_END", "LIFETIME_START", "Period", "period_bounds", "periods_for"]

LIFETIME_START = date(2000, 1, 1)
LIFETIME_END = date(9999, 12, 31)


class Period(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    ANNUAL = "annual"
    LIFETIME = "lifetime"


def period_bounds(period: Period, day: date) -> tuple[date, date]:
    """First and last day of the ``period`` containing ``day``."""
    match period:
        case Period.DAILY:
            return day, day
        case Period.WEEKLY:
            start = day - timedelta(days=day.weekday())
            return start, start + timedelta(days=6)
        case Period.MONTHLY:
            start = day.replace(day=1)
            following = (start + timedelta(days=32)).replace(day=1)
            return start, following - timedelta(days=1)
        case Period.ANNUAL:
            return day.replace(month=1, day=1), day.replace(month=12, day=31)
        case Period.LIFETIME:
            return LIFETIME_START, LIFETIME_END


def periods_for(day: date) -> tuple[list[str], list[date], list[date]]:
    """Column arrays (types, starts, ends) of every period containing ``day``, for one upsert."""
    types, starts, ends = [], [], []
    for period in Period:
        start, end = period_bounds(period, day)
        types.append(period.value)
        starts.append(start)
        ends.append(end)
    return types, starts, ends
