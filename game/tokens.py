"""Heist tokens from chat activity. One token per 20 counted (non-command) chat messages, at most
2 a game day from chat, never above the balance cap (5). Check-in tokens live in `checkin`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from game.effects import Resolved, TokenDelta, TokenReason
from game.rules import Rules

__all__ = ["ChatActivityState", "resolve_chat_activity"]


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
