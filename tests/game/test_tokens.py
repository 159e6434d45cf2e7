import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import DEFAULT_RULES, ChatActivityState, Rules, chat_tokens_due, resolve_chat_activity

from .conftest import NOW


def one_by_one(before: int, after: int, balance: int, rules: Rules) -> int:
    """Run the per-message rule over the batch, as if each message were handled alone."""
    tr = rules.tokens
    chat_today = min(before // tr.chat_messages_per_token, tr.chat_tokens_per_day)
    earned = 0
    for count in range(before + 1, after + 1):
        outcome = resolve_chat_activity(
            ChatActivityState(1, balance + earned, count, chat_today), rules=rules, now=NOW
        )
        earned += outcome.result
        chat_today += outcome.result
    return earned


def test_batch_figures() -> None:
    rules = DEFAULT_RULES  # 20 messages a token, 2 a day, cap 5
    assert chat_tokens_due(0, 19, 0, rules) == 0
    assert chat_tokens_due(0, 20, 0, rules) == 1
    assert chat_tokens_due(19, 20, 0, rules) == 1
    assert chat_tokens_due(20, 39, 0, rules) == 0
    assert chat_tokens_due(0, 100, 0, rules) == 2  # daily limit
    assert chat_tokens_due(39, 41, 0, rules) == 1
    assert chat_tokens_due(40, 200, 0, rules) == 0  # limit already reached
    assert chat_tokens_due(0, 40, 4, rules) == 1  # balance cap
    assert chat_tokens_due(0, 40, 5, rules) == 0
    assert chat_tokens_due(7, 7, 0, rules) == 0  # empty batch


def test_batch_rejects_bad_counts() -> None:
    with pytest.raises(ValueError):
        chat_tokens_due(10, 9, 0, DEFAULT_RULES)
    with pytest.raises(ValueError):
        chat_tokens_due(-1, 3, 0, DEFAULT_RULES)


token_rules = st.builds(
    lambda per, day, cap: DEFAULT_RULES.with_overrides(
        {"tokens.chat_messages_per_token": per, "tokens.chat_tokens_per_day": day,
         "tokens.balance_cap": cap}
    ),
    st.integers(1, 25),
    st.integers(0, 6),
    st.integers(0, 8),
)


@settings(max_examples=200)
@given(rules=token_rules, before=st.integers(0, 300), size=st.integers(0, 200),
       balance=st.integers(0, 8))
def test_batch_equals_single_messages_when_the_cap_is_not_hit(
    rules: Rules, before: int, size: int, balance: int
) -> None:
    after = before + size
    singles = one_by_one(before, after, balance, rules)
    if balance + singles < rules.tokens.balance_cap:  # the cap never blocked a message
        assert chat_tokens_due(before, after, balance, rules) == singles


@settings(max_examples=200)
@given(rules=token_rules, before=st.integers(0, 300), size=st.integers(0, 200),
       balance=st.integers(0, 10))
def test_batch_matches_single_messages_and_respects_the_cap(
    rules: Rules, before: int, size: int, balance: int
) -> None:
    due = chat_tokens_due(before, before + size, balance, rules)
    assert due == one_by_one(before, before + size, balance, rules)
    assert 0 <= due <= rules.tokens.chat_tokens_per_day
    assert due == 0 or balance + due <= rules.tokens.balance_cap


@given(before=st.integers(0, 200), split=st.integers(0, 100), size=st.integers(0, 100))
def test_two_batches_equal_one_when_the_cap_is_not_hit(before: int, split: int, size: int) -> None:
    rules = DEFAULT_RULES.with_overrides({"tokens.balance_cap": 100})
    middle, after = before + min(split, size), before + size
    first = chat_tokens_due(before, middle, 0, rules)
    assert first + chat_tokens_due(middle, after, first, rules) == chat_tokens_due(
        before, after, 0, rules
    )
