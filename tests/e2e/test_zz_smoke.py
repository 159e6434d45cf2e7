from tests.harness import Harness

async def test_smoke(h: Harness) -> None:
    out = []
    out += await h.say("alice: !checkin", "alice: !missions")
    for i in range(25):
        h.advance(minutes=61)
        out += await h.say("alice: !play")
    out += await h.say("bob: hi there", "bob: !checkin")
    for i in range(20):
        out += await h.say(f"alice: chat line {i}")
    h.advance(seconds=5)
    out += await h.say("alice: !rob bob")
    h.advance(seconds=5)
    out += await h.say("alice: !achievements", "alice: !missions", "alice: !titles", "alice: !hof", "alice: !notifications", "alice: !rank", "alice: !profile")
    print("\n".join(out))
    assert False
