"""What a settled casino round feeds the goals (achievements): pure, from the round's result.

A round is *won* when it pays back more than was staked on it, *lost* when it pays back less,
and a push (its stake returned) is neither. Every won round counts one gambling win (and one win
of its game); the stored win streak steps on every won or lost round (+1 / back to 0) and the new
value feeds the streak achievement. A lottery ticket is a win when it is paid; a draw is not a
round the player plays out, so it leaves the streak alone.
"""

from __future__ import annotations

from game.counters import Counter
from game.effects import GoalProgress

__all__ = ["GAME_WINS", "round_result", "round_progress"]

# the per-game win counter, where one exists
GAME_WINS: dict[str, Counter] = {"blackjack": Counter.BLACKJACK_WINS, "flip": Counter.COINFLIP_WINS,
                                 "lottery": Counter.LOTTERY_WINS}


def round_result(staked: int, paid_back: int) -> bool | None:
    """True won, False lost, None a push."""
    if paid_back > staked:
        return True
    if paid_back < staked:
        return False
    return None


def round_progress(
    user_id: int, game: str, won: bool, *, streak: int | None, jackpot: bool = False
) -> tuple[GoalProgress, ...]:
    """The goal progress of one won or lost round; ``streak`` is the stored win streak after
    this round (None: the round does not step it)."""
    out: list[GoalProgress] = []
    if won:
        out.append(GoalProgress(user_id, Counter.GAMBLING_WINS, 1))
        game_counter = GAME_WINS.get(game)
        if game_counter is not None:
            out.append(GoalProgress(user_id, game_counter, 1))
    if streak is not None:
        out.append(GoalProgress(user_id, Counter.GAMBLING_WIN_STREAK, streak))
    if jackpot:
        out.append(GoalProgress(user_id, Counter.SLOTS_JACKPOT, 1))
    return tuple(out)
