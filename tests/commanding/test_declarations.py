"""The command declarations: parsing, usage lines, the registry and the derived slash shapes."""

from __future__ import annotations

import pytest

from bot.commanding import Access, Arg, CommandTable, UsageError, command
from bot.events import Platform
from bot.handlers import COMMANDS
from bot.ports import OptionKind


async def _noop(ctx: object, **kwargs: object) -> object:
    return kwargs


def _table(*declared: object) -> CommandTable:
    return CommandTable(list(declared))  # type: ignore[arg-type]


def test_usage_lines_come_from_the_declared_arguments() -> None:
    assert COMMANDS["rob"].usage == "rob <user>"
    assert COMMANDS["givewealth"].usage == "givewealth <user> <amount> [reason]"
    assert COMMANDS["open"].usage == "open [common|uncommon|rare|legendary]"
    assert COMMANDS["buy"].usage == "buy <item|#>"
    assert COMMANDS["rotatemarket"].usage == "rotatemarket"  # the reason is accepted, not advertised


def test_typed_arguments_are_parsed_before_the_handler() -> None:
    give = COMMANDS["givewealth"]
    assert give.bind(("@Bob", "2.5k", "for", "the", "raffle")) == {
        "player": "@Bob", "amount": 2500, "reason": "for the raffle",
    }
    assert give.bind(("bob", "1m")) == {"player": "bob", "amount": 1_000_000, "reason": ""}
    with pytest.raises(UsageError) as bad:
        give.bind(("bob", "lots"))
    assert bad.value.detail == (
        "The amount must be a positive whole number up to $1,000,000,000,000 (the wealth cap), "
        "like 2500, 2.5k or 1m."
    )
    with pytest.raises(UsageError) as missing:
        COMMANDS["rob"].bind(())
    assert missing.value.detail == ""  # just the usage line
    assert COMMANDS["jail"].bind(("bob", "30"))["minutes"] == 30
    with pytest.raises(UsageError, match="1 to 1440"):
        COMMANDS["jail"].bind(("bob", "1441"))


def test_choices_are_case_insensitive_and_strict_commands_refuse_extra_words() -> None:
    assert COMMANDS["open"].bind(("RARE",)) == {"tier": "rare"}
    assert COMMANDS["open"].bind(()) == {"tier": None}
    with pytest.raises(UsageError, match="Pick a crate tier."):
        COMMANDS["open"].bind(("epic",))
    with pytest.raises(UsageError):
        COMMANDS["open"].bind(("rare", "now"))
    assert COMMANDS["bail"].bind(("whatever",)) == {}  # extra words are ignored by default


def test_keyword_arguments_match_by_word_in_any_order() -> None:
    lb = COMMANDS["lb"]
    assert lb.bind(("xp", "weekly")) == {"period": "weekly", "metric": "xp"}
    assert lb.bind(("robs",)) == {"period": None, "metric": "robs"}
    assert lb.bind(("week", "cash")) == {"period": "weekly", "metric": "wealth"}  # synonyms
    with pytest.raises(UsageError, match="Unknown board 'vibes'"):
        lb.bind(("vibes",))
    with pytest.raises(UsageError, match="Unknown board 'weekly'"):
        lb.bind(("daily", "weekly"))


def test_the_parser_finds_names_aliases_and_subcommands() -> None:
    steal = COMMANDS.parse("!BAL @Bob extra", "!")
    assert steal is not None and steal.name == "balance" and steal.args == ("@Bob", "extra")
    sub = COMMANDS.parse("!kp-admin SetChannel feed 12", "!")
    assert sub is not None and sub.name == "kp-admin setchannel" and sub.args == ("feed", "12")
    group = COMMANDS.parse("!kp-admin", "!")
    assert group is not None and group.name == "kp-admin"
    assert group.command.usage == "kp-admin <setchannel|addchannel|removechannel|listchannels>"
    assert COMMANDS.parse("!fly", "!") is None
    assert COMMANDS.parse("rob bob", "!") is None


def test_one_registry_refuses_a_name_used_twice() -> None:
    one = command("alpha", aliases=("a",))(_noop)
    two = command("beta", aliases=("a",))(_noop)
    with pytest.raises(RuntimeError, match="'a' used twice"):
        _table(one, two)


def test_access_and_platforms_are_declared() -> None:
    assert COMMANDS["givewealth"].access is Access.BROADCASTER
    assert COMMANDS["jail"].access is Access.MODERATOR
    assert COMMANDS["rob"].access is Access.ANYONE
    assert COMMANDS["kp-admin setchannel"].platforms == (Platform.DISCORD,)
    assert all(Platform.TWITCH in d.platforms for d in COMMANDS if not d.name.startswith("kp-admin"))


def test_a_declared_handler_still_calls_like_a_function() -> None:
    declared = command("echo", args=(Arg.word("what"),))(_noop)
    assert declared.handler is _noop and declared.usage == "echo <what>"


def _sample(option_kind: OptionKind, choices: tuple[str, ...], low: int | None) -> str:
    if choices:
        return choices[0]
    if option_kind is OptionKind.INTEGER:
        return str(low or 1)
    if option_kind is OptionKind.CHANNEL:
        return "123456789"
    return "bob"


def test_every_slash_command_is_a_chat_line_its_declaration_accepts() -> None:
    """The generated Discord tree against the chat command table, option by option."""
    shapes = COMMANDS.slash_commands()
    assert len({s.name for s in shapes}) == len(shapes)
    for shape in shapes:
        for filled in (False, True):
            values = [_sample(o.kind, o.choices, o.min_value) for o in shape.options if filled or o.required]
            invocation = COMMANDS.parse(" ".join(["!" + shape.chat, *values]), "!")
            assert invocation is not None, shape.name
            root = invocation.command
            assert shape.chat.startswith(root.name), shape.name
            bound = root.bind(invocation.args)  # no UsageError: the line is valid chat
            assert (shape.access, shape.private, shape.server_only) == (
                root.access.value, root.private, root.server_only,
            ), shape.name
            for option in shape.options:
                arg = next(a for a in root.args if a.name == option.name)
                assert option.choices == arg.values, shape.name
                if filled or option.required:
                    assert bound[option.name] is not None, (shape.name, option.name)


def test_every_command_offered_on_discord_has_its_slash_command() -> None:
    shapes = COMMANDS.slash_commands()
    roots = {s.chat for s in shapes}
    for decl in COMMANDS:
        if Platform.DISCORD not in decl.platforms or decl.slash == ():
            continue  # a group's usage-only entry
        assert any(r == decl.name or r.startswith(decl.name + " ") for r in roots), decl.name
        default = [s for s in shapes if s.name == decl.name]
        if default:  # a slash command named like the chat command carries its Discord args
            [shape] = default
            assert [o.name for o in shape.options] == [a.name for a in decl.args if a.slash]
            assert [o.required for o in shape.options] == [not a.optional for a in decl.args if a.slash]
