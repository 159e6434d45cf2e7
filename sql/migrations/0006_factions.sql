-- Factions and territories (spec 12): what membership needs beyond 0001.
-- faction_left_at: the switch cooldown runs from it; faction_reward_locked_until: set when a
-- player who left a faction joins another (no weekly share until then).
-- faction_week_results: one row per week paid, so the weekly payout pays once whatever runs it.

ALTER TABLE users
    ADD COLUMN faction_left_at TIMESTAMPTZ,
    ADD COLUMN faction_reward_locked_until TIMESTAMPTZ;

CREATE TABLE faction_week_results (
    week_start          DATE PRIMARY KEY,
    winner_faction_id   BIGINT REFERENCES factions (faction_id),
    territories         JSONB NOT NULL,   -- faction id → territories held at payout
    paid_members        INTEGER NOT NULL CHECK (paid_members >= 0),
    paid_at             TIMESTAMPTZ NOT NULL
);

CREATE INDEX territory_scores_faction_date ON territory_scores (faction_id, score_date);
