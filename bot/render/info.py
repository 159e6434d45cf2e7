"""Replies for the read-only commands: profile, balance, level, tokens, cooldowns, boards, help."""

from __future__ import annotations

from bot.answers.info import (
    BalanceAnswer,
    CooldownEntry,
    CooldownsAnswer,
    HelpAnswer,
    HelpListAnswer,
    HelpUnknownAnswer,
    LeaderboardAnswer,
    LevelAnswer,
    Metric,
    NotFoundAnswer,
    ProfileAnswer,
    RankAnswer,
    RankLine,
    TokensAnswer,
    held_wealth,
)
from bot.commanding import Access
from bot.format import duration, money
from bot.periods import Period
from bot.render.base import View, render
from game import CooldownKind

__all__: list[str] = []

NAME_WIDTH = 25  # names on boards are cut so five entries fit one chat line
MAX_COOLDOWNS = 6

_BOARD_TITLES = {
    Metric.WEALTH: "Wealth Earned",
    Metric.XP: "XP Earned",
    Metric.PLAYS: "Grinders",
    Metric.ROBS: "Rob Masters",
    Metric.CHATTERS: "Top Chatters",
    Metric.DONATIONS: "Top Contributors",
    Metric.CHECKINS: "Check-ins",
    Metric.CRATES: "Crates Opened",
}

_UNITS = {
    Metric.PLAYS: ("play", "plays"),
    Metric.ROBS: ("rob", "robs"),
    Metric.CHATTERS: ("msg", "msgs"),
    Metric.CHECKINS: ("check-in", "check-ins"),
    Metric.CRATES: ("crate", "crates"),
}


def _short(name: str) -> str:
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def _value(metric: Metric, value: int) -> str:
    if metric is Metric.WEALTH:
        return money(value)
    if metric is Metric.XP:
        return f"{value:,} XP"
    if metric is Metric.DONATIONS:  # real money, in cents
        return f"${value // 100:,}.{value % 100:02d}"
    one, many = _UNITS[metric]
    return f"{value:,} {one if value == 1 else many}"


def _title(period: Period, metric: Metric) -> str:
    if held_wealth(period, metric):
        return "Lifetime Wealth (cash held)"
    return f"{period.value.capitalize()} {_BOARD_TITLES[metric]}"


def _xp(level: int, into: int, needed: int) -> str:
    if needed <= 0:
        return f"Lv {level} (max)"
    return f"Lv {level} ({into:,}/{needed:,} XP)"


@render.register
def _not_found(answer: NotFoundAnswer, view: View) -> str:
    return f"❌ Player '{answer.asked}' not found."


@render.register
def _profile(answer: ProfileAnswer, view: View) -> str:
    title = f" [{answer.title}]" if answer.title else ""
    streak = f"🔥 {answer.streak}-day streak" if answer.streak else "🔥 no streak"
    parts = [
        f"👤 {answer.name}{title}",
        str(answer.tier).capitalize(),
        f"💰 {money(answer.wealth)}",
        f"⭐ {_xp(answer.level, answer.xp_into, answer.xp_needed)}",
        streak,
        f"🎟️ {answer.tokens}/{answer.token_cap} tokens",
    ]
    if answer.faction:
        parts.append(f"🏴 {answer.faction}")
    if answer.jailed_until is not None:
        parts.append(f"🚔 in jail ({duration(answer.jailed_until - view.now)} left)")
    return " · ".join(parts)


@render.register
def _balance(answer: BalanceAnswer, view: View) -> str:
    return f"💰 {answer.name}: {money(answer.wealth)}"


@render.register
def _level(answer: LevelAnswer, view: View) -> str:
    tier = str(answer.tier).capitalize()
    if answer.xp_needed <= 0:
        return f"⭐ {answer.name}: Level {answer.level} ({tier}), the top level!"
    pct = answer.xp_into * 100 // answer.xp_needed
    return f"⭐ {answer.name}: Level {answer.level} ({answer.xp_into:,}/{answer.xp_needed:,} XP – {pct}%) · {tier}"


@render.register
def _tokens(answer: TokensAnswer, view: View) -> str:
    p = view.prefix
    cost = f"A rob costs {answer.rob_cost}." if answer.rob_cost else "Robbing is free."
    full = " You're at the cap: spend one to earn more." if answer.tokens >= answer.cap else ""
    return (
        f"🎟️ {answer.name}: {answer.tokens}/{answer.cap} heist tokens. {cost} Earn them with {p}checkin "
        f"(+{answer.checkin_tokens}) and by chatting (1 per {answer.messages_per_token} messages, "
        f"up to {answer.chat_tokens_per_day} a day).{full}"
    )


def _cooldown(entry: CooldownEntry, view: View) -> str:
    left = duration(entry.until - view.now)
    p = view.prefix
    match entry.kind:
        case CooldownKind.PLAY:
            return f"🎰 {p}play {left}"
        case CooldownKind.ROB_TARGET:
            return f"🔫 {p}rob {_short(entry.target or 'someone')} {left}"
        case CooldownKind.CRATE_OPEN:
            return f"📦 {p}open {left}"
    return f"⏳ {entry.kind.replace('_', ' ')} {left}"


@render.register
def _cooldowns(answer: CooldownsAnswer, view: View) -> str:
    parts = []
    if answer.jailed_until is not None:
        parts.append(f"🚔 jail {duration(answer.jailed_until - view.now)}")
    shown = answer.entries[:MAX_COOLDOWNS]
    parts.extend(_cooldown(e, view) for e in shown)
    if len(answer.entries) > len(shown):
        parts.append(f"+{len(answer.entries) - len(shown)} more")
    if not parts:
        return f"✅ {answer.name}: no cooldowns, you're free to go."
    return f"⏰ {answer.name}: " + " · ".join(parts)


@render.register
def _leaderboard(answer: LeaderboardAnswer, view: View) -> str:
    head = f"🏆 {_title(answer.period, answer.metric)}:"
    if not answer.entries:
        return f"{head} nobody on the board yet. Be the first!"
    metric = answer.metric
    parts = [
        f"{'👑' if e.rank == 1 else f'{e.rank}.'} {_short(e.name)} {_value(metric, e.value)}"
        for e in answer.entries
    ]
    return f"{head} " + " · ".join(parts)


def _rank_line(line: RankLine, metric: Metric) -> str:
    label = line.period.value.capitalize()
    if line.rank is None:
        return f"{label} —"
    held = " held" if held_wealth(line.period, metric) else ""
    return f"{label} #{line.rank}/{line.entries} ({_value(metric, line.value)}{held})"


@render.register
def _rank(answer: RankAnswer, view: View) -> str:
    metric = answer.metric
    if all(line.rank is None for line in answer.lines):
        return f"📊 {answer.name}, you're not on the {metric.value} boards yet."
    return f"📊 {answer.name}'s {metric.value} ranks: " + " | ".join(
        _rank_line(x, metric) for x in answer.lines
    )


@render.register
def _help_list(answer: HelpListAnswer, view: View) -> str:
    p = view.prefix
    if answer.topic:
        return f"📖 {answer.topic.capitalize()}: " + " ".join(p + name for name in answer.viewer) + (
            f" · {p}help <command> explains one."
        )
    text = "📖 Commands: " + " ".join(p + name for name in answer.viewer)
    if answer.topics:
        text += " · More: " + " | ".join(f"{p}help {t}" for t in answer.topics)
    if answer.moderator:
        text += " · 🛡️ Mods: " + " ".join(p + name for name in answer.moderator)
    if answer.broadcaster:
        text += " · 👑 Broadcaster: " + " ".join(p + name for name in answer.broadcaster)
    return text + f" · {p}help <command> explains one."


_FOR = {Access.MODERATOR: "moderators", Access.BROADCASTER: "the broadcaster"}
_LABEL = {Access.MODERATOR: " (moderators)", Access.BROADCASTER: " (broadcaster)"}


@render.register
def _help(answer: HelpAnswer, view: View) -> str:
    p = view.prefix
    spec = answer.spec
    if not answer.allowed:
        return f"🚫 {p}{spec.name} is for {_FOR[spec.access]}."
    aliases = f" Aliases: {', '.join(p + a for a in spec.aliases)}." if spec.aliases else ""
    return f"ℹ️ {p}{spec.usage}{_LABEL.get(spec.access, '')} — {spec.help}{aliases}"


@render.register
def _help_unknown(answer: HelpUnknownAnswer, view: View) -> str:
    return f"❓ No command '{answer.asked}'. {view.prefix}help lists them."
