"""Replies for races."""

from __future__ import annotations

from bot.answers.races import RaceStandings, RaceStarted
from bot.format import duration, money
from bot.render.base import View, render

__all__: list[str] = []


def score_text(metric: str, score: int) -> str:
    if metric in ("wagered", "won"):
        return money(score)
    if metric == "contributed":
        return f"${score / 100:,.2f}"
    return f"{score:,}"


@render.register
def _started(answer: RaceStarted, view: View) -> str:
    r = answer.race
    if answer.refused:
        return "🏁 Too many races are running; let one finish first."
    ends = duration(r.ends_at - view.now) if r.ends_at else "?"
    return (f"🏁 Race #{r.race_id} is on: most {r.metric} wins! Prize {money(r.prize)} for the top {r.places}, "
            f"ends in {ends}. Standings: {view.prefix}race {r.race_id}")


@render.register
def _standings(answer: RaceStandings, view: View) -> str:
    p = view.prefix
    if answer.not_found is not None:
        return f"🏁 There is no running race #{answer.not_found}."
    r = answer.race
    if r is None:
        if not answer.races:
            return "🏁 No race is running."
        parts = [f"#{x.race_id} {x.metric} {money(x.prize)} ({duration(x.ends_at - view.now) if x.ends_at else '?'})"
                 for x in answer.races]
        return f"🏁 Races: {' · '.join(parts)} — {p}race <#>"
    top = " · ".join(f"{i}. {s.name} {score_text(r.metric, s.score)}" for i, s in enumerate(answer.top, 1)) or "nobody yet"
    ends = duration(r.ends_at - view.now) if r.ends_at else "?"
    you = ""
    if answer.place:
        gap = f", {score_text(r.metric, answer.gap)} behind #{answer.place - 1}" if answer.place > 1 else ", leading"
        you = f" | {answer.name}: #{answer.place} ({score_text(r.metric, answer.score)}{gap})"
    return f"🏁 Race #{r.race_id} ({r.metric}, {money(r.prize)}, ends in {ends}): {top}{you}"
