"""Replies for the live commands: the crown, the hall of fame, heists."""

from __future__ import annotations

from bot.answers.live import HallAnswer, HeistInfo, HeistModAnswer, HeistStatsAnswer, JuiceAnswer
from bot.format import duration
from bot.render.base import View, render

__all__: list[str] = []


def _usd(cents: int) -> str:
    return f"${cents / 100:,.2f}"


@render.register
def _juice(answer: JuiceAnswer, view: View) -> str:
    if not answer.live:
        return f"👑 No stream session right now — the Juicernaut crown is up for grabs next stream ({view.prefix}juicehall for past winners)."
    if not answer.top:
        return "👑 No Juicernaut yet this stream: the first sub, gift, bit, kick or tip takes the crown!"
    top = " | ".join(f"{i}. {s.name} {_usd(s.total_cents)}" for i, s in enumerate(answer.top, 1))
    holder = answer.holder or "nobody"
    return f"👑 Juicernaut: {holder} ({' | '.join(answer.buffs)}). Top: {top}. Session total {_usd(answer.total_cents)}."


@render.register
def _hall(answer: HallAnswer, view: View) -> str:
    if not answer.by_wins:
        return "🏆 No Juicernaut has won a session yet."
    wins = " | ".join(f"{r.name} {r.wins}× ({r.minutes_held} min held)" for r in answer.by_wins)
    total = " | ".join(f"{r.name} {_usd(r.total_cents)}" for r in answer.by_total)
    return f"🏆 Juicernaut hall — most wins: {wins}. Most contributed: {total}."


@render.register
def _heist_info(answer: HeistInfo, view: View) -> str:
    match answer.state:
        case "open":
            left = max(int((answer.ends_at - view.now).total_seconds()), 0) if answer.ends_at else 0
            return f"🚨 Heist open: {answer.prompt} ⏱️ {left}s left!"
        case "next":
            assert answer.next_at is not None
            if answer.next_at <= view.now:
                return "🚨 A heist is due any moment now — watch the chat!"
            return f"🚨 Next heist in about {duration(answer.next_at - view.now)}."
        case "paused":
            return "🚨 Heists are paused while the stream is offline."
        case "off":
            return "🚨 Heists are switched off by the moderators."
    return "🚨 Heists run during live streams — none right now."


@render.register
def _heist_mod(answer: HeistModAnswer, view: View) -> str:
    match answer.change:
        case "fired":
            return f"🚨 {answer.name} set off a heist ({answer.time_limit}s)."
        case "busy":
            return f"ℹ️ {answer.name}, a heist is already running."
        case "no_session":
            return f"ℹ️ {answer.name}, heists need a live session ({view.prefix}startsession)."
        case "off":
            return f"🚨 Heists are off ({answer.name}). {view.prefix}heist on brings them back."
    return f"🚨 Heists are back on ({answer.name})."


@render.register
def _heist_stats(answer: HeistStatsAnswer, view: View) -> str:
    if not answer.found or answer.stats is None:
        return f"❓ No player called {answer.name}."
    s = answer.stats
    if not s.wins:
        return f"🚨 {answer.name} hasn't cracked a heist yet."
    fastest = f"{(s.fastest_ms or 0) / 1000:.1f}s"
    average = f"{(s.average_ms or 0) / 1000:.1f}s"
    return f"🚨 {answer.name}: {s.wins} heist{'s' if s.wins != 1 else ''} won, fastest {fastest}, average {average}."
