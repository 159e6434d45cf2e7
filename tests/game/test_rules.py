import pytest

from game import DEFAULT_RULES, ItemTier


def test_overrides_replace_only_named_figures() -> None:
    rules = DEFAULT_RULES.with_overrides(
        {"rob.base_rate": 0.55, "play.bust_chance": 0, "play.wealth_caps": [1, 2, 3, 4, 5, 6],
         "shop.allowed_tiers": [["common"], ["common"], ["rare"], ["rare"], ["rare"], ["rare"]]}
    )
    assert rules.rob.base_rate == 0.55
    assert rules.play.bust_chance == 0.0 and isinstance(rules.play.bust_chance, float)
    assert rules.play.wealth_caps == (1, 2, 3, 4, 5, 6)
    assert rules.shop.allowed_tiers[2] == (ItemTier.RARE,)
    assert rules.rob.base_min == DEFAULT_RULES.rob.base_min
    assert DEFAULT_RULES.rob.base_rate == 0.60


@pytest.mark.parametrize(
    "bad",
    [{"rob.nope": 1}, {"nope.x": 1}, {"rob.cooldown_hours": 1.5}, {"play.require_token": 1},
     {"play.wealth_caps": [1, 2]}, {"shop.allowed_tiers": [["mythic"]] * 6}],
)
def test_bad_overrides_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        DEFAULT_RULES.with_overrides(bad)
