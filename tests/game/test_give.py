"""The !give engine: fee, daily cap and refusals, pinned to the rules' figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from game import LedgerReason, Player, Rejected, RejectReason, Resolved, Rules, WealthDelta
from game.give import GiveRules, GiveState, give_fee, resolve_give

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
RULES = Rules()
A = Player(user_id=1, wealth=100_000)
B = Player(user_id=2, wealth=0)


def test_the_fee_is_five_percent_rounded_up_and_at_least_a_dollar() -> None:
    assert RULES.give == GiveRules(fee_rate=0.05, fee_min=1, daily_cap=50_000)
    assert give_fee(1, RULES.give) == 1
    assert give_fee(100, RULES.give) == 5
    assert give_fee(2_501, RULES.give) == 126  # 125.05 rounds up
    assert give_fee(50_000, RULES.give) == 2_500


def test_a_transfer_moves_the_amount_and_burns_the_fee() -> None:
    outcome = resolve_give(GiveState(A, B, 2_500, 0), rules=RULES, now=NOW)
    assert isinstance(outcome, Resolved)
    assert outcome.result.amount == 2_500 and outcome.result.fee == 125 and outcome.result.sent_today == 2_500
    assert outcome.effects == (
        WealthDelta(1, -2_500, LedgerReason.GIVE_SENT, reference=2),
        WealthDelta(1, -125, LedgerReason.GIVE_FEE),
        WealthDelta(2, 2_500, LedgerReason.GIVE_RECEIVED, reference=1),
    )


def test_refusals() -> None:
    def reason(state: GiveState) -> Rejected:
        outcome = resolve_give(state, rules=RULES, now=NOW)
        assert isinstance(outcome, Rejected)
        return outcome

    assert reason(GiveState(A, None, 10, 0)).reason is RejectReason.TARGET_UNKNOWN
    assert reason(GiveState(A, A, 10, 0)).reason is RejectReason.SELF_TARGET
    jailed = Player(user_id=1, wealth=100_000, jailed_until=NOW + timedelta(minutes=5))
    assert reason(GiveState(jailed, B, 10, 0)).until == NOW + timedelta(minutes=5)
    capped = reason(GiveState(A, B, 10_001, 40_000))
    assert (capped.reason, capped.amount) == (RejectReason.DAILY_CAP, 10_000)
    broke = reason(GiveState(Player(user_id=1, wealth=1_000), B, 1_000, 0))
    assert (broke.reason, broke.amount) == (RejectReason.CANNOT_AFFORD, 1_050)
    # a jailed recipient may still be given to
    inmate = Player(user_id=2, jailed_until=NOW + timedelta(hours=1))
    assert isinstance(resolve_give(GiveState(A, inmate, 10, 0), rules=RULES, now=NOW), Resolved)


@given(
    wealth=st.integers(0, 10**7), amount=st.integers(1, 10**6), sent=st.integers(0, 60_000)
)
def test_wealth_is_conserved_but_for_the_fee_and_never_negative(wealth: int, amount: int, sent: int) -> None:
    outcome = resolve_give(GiveState(Player(user_id=1, wealth=wealth), B, amount, sent), rules=RULES, now=NOW)
    if isinstance(outcome, Rejected):
        return
    moves = [e for e in outcome.effects if isinstance(e, WealthDelta)]
    assert sum(m.amount for m in moves) == -outcome.result.fee
    assert wealth + sum(m.amount for m in moves if m.user_id == 1) >= 0
    assert outcome.result.sent_today <= RULES.give.daily_cap
