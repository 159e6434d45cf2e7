-- The game's wealth cap (game/limits.py LimitRules.wealth_cap, docs/game-rules.md "Limits"):
-- no wallet holds more than $1,000,000,000,000. Any write that would take a wallet past it
-- fails with this constraint, rolls its whole transaction back, and the pipeline answers the
-- command with the cap. NOT VALID: a wallet already above the cap (from before this
-- migration) is not rewritten here; it can only move down (takewealth) until under the cap.
ALTER TABLE users
    ADD CONSTRAINT users_wealth_cap CHECK (wealth <= 1000000000000) NOT VALID;

-- The numbered lines of each player's last !inventory, so "!sell 2" / "!equip 2" name the
-- item that was shown as #2 even after another line was sold (numbers never shift under them).
CREATE TABLE inventory_listings (
    user_id      BIGINT PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    inventory_ids BIGINT[] NOT NULL,
    shown_at     TIMESTAMPTZ NOT NULL
);
