-- Progression II: achievements, missions, hall of fame, notifications (issue 16).

-- The current run of successful robs (rob_win_streak achievements); a failed rob resets it.
ALTER TABLE users ADD COLUMN rob_win_streak INTEGER NOT NULL DEFAULT 0 CHECK (rob_win_streak >= 0);
-- When a player was last told "you have N unseen notifications" (at most once per 10 minutes).
ALTER TABLE users ADD COLUMN notification_hint_at TIMESTAMPTZ;

-- Distinct catalogue items a player has ever held (unique_items_owned achievements).
CREATE TABLE user_item_discoveries (
    user_id         BIGINT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    item_id         BIGINT NOT NULL REFERENCES items (item_id),
    first_held_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, item_id)
);

-- Share of active players holding each achievement, written by the rarity job (not per request).
CREATE TABLE achievement_rarity (
    achievement_id  BIGINT PRIMARY KEY REFERENCES achievements (achievement_id) ON DELETE CASCADE,
    holders         BIGINT NOT NULL CHECK (holders >= 0),
    active_players  BIGINT NOT NULL CHECK (active_players >= 0),
    computed_for    TIMESTAMPTZ NOT NULL
);

-- Hall of fame: peak wealth held and heist wins join the spec list (DECISION 20 + issue 16).
ALTER TABLE hall_of_fame_records DROP CONSTRAINT hall_of_fame_records_record_type_check;
ALTER TABLE hall_of_fame_records ADD CONSTRAINT hall_of_fame_records_record_type_check CHECK (
    record_type IN (
        'highest_daily_wealth', 'highest_level', 'longest_streak', 'most_juicernaut_wins',
        'highest_single_donation', 'biggest_single_rob', 'highest_wealth', 'most_heist_wins'));

CREATE INDEX user_achievements_holders ON user_achievements (achievement_id) WHERE is_completed;
CREATE INDEX user_missions_period ON user_missions (user_id, mission_type, period_start);
