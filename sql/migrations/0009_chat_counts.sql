-- 0009_chat_counts: chat message counters in rows no command ever locks (issue 21).
--
-- The 250 ms chat flush used to lock every chatter's users row and upsert five
-- leaderboard_snapshots rows per chatter — rows that !play, !rob and !checkin lock and upsert
-- too — so commands queued behind the flush. The flush now adds its counts here instead: one
-- row per (period, chatter), written only by the flush (and a link merge). `!lb chatters`
-- reads these rows; leaderboard_snapshots.messages_sent is no longer written.
--
-- token_messages (daily rows): how many of the day's messages the chat heist-token grant has
-- already accounted for. The grant takes each due chatter's users row with SKIP LOCKED, so a
-- chatter whose row a command holds is granted by a later flush, from where it left off.

CREATE TABLE chat_counts (
    period_type    TEXT NOT NULL
        CHECK (period_type IN ('daily', 'weekly', 'monthly', 'annual', 'lifetime')),
    period_start   DATE NOT NULL,
    user_id        BIGINT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    period_end     DATE NOT NULL,
    messages       BIGINT NOT NULL DEFAULT 0 CHECK (messages >= 0),
    token_messages BIGINT NOT NULL DEFAULT 0 CHECK (token_messages >= 0),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (period_type, period_start, user_id),
    CONSTRAINT chat_counts_period_order CHECK (period_end >= period_start),
    CONSTRAINT chat_counts_tokens_counted CHECK (token_messages <= messages)
);

CREATE INDEX chat_counts_user ON chat_counts (user_id, period_type, period_start);
CREATE INDEX chat_counts_board ON chat_counts (period_type, period_start, messages DESC);

-- Counts written before this migration move over; every message already counted had its
-- tokens decided by the old flush.
INSERT INTO chat_counts (period_type, period_start, user_id, period_end, messages, token_messages)
SELECT period_type, period_start, user_id, period_end, messages_sent, messages_sent
  FROM leaderboard_snapshots
 WHERE messages_sent > 0;

UPDATE leaderboard_snapshots SET messages_sent = 0 WHERE messages_sent > 0;
