-- Tell a player something (shown on the web and in !profile).
-- params: $1 user_id bigint, $2 type text, $3 title text, $4 message text
-- returns: nothing
INSERT INTO user_notifications (user_id, notification_type, title, message)
VALUES ($1, $2, $3, $4);
