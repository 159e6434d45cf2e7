"""The chat command table and the parsing of a chat line into an :class:`Invocation`.

One row per command: its name, aliases (from ``spec/commands.md``), usage line, who may run
it and the per-user throttle. Unknown ``!words`` parse to ``None`` and are ignored silently;
argument errors are raised as :class:`UsageError` and answered with the usage line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "COMMANDS",
    "Access",
    "Command",
    "CommandSpec",
    "Invocation",
    "UsageError",
    "parse_amount",
    "parse_invocation",
    "parse_target",
]

MAX_AMOUNT = 10**15  # well above any wealth the game can produce; keeps BIGINT safe


class Command(StrEnum):
    PLAY = "play"
    ROB = "rob"
    BAIL = "bail"
    CHECKIN = "checkin"
    PROFILE = "profile"
    BALANCE = "balance"
    LEVEL = "level"
    TOKENS = "tokens"
    INVENTORY = "inventory"
    EQUIP = "equip"
    UNEQUIP = "unequip"
    SELL = "sell"
    CRATES = "crates"
    OPEN = "open"
    SHOP = "shop"
    BUY = "buy"
    REROLL = "reroll"
    MARKET = "market"
    COLLECT = "collect"
    INSURANCE = "insurance"
    COOLDOWNS = "cooldowns"
    LB = "lb"
    RANK = "rank"
    HELP = "help"
    LINK = "link"
    GIVEWEALTH = "givewealth"
    TAKEWEALTH = "takewealth"
    GIVEXP = "givexp"
    GIVECRATE = "givecrate"
    GIVEITEM = "giveitem"
    JAIL = "jail"
    RELEASE = "release"
    ROTATEMARKET = "rotatemarket"
    STARTSESSION = "startsession"
    ENDSESSION = "endsession"
    KPADMIN = "kp-admin"
    ACHIEVEMENTS = "achievements"
    TITLES = "titles"
    MISSIONS = "missions"
    HOF = "hof"
    NOTIFICATIONS = "notifications"


class Access(StrEnum):
    ANYONE = "anyone"
    MODERATOR = "moderator"  # moderators and the broadcaster
    BROADCASTER = "broadcaster"  # the broadcaster only (spec: `bc`): commands that create value


@dataclass(frozen=True, slots=True)
class CommandSpec:
    command: Command
    aliases: tuple[str, ...]
    usage: str  # without the prefix
    summary: str
    access: Access = Access.ANYONE
    throttle_seconds: float = 3.0  # per user and command; repeats inside it are ignored


def _spec(
    command: Command,
    usage: str,
    summary: str,
    *aliases: str,
    access: Access = Access.ANYONE,
    throttle: float = 3.0,
) -> CommandSpec:
    return CommandSpec(command, aliases, usage, summary, access, throttle)


_MOD = Access.MODERATOR
_BC = Access.BROADCASTER

COMMANDS: dict[Command, CommandSpec] = {
    s.command: s
    for s in (
        _spec(Command.PLAY, "play", "Run a job for cash and XP (5% chance of getting busted).", throttle=1),
        _spec(Command.ROB, "rob <user>", "Try to rob another player (costs 1 heist token).", throttle=1),
        _spec(Command.BAIL, "bail", "Pay bail to get out of jail early.", throttle=1),
        _spec(Command.CHECKIN, "checkin", "Claim your daily reward and grow your streak.", "daily"),
        _spec(Command.PROFILE, "profile [user]", "Tier, wealth, level, streak and more.", "p", "stats"),
        _spec(Command.BALANCE, "balance [user]", "How much cash someone holds.", "bal", "money", "wealth"),
        _spec(Command.LEVEL, "level [user]", "Level and XP progress.", "lvl", "xp"),
        _spec(Command.TOKENS, "tokens", "Your heist tokens (robbing costs one).", "token", "mytokens"),
        _spec(Command.INVENTORY, "inventory", "Your items and their durability.", "inv", "items"),
        _spec(Command.EQUIP, "equip <item>", "Equip an item from your inventory.", throttle=1),
        _spec(Command.UNEQUIP, "unequip <weapon|armor|business|housing>", "Unequip a slot.", throttle=1),
        _spec(Command.SELL, "sell <item>", "Sell an item from your inventory.", throttle=1),
        _spec(Command.CRATES, "crates", "Your crates by tier.", "crate"),
        _spec(Command.OPEN, "open [common|uncommon|rare|legendary]", "Open a crate (oldest first).", throttle=30),
        _spec(Command.SHOP, "shop", "Your personal shop.", "store"),
        _spec(Command.BUY, "buy <item|#>", "Buy from your shop or the black market.", throttle=1),
        _spec(Command.REROLL, "reroll", "Refresh your personal shop.", "refresh", throttle=1),
        _spec(Command.MARKET, "market", "The rotating black market.", "blackmarket", "bm"),
        _spec(Command.COLLECT, "collect", "Collect revenue from your equipped business."),
        _spec(Command.INSURANCE, "insurance [plan]", "See or buy rob insurance.", "insure"),
        _spec(Command.COOLDOWNS, "cooldowns", "Your cooldowns and jail time.", "cd", "cds"),
        _spec(
            Command.LB,
            "lb [daily|weekly|monthly|lifetime] [wealth]",
            "Leaderboards.",
            "leaderboard",
            "top",
        ),
        _spec(Command.RANK, "rank", "Your rank on each leaderboard.", "myrank"),
        _spec(Command.HELP, "help [command]", "List commands or explain one.", "commands", "kphelp"),
        _spec(Command.LINK, "link [code]", "Link your Twitch, Kick and Discord into one character."),
        _spec(Command.GIVEWEALTH, "givewealth <user> <amount> [reason]", "Give cash.", "addwealth", access=_BC, throttle=0),
        _spec(Command.TAKEWEALTH, "takewealth <user> <amount> [reason]", "Take cash.", "removewealth", access=_BC, throttle=0),
        _spec(Command.GIVEXP, "givexp <user> <amount> [reason]", "Give XP.", "addxp", access=_BC, throttle=0),
        _spec(
            Command.GIVECRATE,
            "givecrate <user> <common|uncommon|rare|legendary> [reason]",
            "Give a crate.",
            "addcrate",
            access=_BC,
            throttle=0,
        ),
        _spec(Command.GIVEITEM, "giveitem <user> <item>", "Give an item.", access=_BC, throttle=0),
        _spec(Command.JAIL, "jail <user> <minutes> [reason]", "Jail a player.", access=_MOD, throttle=0),
        _spec(Command.RELEASE, "release <user> [reason]", "Release a player from jail.", access=_MOD, throttle=0),
        _spec(Command.ROTATEMARKET, "rotatemarket", "Rotate the black market now.", access=_BC, throttle=0),
        _spec(Command.STARTSESSION, "startsession [title]", "Start a stream session.", "startstream", access=_MOD, throttle=0),
        _spec(Command.ENDSESSION, "endsession", "End the stream session.", "endstream", access=_MOD, throttle=0),
        _spec(Command.ACHIEVEMENTS, "achievements [user]", "Achievements: done, per tier, the nearest three.", "achieve", "ach"),
        _spec(Command.TITLES, "titles [name|none]", "Your titles; wear one or take it off.", "title"),
        _spec(Command.MISSIONS, "missions [daily|weekly]", "Your daily and weekly missions.", "mission", "quests"),
        _spec(Command.HOF, "hof [record]", "The hall of fame.", "halloffame", "records"),
        _spec(Command.NOTIFICATIONS, "notifications", "Your unseen notifications.", "notifs", "inbox"),
        _spec(Command.KPADMIN, "kp-admin setchannel commands|feed [channel_id] | addchannel|removechannel activity [channel_id] | listchannels", "Discord channel setup (server admins).", throttle=0),
    )
}

_BY_NAME: dict[str, Command] = {}
for _s in COMMANDS.values():
    for _name in (_s.command.value, *_s.aliases):
        if _name in _BY_NAME:
            raise RuntimeError(f"command name {_name!r} used twice")
        _BY_NAME[_name] = _s.command


class UsageError(ValueError):
    """The command exists but its arguments are wrong; ``detail`` says what was wrong."""

    def __init__(self, command: Command, detail: str = "") -> None:
        super().__init__(detail or COMMANDS[command].usage)
        self.command = command
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Invocation:
    command: Command
    args: tuple[str, ...]

    @property
    def spec(self) -> CommandSpec:
        return COMMANDS[self.command]

    def rest(self, start: int = 0) -> str:
        return " ".join(self.args[start:])


_SPACE = re.compile(r"\s+")


def parse_invocation(text: str, prefix: str, *, max_args: int = 16) -> Invocation | None:
    """``"!Rob @Bob"`` → ``Invocation(ROB, ("@Bob",))``; not a known command → ``None``."""
    if not text.startswith(prefix):
        return None
    body = _SPACE.split(text[len(prefix) :].strip(), maxsplit=max_args)
    name = body[0].lower() if body else ""
    command = _BY_NAME.get(name)
    if command is None:
        return None
    args = tuple(a for a in body[1:max_args] if a)
    return Invocation(command, args)


_AMOUNT = re.compile(r"^\$?(\d{1,15}(?:[.,]\d{1,3})?|\d{1,3}(?:,\d{3}){1,4})([kmb]?)$", re.IGNORECASE)
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def parse_amount(text: str) -> int | None:
    """``2500``, ``2,500``, ``$2.5k``, ``1m`` → whole dollars; anything else → ``None``.

    Zero, negatives, fractions of a dollar and amounts above :data:`MAX_AMOUNT` are refused.
    """
    match = _AMOUNT.match(text.strip())
    if not match:
        return None
    number, suffix = match[1], match[2].lower()
    if re.fullmatch(r"\d{1,3}(,\d{3})+", number):
        number = number.replace(",", "")
    else:
        number = number.replace(",", ".")
    whole, _, frac = number.partition(".")
    scale = _SCALE[suffix]
    value = int(whole) * scale
    if frac:
        frac_value = int(frac) * scale
        divisor = 10 ** len(frac)
        if frac_value % divisor:
            return None  # fractions of a dollar
        value += frac_value // divisor
    if value <= 0 or value > MAX_AMOUNT:
        return None
    return value


_NAME = re.compile(r"^[\w.\-]{1,50}$")


def parse_target(text: str) -> str | None:
    """A player reference: ``@Name`` or ``Name`` → the lower-cased login; else ``None``."""
    name = unicodedata.normalize("NFKC", text.strip()).removeprefix("@")
    if not _NAME.match(name):
        return None
    return name.lower()
