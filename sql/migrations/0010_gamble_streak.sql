-- The run of consecutive won casino rounds (slots, blackjack, coin flip), for the "Hot Hand"
-- achievement: +1 on a won round, back to 0 on a lost one, unchanged by a push.
ALTER TABLE users ADD COLUMN gamble_win_streak INTEGER NOT NULL DEFAULT 0 CHECK (gamble_win_streak >= 0);
