"""Texts of achievements, titles, missions, the hall of fame, notifications and announcements."""

from __future__ import annotations

from bot.answers.progression import (
    AchievementsAnswer,
    Epilogue,
    HallAnswer,
    MissionsAnswer,
    NotificationsAnswer,
    TitlesAnswer,
    WithEpilogue,
)
from bot.format import duration, money
from bot.render.base import View, render
from bot.repository.progression import AchievementUnlocked, MissionSetPaid, Moment, RecordBroken
from game.achievements import TIER_EMOJI, nearest, progress_bar
from game.goals import RecordType

__all__ = ["announcement", "feed_post", "rarity"]

RECORD_NAMES = {
    RecordType.HIGHEST_WEALTH: "Highest wealth",
    RecordType.HIGHEST_DAILY_WEALTH: "Most earned in a day",
    RecordType.BIGGEST_SINGLE_ROB: "Biggest single rob",
    RecordType.LONGEST_STREAK: "Longest check-in streak",
    RecordType.HIGHEST_LEVEL: "Highest level",
    RecordType.HIGHEST_SINGLE_DONATION: "Biggest single donation",
    RecordType.MOST_JUICERNAUT_WINS: "Most Juicernaut wins",
    RecordType.MOST_HEIST_WINS: "Most heist wins",
}
_MONEY_RECORDS = {RecordType.HIGHEST_WEALTH, RecordType.HIGHEST_DAILY_WEALTH, RecordType.BIGGEST_SINGLE_ROB}


def _record_value(record: str, value: int) -> str:
    if record in _MONEY_RECORDS:
        return money(value)
    if record == RecordType.HIGHEST_SINGLE_DONATION:
        return f"${value // 100:,}.{value % 100:02d}"
    if record == RecordType.LONGEST_STREAK:
        return f"{value:,} day" + ("" if value == 1 else "s")
    return f"{value:,}"


def rarity(held_by: float | None) -> str:
    if held_by is None:
        return ""
    pct = held_by * 100
    return f"held by {pct:.1f} %" if pct < 10 else f"held by {pct:.0f} %"


@render.register
def _achievements(answer: AchievementsAnswer, view: View) -> str:
    if not answer.found:
        return f"❌ I don't know {answer.name}."
    tiers = " ".join(f"{TIER_EMOJI[t]}{done}/{total}" for t, done, total in answer.per_tier())
    near = nearest(answer.views)
    parts = [f"🏅 {answer.name}: {answer.completed}/{len(answer.views)} achievements | {tiers}"]
    if near:
        shown = []
        for v in near:
            held = rarity(v.held_by)
            shown.append(f"{v.name} {progress_bar(v.progress, v.requirement)}" + (f" ({held})" if held else ""))
        parts.append("Next: " + " · ".join(shown))
    secret = sum(v.secret for v in answer.views)
    if secret:
        pending = sorted({v.coming_with for v in answer.views if v.secret and v.coming_with})
        note = f" (some arrive with {', '.join(pending)})" if pending else ""
        parts.append(f"??? ×{secret} hidden{note}")
    return " | ".join(parts)


@render.register
def _titles(answer: TitlesAnswer, view: View) -> str:
    p = view.prefix
    match answer.action:
        case "worn":
            return f"🏷️ {answer.name} now wears [{answer.title}]."
        case "cleared":
            return f"🏷️ {answer.name} took off [{answer.title}]."
        case "none_worn":
            return f"🏷️ {answer.name}, you aren't wearing a title."
        case "not_owned":
            return f"❌ {answer.name}, you don't own the title '{answer.title}'. See {p}titles."
    if not answer.titles:
        return f"🏷️ {answer.name}, no titles yet: they come from rare crates and top achievements."
    worn = next((t.title for t in answer.titles if t.worn), None)
    listed = ", ".join(t.title for t in answer.titles[:5])
    more = f" (+{len(answer.titles) - 5} more)" if len(answer.titles) > 5 else ""
    wearing = f"Wearing [{worn}]." if worn else "Wearing none."
    return f"🏷️ {answer.name}'s titles: {listed}{more}. {wearing} {p}title <name> to wear, {p}title none to clear."


@render.register
def _missions(answer: MissionsAnswer, view: View) -> str:
    parts = []
    for s in answer.sets:
        label = "Daily" if s.mission_type == "daily" else "Weekly"
        if not s.lines:
            parts.append(f"{label}: none")
            continue
        left = f" ({duration(s.expires_at - view.now)} left)" if s.expires_at and s.expires_at > view.now else ""
        status = " ✅ paid" if s.paid else ""
        items = "; ".join(
            f"{'✅' if m.completed else '▫️'} {m.name}: {m.description.split('.')[0]} {m.progress}/{m.objective}"
            for m in s.lines
        )
        parts.append(f"{label}{left}{status}: {items}")
    return f"🎯 {answer.name} — " + " | ".join(parts)


@render.register
def _hall(answer: HallAnswer, view: View) -> str:
    if answer.wanted and answer.wanted.startswith("?"):
        names = ", ".join(t.value for t in RecordType)
        return f"❓ No record '{answer.wanted[1:]}'. Records: {names}."
    if not answer.entries:
        return "🏆 Hall of fame: no records yet. Be the first."
    lines = []
    for e in answer.entries:
        name = RECORD_NAMES.get(RecordType(e.record), e.record)
        line = f"{name}: {_record_value(e.record, e.value)} by {e.holder} ({e.achieved_at:%Y-%m-%d})"
        if answer.wanted and e.previous_holder and e.previous_value is not None:
            line += f", before: {e.previous_holder} {_record_value(e.record, e.previous_value)}"
        lines.append(line)
    return "🏆 Hall of fame — " + " | ".join(lines)


@render.register
def _notifications(answer: NotificationsAnswer, view: View) -> str:
    if not answer.lines:
        return f"📭 {answer.name}, no new notifications."
    shown = " | ".join(f"{n.title} {n.message}" for n in answer.lines)
    more = f" (+{answer.total - len(answer.lines)} older, now marked read)" if answer.total > len(answer.lines) else ""
    return f"📬 {answer.name} ({answer.total} new): {shown}{more}"


def announcement(moment: Moment, view: View) -> str | None:
    """The chat line of a moment (None: not announced in chat)."""
    match moment:
        case AchievementUnlocked(tier=tier) if tier in ("gold", "platinum", "legendary"):
            title = f" Title unlocked: [{moment.title}]!" if moment.title else ""
            return (
                f"{TIER_EMOJI.get(tier, '🏅')} {moment.player} unlocked {moment.name} ({tier.capitalize()}): "
                f"+{money(moment.wealth)}, +{moment.xp:,} XP.{title}"
            )
        case MissionSetPaid():
            crate = f" + a {moment.crate} crate" if moment.crate else ""
            return (
                f"🎯 {moment.player} completed all {moment.mission_type} missions: "
                f"+{money(moment.wealth)}, +{moment.xp:,} XP{crate}!"
            )
        case RecordBroken(previous_holder_id=prev) if prev is not None:
            name = RECORD_NAMES.get(moment.record, moment.record)
            old = _record_value(moment.record, moment.previous_value or 0)
            return (
                f"🏆 NEW RECORD — {name}: {moment.player} {_record_value(moment.record, moment.value)} "
                f"(was {old} by {moment.previous_player})"
            )
    return None


def feed_post(moment: Moment) -> tuple[str, str]:
    """(title, text) of a Discord feed post."""
    if isinstance(moment, AchievementUnlocked):
        title = f" — title [{moment.title}]" if moment.title else ""
        return (
            f"{TIER_EMOJI.get(moment.tier, '🏅')} {moment.tier.capitalize()} achievement",
            f"{moment.player} unlocked {moment.name}{title}",
        )
    if isinstance(moment, RecordBroken):
        name = RECORD_NAMES.get(moment.record, moment.record)
        return (
            f"🏆 New record: {name}",
            f"{moment.player} set {_record_value(moment.record, moment.value)} "
            f"(was {_record_value(moment.record, moment.previous_value or 0)} by {moment.previous_player})",
        )
    return ("🎯 Missions", f"{moment.player} completed all {moment.mission_type} missions")


@render.register
def _epilogue(answer: Epilogue, view: View) -> str:
    lines = [line for m in answer.moments if (line := announcement(m, view))]
    if answer.unseen:
        s = "" if answer.unseen == 1 else "s"
        lines.append(f"📬 {answer.unseen} unseen notification{s}: {view.prefix}inbox")
    return " ".join(lines)


@render.register
def _with_epilogue(answer: WithEpilogue, view: View) -> str:
    return f"{render(answer.answer, view)} {render(answer.epilogue, view)}".strip()
