"""XP curve (DECISION 5) and tiers, pinned; plus the fit that justifies the curve."""

import pytest

from game import (
    DEFAULT_RULES,
    LevelChanged,
    Tier,
    TierChanged,
    XpDelta,
    gain_xp,
    level_for_xp,
    tier_for_level,
    tier_multiplier,
    xp_progress,
    xp_to_reach,
)

P = DEFAULT_RULES.progression

XP_TABLE = {1: 0, 2: 100, 5: 421, 10: 1_271, 20: 6_982, 40: 66_875, 60: 274_082, 80: 752_878,
            100: 1_651_140, 200: 18_918_720}


@pytest.mark.parametrize(("level", "xp"), XP_TABLE.items())
def test_xp_table(level: int, xp: int) -> None:
    assert xp_to_reach(level, P) == xp
    assert level_for_xp(xp, P) == level
    if level > 1:
        assert level_for_xp(xp - 1, P) == level - 1


def test_level_is_capped_and_progress_reported() -> None:
    assert level_for_xp(10**18, P) == 200
    assert xp_progress(150, P) == (50, xp_to_reach(3, P) - 100)
    assert xp_progress(10**18, P) == (0, 0)


@pytest.mark.parametrize(
    ("level", "tier", "mult"),
    [(1, Tier.PUNK, 1.0), (19, Tier.PUNK, 1.0), (20, Tier.ASSOCIATE, 1.1), (39, Tier.ASSOCIATE, 1.1),
     (40, Tier.SOLDIER, 1.2), (60, Tier.CAPTAIN, 1.3), (79, Tier.CAPTAIN, 1.3),
     (80, Tier.UNDERBOSS, 1.4), (99, Tier.UNDERBOSS, 1.4), (100, Tier.KINGPIN, 1.5),
     (200, Tier.KINGPIN, 1.5)],
)
def test_tier_boundaries(level: int, tier: Tier, mult: float) -> None:
    assert tier_for_level(level, P) is tier
    assert tier_multiplier(tier, P) == mult


def test_rookie_is_read_as_punk() -> None:
    assert Tier.parse("Rookie") is Tier.PUNK and Tier.parse("KINGPIN") is Tier.KINGPIN


def test_several_levels_and_a_tier_at_once() -> None:
    effects = gain_xp(7, 6_900, 19, 70_000, P)
    assert effects[0] == XpDelta(7, 70_000)
    assert LevelChanged(7, 19, 41) in effects
    assert TierChanged(7, Tier.PUNK, Tier.SOLDIER) in effects
    assert gain_xp(7, 0, 1, 50, P) == [XpDelta(7, 50)]
    assert gain_xp(7, 0, 1, 0, P) == []


# The fit behind DECISION 5 (docs/game-rules.md): a viewer on a 5-stream week, 10 plays a stream,
# a check-in every stream day, one rob a stream, and the daily missions (scaled by tier).
MEAN_PLAY_XP = (26.6, 99.3, 232.0, 506.0, 1_010.0, 2_080.0)  # catalogue means incl. bust/negative


def simulate_days(target: int) -> dict[int, int]:
    xp, level, streak, reached = 0, 1, 0, {}
    for day in range(1, 1000):
        if (day - 1) % 7 < 5:
            streak += 1
            tier = tier_for_level(level, P)
            mult = tier_multiplier(tier, P)
            xp += int(10 * MEAN_PLAY_XP[tier.rank] * mult + 20 + 20 * min(streak, 30)
                      + 34 + 300 * mult)
        else:
            streak = 0
        while level < P.max_level and xp_to_reach(level + 1, P) <= xp:
            level += 1
            reached.setdefault(level, day)
        if level >= target:
            return reached
    return reached


def test_curve_reaches_associate_in_two_weeks_and_kingpin_in_a_year() -> None:
    reached = simulate_days(100)
    assert 12 <= reached[20] <= 17
    assert 330 <= reached[100] <= 400
