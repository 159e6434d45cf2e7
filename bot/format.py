"""Small text helpers shared by every reply: money, durations, and platform length limits."""

from __future__ import annotations

from datetime import timedelta

from bot.events import Platform

__all__ = ["LIMITS", "article", "boundary", "duration", "fit", "money", "split"]

# Characters per chat message.
LIMITS: dict[Platform, int] = {
    Platform.TWITCH: 500,
    Platform.KICK: 500,
    Platform.DISCORD: 2000,
    Platform.CONSOLE: 500,
}


def article(word: str) -> str:
    """``"a"`` or ``"an"`` for a word that follows it (by its first letter: an Uncommon, a Rare)."""
    return "an" if word[:1].lower() in "aeiou" and word else "a"


def money(amount: int) -> str:
    """``1234567`` → ``$1,234,567``; negatives as ``-$50``."""
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


def duration(span: timedelta) -> str:
    """``2h 3m``, ``45s``, ``3d 4h``: the two largest units, rounded up to the second."""
    seconds = max(0, int(-(-span.total_seconds() // 1)))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")]
    shown = [f"{n}{unit}" for n, unit in parts if n][:2]
    return " ".join(shown) or "0s"


def boundary(text: str, limit: int, *, lines_only: bool = False) -> int:
    """Index of the last newline, else space, within ``limit`` characters; 0 when none."""
    cut = text.rfind("\n", 0, limit + 1)
    if cut <= 0 and not lines_only:
        cut = text.rfind(" ", 0, limit + 1)
    return max(cut, 0)


def split(text: str, limit: int, *, flatten: bool | None = None) -> list[str]:
    """The one reply splitter: ``text`` as messages of at most ``limit`` characters.

    Cuts at the last newline, else the last space, before the limit (a hard cut when there is
    neither). ``flatten`` (default: for chat-sized limits, ≤ 500) first turns every run of
    whitespace, newlines included, into one space, as chat platforms show one line.
    """
    if flatten if flatten is not None else limit <= 500:
        text = " ".join(text.split())
    text = text.strip()
    out: list[str] = []
    while len(text) > limit:
        cut = boundary(text, limit) or limit
        head = text[:cut].rstrip()
        if head:
            out.append(head)
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out


def fit(text: str, limit: int) -> str:
    """One message: cut at a word boundary with an ellipsis when too long."""
    parts = split(text, limit)
    if len(parts) <= 1:
        return parts[0] if parts else ""
    head = split(text, limit - 1)[0]
    return head + "…"
