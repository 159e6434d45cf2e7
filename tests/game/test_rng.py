import hashlib
import hmac
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import FairRng, Roll, SeededRng, hash_server_seed, verify

SEED = bytes(range(32))


def test_first_draw_is_hmac_of_client_seed_nonce_cursor() -> None:
    rng = FairRng(SEED, "alice", 7)
    expected = int.from_bytes(hmac.new(SEED, b"alice:7:0", hashlib.sha256).digest(), "big")
    assert rng.below(2**256) == expected
    assert rng.draws == 1


def _independent_below(n: int, client: str, nonce: int, count: int) -> list[int]:
    """The documented derivation, written out separately from the implementation."""
    out, cursor, bits = [], 0, (n - 1).bit_length()
    while len(out) < count:
        digest = hmac.new(SEED, f"{client}:{nonce}:{cursor}".encode(), hashlib.sha256).digest()
        cursor += 1
        value = int.from_bytes(digest, "big") >> (256 - bits)
        if value < n:
            out.append(value)
    return out


def test_known_vectors() -> None:
    rng = FairRng(SEED, "alice", 7)
    assert [rng.below(100) for _ in range(5)] == [63, 42, 45, 21, 19]
    assert rng.draws == 8
    assert _independent_below(100, "alice", 7, 5) == [63, 42, 45, 21, 19]
    assert hash_server_seed(SEED) == (
        "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    )


def test_rejection_sampling_skips_out_of_range_blocks() -> None:
    # below(3) keeps the top 2 bits; a value of 3 must be thrown away and the next cursor used.
    rng = FairRng(SEED, "client", 0, record=True)
    results = [rng.below(3) for _ in range(400)]
    assert set(results) == {0, 1, 2}
    assert rng.draws > 400  # some blocks were rejected
    assert [r.result for r in rng.rolls] == results


def test_verify_rederives_recorded_rolls() -> None:
    rng = FairRng(SEED, "bob", 42, record=True)
    rng.randint(1, 6)
    rng.random()
    rng.choice(["a", "b", "c"])
    commitment = hash_server_seed(SEED)
    assert verify(SEED, "bob", 42, rng.rolls, published_hash=commitment)
    tampered = [*rng.rolls[:-1], Roll(rng.rolls[-1].n, (rng.rolls[-1].result + 1) % 3)]
    assert not verify(SEED, "bob", 42, tampered)
    assert not verify(SEED, "bob", 43, rng.rolls)
    assert not verify(b"another seed", "bob", 42, rng.rolls, published_hash=commitment)


@pytest.mark.parametrize("make", [lambda: FairRng(SEED, "x", 1), lambda: SeededRng(99)])
def test_below_is_unbiased(make) -> None:  # type: ignore[no-untyped-def]
    # n = 6 is not a power of two: a modulo mapping would favour low values.
    rng = make()
    draws = 12_000
    counts = Counter(rng.below(6) for _ in range(draws))
    expected = draws / 6
    chi2 = sum((counts[k] - expected) ** 2 / expected for k in range(6))
    assert chi2 < 20.5  # p ≈ 0.001 for 5 degrees of freedom


@settings(max_examples=50)
@given(seed=st.integers(min_value=0, max_value=2**64), n=st.integers(min_value=1, max_value=10**12))
def test_seeded_rng_is_deterministic_and_in_range(seed: int, n: int) -> None:
    a, b = SeededRng(seed), SeededRng(seed)
    values = [a.below(n) for _ in range(5)]
    assert values == [b.below(n) for _ in range(5)]
    assert all(0 <= v < n for v in values)


def test_derived_rolls_stay_in_range() -> None:
    rng = SeededRng(5)
    assert all(3 <= rng.randint(3, 5) <= 5 for _ in range(200))
    assert all(0.0 <= rng.random() < 1.0 for _ in range(200))
    assert sorted(rng.sample(range(10), 10)) == list(range(10))
    assert rng.weighted_index([0.0, 1.0, 0.0]) == 1
    assert not rng.chance(0.0) and rng.chance(1.0)
