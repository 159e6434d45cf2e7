"""Figures of the live systems (spec 08 Juicernaut, spec 14 heist alerts), one frozen value.

Per-crate-tier tables follow ``CRATE_TIERS`` order (common, uncommon, rare, legendary).
Cents are US cents; fractions are fractions.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LiveRules"]


@dataclass(frozen=True, slots=True)
class LiveRules:
    # -- contributions (spec 08 §3), in US cents ------------------------------------------------
    sub_cents_by_tier: tuple[int, int, int] = (500, 1_000, 2_500)
    gift_sub_cents: int = 500  # per gifted sub, any tier
    bit_cents: int = 1
    kick_cents: int = 1
    raid_viewer_cents: int = 0  # DECISION 26: raids pay the raider but count $0 (spec: 10)
    # -- session reward (spec 08 §6): (min cents, wealth, xp, crate tier index or -1) ----------
    reward_tiers: tuple[tuple[int, int, int, int], ...] = (
        (0, 1_000, 200, -1),
        (500, 3_000, 500, 0),
        (1_500, 7_500, 1_000, 1),
        (3_000, 15_000, 2_000, 2),
        (5_000, 30_000, 4_000, 3),
    )
    standings_top: int = 5  # !juice
    standings_post_top: int = 3  # the 30-minute post
    hall_size: int = 5
    # -- heists (spec 14) -----------------------------------------------------------------------
    heist_first_minutes: int = 15
    heist_gap_min_minutes: int = 60
    heist_gap_max_minutes: int = 120
    # Type order: quick_grab, code_crack, trivia, word_scramble, riddle, math_hack.
    heist_weights: tuple[float, ...] = (0.25, 0.25, 0.175, 0.175, 0.075, 0.075)
    heist_time_limits: tuple[int, ...] = (45, 45, 90, 90, 120, 120)
    heist_recent: int = 10  # no content repeats among the last N heists
    heist_attempts: int = 5  # answers per user per heist per window
    heist_attempt_window_seconds: int = 60
    heist_trivia_least_used: int = 10
    # Crate odds by difficulty (easy, medium, hard); columns common … legendary.
    heist_crate_odds: tuple[tuple[float, ...], ...] = (
        (0.70, 0.25, 0.05, 0.00),
        (0.50, 0.35, 0.13, 0.02),
        (0.30, 0.40, 0.25, 0.05),
    )
