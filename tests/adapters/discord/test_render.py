from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import (
    DESCRIPTION_LIMIT,
    EMBEDS_PER_MESSAGE,
    MESSAGE_TOTAL_LIMIT,
    TITLE_LIMIT,
    embed_messages,
    feed_embed,
)
from bot.format import split


def message_total(embeds: list) -> int:  # type: ignore[type-arg]
    return sum(len(e.title or "") + len(e.description or "") for e in embeds)


def test_short_text_is_one_embed() -> None:
    [[embed]] = embed_messages("💰 Alice: $1,000", title="Balance")
    assert embed.title == "Balance"
    assert embed.description == "💰 Alice: $1,000"


def test_split_prefers_line_then_word_boundaries() -> None:
    # the one reply splitter, keeping lines (as for Discord's 2000 characters)
    assert split("aaa bbb\nccc ddd", 9, flatten=False) == ["aaa bbb", "ccc ddd"]
    assert split("aaaa bbbb cccc", 10) == ["aaaa bbbb", "cccc"]
    assert split("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split("aaa bbb\nccc ddd", 9, flatten=True) == ["aaa bbb", "ccc ddd"]
    assert split("a\nb", 500) == ["a b"]  # chat platforms show one line


def test_long_text_fills_messages_within_discord_limits_and_keeps_every_word() -> None:
    words = [f"w{i}" for i in range(3000)]  # ~17k characters
    messages = embed_messages(" ".join(words), title="T" * 300, max_messages=5)
    assert messages[0][0].title == "T" * (TITLE_LIMIT - 1) + "…"
    for embeds in messages:
        assert 1 <= len(embeds) <= EMBEDS_PER_MESSAGE
        assert message_total(embeds) <= MESSAGE_TOTAL_LIMIT
        assert all(len(e.description or "") <= DESCRIPTION_LIMIT for e in embeds)
    rejoined = " ".join(e.description or "" for m in messages for e in m).split()
    assert rejoined == words


def test_text_beyond_the_message_budget_is_cut_with_an_ellipsis() -> None:
    text = "word " * 10_000
    messages = embed_messages(text, max_messages=2)
    assert len(messages) == 2
    last = messages[-1][-1].description or ""
    assert last.endswith("…")
    assert last.endswith("word…")  # cut at a word boundary
    assert all(message_total(m) <= MESSAGE_TOTAL_LIMIT for m in messages)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=15_000), title=st.text(max_size=400))
def test_any_text_fits_the_limits(text: str, title: str) -> None:
    messages = embed_messages(text, title=title)
    assert 1 <= len(messages) <= 3
    for embeds in messages:
        assert 1 <= len(embeds) <= EMBEDS_PER_MESSAGE
        assert message_total(embeds) <= MESSAGE_TOTAL_LIMIT
        for embed in embeds:
            assert 0 < len(embed.description or "") <= DESCRIPTION_LIMIT
            assert len(embed.title or "") <= TITLE_LIMIT
            assert len(embed) <= MESSAGE_TOTAL_LIMIT


def test_feed_embed_has_kind_colour_footer_and_cut_text() -> None:
    embed = feed_embed("👑 New Juicernaut", "x " * 5000, "crown_change")
    assert embed.colour is not None and embed.colour.value == 0x9146FF
    assert embed.footer.text == "Kingpin RPG"
    assert len(embed) <= MESSAGE_TOTAL_LIMIT
    assert (embed.description or "").endswith("…")
    gold = feed_embed("Legendary!", "Alice opened a crate", "legendary_drop").colour
    assert gold is not None and gold.value == 0xFFD700
