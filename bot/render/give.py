"""Replies for !give."""

from __future__ import annotations

from bot.answers.give import GiveAnswer
from bot.format import duration, money
from bot.render.base import View, refusal, render
from game import Rejected, RejectReason

__all__: list[str] = []


@render.register
def _give(answer: GiveAnswer, view: View) -> str:
    outcome, name = answer.outcome, answer.name
    if isinstance(outcome, Rejected):
        match outcome.reason:
            case RejectReason.SELF_TARGET:
                return f"🤨 {name}, giving to yourself just costs you the fee. No."
            case RejectReason.DAILY_CAP:
                left = outcome.amount or 0
                more = f"You can still send {money(left)} today." if left else "You've hit today's limit."
                return f"🧾 {name}, that's over the daily giving cap. {more}"
            case RejectReason.JAILED:
                jailed = duration(outcome.until - view.now) if outcome.until else ""
                return f"🚔 {name}, no transfers from jail: you're locked up for another {jailed}."
            case RejectReason.CANNOT_AFFORD:
                return f"💸 {name}, you can't cover that: it takes {money(outcome.amount or 0)} with the fee."
        return refusal(outcome, name, view)
    r = outcome.result
    balance = f" You have {money(answer.balance)} left." if answer.balance is not None else ""
    return (
        f"🤝 {name} sent {money(r.amount)} to {answer.target} (fee {money(r.fee)}).{balance}"
        f" Sent today: {money(r.sent_today)}/{money(r.daily_cap)}."
    )
