"""Heist tokens from chat activity. One token per 20 counted (non-command) chat messages, at most
2 a game day from chat, never above the balance cap (5). Check-in tokens live in `checkin`.

`resolve_chat_activity` decides one message; `chat_tokens_due` decides a batch of them (the bot
may count chat in bulk)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game.effects import Resolved, TokenDelta, TokenReason
from game.rules import Rules

__all__ = ["ChatActivityState", "chat_tokens_due", "resolve_chat_activity"]


@dataclass(frozen=True, slots=True)
class ChatActivityState:
    """``messages_today`` already includes the message being handled."""

    user_id: int
    tokens: int
    messages_today: int
    chat_tokens_today: int


def resolve_chat_activity(
    state: ChatActivityState, *, rules: Rules, now: datetime
) -> Resolved[int]:
    """Result: tokens earned by this message (0 or 1); never a rejection."""
    tr = rules.tokens
    due = (
        state.messages_today > 0
        and state.messages_today % tr.chat_messages_per_token == 0
        and state.chat_tokens_today < tr.chat_tokens_per_day
        and state.tokens < tr.balance_cap
    )
    if not due:
        return Resolved(0, ())
    return Resolved(1, (TokenDelta(state.user_id, 1, TokenReason.CHAT),))


def chat_tokens_due(messages_before: int, messages_after: int, balance: int, rules: Rules) -> int:
    """Chat tokens earned by a batch that took today's counted messages from ``messages_before``
    to ``messages_after``, for a player holding ``balance`` tokens.

    Message number ``m`` of the day reaches threshold ``m // chat_messages_per_token`` when it is
    a multiple of it; thresholds 1 … ``chat_tokens_per_day`` each earn one token, and earning
    stops at ``balance_cap``. This is exactly what `resolve_chat_activity` grants message by
    message when the tokens chat earned earlier today equal the thresholds reached so far (true
    unless the cap blocked one earlier in the day: the daily limit here counts thresholds
    reached, so a threshold the cap swallowed is not given back later).
    """
    if messages_before < 0 or messages_after < messages_before:
        raise ValueError(f"bad message counts {messages_before} -> {messages_after}")
    tr = rules.tokens
    per_token, per_day = tr.chat_messages_per_token, tr.chat_tokens_per_day
    reached_before = min(messages_before // per_token, per_day)
    reached_after = min(messages_after // per_token, per_day)
    room = tr.balance_cap - balance
    return max(0, min(reached_after - reached_before, room))
