"""Big moments for the community feed, picked from a resolution's effects (pure).

A moment is worth a feed post when the whole community would cheer: a legendary crate opened
or earned, an item stolen off someone's back, a climb to a higher status tier. Everything
else (ordinary drops, level-ups, demotions) stays in the player's own replies.

:func:`feed_moments` needs the display names of the players involved (:func:`people_in` says
whose) and the catalogue for item names. :func:`feed_payload` / :func:`feed_item` convert a
moment to and from the outbox row's JSON payload. The outbox (``bot.outbox``) writes and
delivers them; this module does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.events import FeedItem
from bot.format import money
from game import (
    Catalogue,
    CrateGranted,
    CrateOpened,
    DropType,
    Effect,
    ItemMoved,
    ItemTier,
    NoticeKind,
    Notification,
    TierChanged,
)

__all__ = [
    "FEED_KIND",
    "FeedMoment",
    "MomentKind",
    "feed_item",
    "feed_moments",
    "feed_payload",
    "has_moments",
    "people_in",
]

FEED_KIND = "feed"  # the outbox row kind


class MomentKind:
    LEGENDARY_DROP = "legendary_drop"
    LEGENDARY_CRATE = "legendary_crate"
    ITEM_THEFT = "item_theft"
    TIER_UP = "tier_up"


@dataclass(frozen=True, slots=True)
class FeedMoment:
    kind: str
    title: str
    text: str
    guild: str = ""


def _is_moment(effect: Effect) -> bool:
    match effect:
        case CrateOpened(tier=tier) | CrateGranted(tier=tier):
            return tier is ItemTier.LEGENDARY
        case Notification(kind=kind):
            return kind is NoticeKind.ITEM_STOLEN
        case TierChanged(old=old, new=new):
            return new.rank > old.rank
    return False


def has_moments(effects: Iterable[Effect]) -> bool:
    """Cheap check before reading any names."""
    return any(_is_moment(e) for e in effects)


def _thief(effects: Sequence[Effect], victim: int) -> int | None:
    for effect in effects:
        if isinstance(effect, ItemMoved) and effect.from_user_id == victim and effect.to_user_id != victim:
            return effect.to_user_id
    return None


def people_in(effects: Sequence[Effect]) -> set[int]:
    """User ids whose names the moments of ``effects`` mention."""
    ids: set[int] = set()
    for effect in effects:
        if not _is_moment(effect):
            continue
        ids.add(effect.user_id)  # type: ignore[union-attr]
        if isinstance(effect, Notification):
            thief = _thief(effects, effect.user_id)
            if thief is not None:
                ids.add(thief)
    return ids


def _item_name(catalogue: Catalogue, key: str | None) -> str:
    if key is None:
        return "an item"
    item = catalogue.by_key.get(key)
    return item.name if item is not None else key.replace("_", " ")


def _label(value: object) -> str:
    return str(value).replace("_", " ")


_HOW = {
    "play": "on a job",
    "checkin_milestone": "for a check-in streak",
    "mission": "from a mission",
    "juicernaut": "as the Juicernaut",
    "heist": "in a heist",
    "faction": "with their faction",
    "achievement": "for an achievement",
    "purchase": "from a purchase",
    "gift": "as a gift",
    "admin": "as a gift",  # a moderator's !givecrate
}


def _opened(effect: CrateOpened, who: str, catalogue: Catalogue) -> FeedMoment:
    match effect.drop:
        case DropType.WEALTH:
            prize = money(effect.wealth)
        case DropType.TITLE if effect.duplicate:
            prize = f"the title “{effect.title}” (already theirs: {money(effect.wealth)} instead)"
        case DropType.TITLE:
            prize = f"the title “{effect.title}”"
        case _:
            prize = f"the {_item_name(catalogue, effect.item_key)}"
    return FeedMoment(
        MomentKind.LEGENDARY_DROP,
        "💎 Legendary crate opened",
        f"{who} cracked open a legendary crate and pulled {prize}!",
    )


def feed_moments(
    effects: Sequence[Effect], *, names: Mapping[int, str], catalogue: Catalogue
) -> tuple[FeedMoment, ...]:
    """The feed moments of one resolution, in effect order; ``names`` maps user id → name."""

    def who(user_id: int) -> str:
        return names.get(user_id) or f"Player #{user_id}"

    moments: list[FeedMoment] = []
    for effect in effects:
        if not _is_moment(effect):
            continue
        match effect:
            case CrateOpened():
                moments.append(_opened(effect, who(effect.user_id), catalogue))
            case CrateGranted(user_id=uid, source=source):
                moments.append(
                    FeedMoment(
                        MomentKind.LEGENDARY_CRATE,
                        "🎁 Legendary crate earned",
                        f"{who(uid)} got a legendary crate {_HOW.get(str(source), _label(source))}!",
                    )
                )
            case Notification(user_id=victim, data=data):
                item = _item_name(catalogue, str(dict(data).get("item")) if data else None)
                thief = _thief(effects, victim)
                robber = who(thief) if thief is not None else "Someone"
                moments.append(
                    FeedMoment(
                        MomentKind.ITEM_THEFT,
                        "🦹 Item stolen",
                        f"{robber} stole {who(victim)}'s {item}!",
                    )
                )
            case TierChanged(user_id=uid, old=old, new=new):
                moments.append(
                    FeedMoment(
                        MomentKind.TIER_UP,
                        "👑 Tier promotion",
                        f"{who(uid)} rose from {_label(old).title()} to {_label(new).title()}!",
                    )
                )
    return tuple(moments)


def feed_payload(moment: FeedMoment) -> dict[str, str]:
    """The outbox row's JSON payload for ``moment``."""
    return {"kind": moment.kind, "title": moment.title, "text": moment.text, "guild": moment.guild}


def feed_item(outbox_id: int, payload: Mapping[str, Any]) -> FeedItem:
    """The :class:`FeedItem` a publisher gets for an outbox row."""
    return FeedItem(
        outbox_id=outbox_id,
        kind=str(payload.get("kind") or "moment"),
        title=str(payload.get("title") or ""),
        text=str(payload.get("text") or ""),
        guild=str(payload.get("guild") or ""),
    )
