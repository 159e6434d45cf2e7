"""What a settled casino round feeds the goals (pure)."""

from __future__ import annotations

from game.casino.goals import round_progress, round_result
from game.counters import Counter
from game.effects import GoalProgress


def test_round_result_is_won_lost_or_push_by_what_came_back() -> None:
    assert round_result(100, 250) is True
    assert round_result(100, 40) is False  # a line win smaller than the bet is still a loss
    assert round_result(100, 0) is False
    assert round_result(100, 100) is None  # a push: the stake came back


def test_a_won_round_counts_a_gambling_win_its_game_win_and_the_new_streak() -> None:
    assert round_progress(7, "blackjack", True, streak=3) == (
        GoalProgress(7, Counter.GAMBLING_WINS, 1),
        GoalProgress(7, Counter.BLACKJACK_WINS, 1),
        GoalProgress(7, Counter.GAMBLING_WIN_STREAK, 3),
    )
    assert round_progress(7, "flip", True, streak=1)[1] == GoalProgress(7, Counter.COINFLIP_WINS, 1)


def test_slots_has_no_game_counter_but_the_jackpot_counts() -> None:
    assert round_progress(2, "slots", True, streak=5, jackpot=True) == (
        GoalProgress(2, Counter.GAMBLING_WINS, 1),
        GoalProgress(2, Counter.GAMBLING_WIN_STREAK, 5),
        GoalProgress(2, Counter.SLOTS_JACKPOT, 1),
    )


def test_a_lost_round_only_sets_the_streak_back_and_a_lottery_win_leaves_it() -> None:
    assert round_progress(3, "slots", False, streak=0) == (GoalProgress(3, Counter.GAMBLING_WIN_STREAK, 0),)
    assert round_progress(3, "lottery", True, streak=None) == (
        GoalProgress(3, Counter.GAMBLING_WINS, 1),
        GoalProgress(3, Counter.LOTTERY_WINS, 1),
    )
