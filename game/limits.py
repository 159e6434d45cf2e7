"""Hard limits on money: the wealth cap every wallet and every amount argument stays under.

The wallet column is a PostgreSQL ``BIGINT`` (up to 9,223,372,036,854,775,807). The game cap is
far below it, so that the sum of every wallet of a million players still fits in a ``BIGINT``
(leaderboard and audit sums, ledger totals) and no ``wealth + amount`` can overflow. The
database enforces the cap too (``users_wealth_cap``, migration 0002), so no path can exceed it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LimitRules"]


@dataclass(frozen=True, slots=True)
class LimitRules:
    # $1,000,000,000,000: ~9.2 million times below the BIGINT ceiling.
    wealth_cap: int = 1_000_000_000_000
