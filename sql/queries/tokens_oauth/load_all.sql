-- Every stored OAuth token of one platform (bot and broadcasters), oldest first.
-- params: $1 platform text
-- returns: rows (platform, account_id, access_token, refresh_token, scopes, expires_at)
SELECT platform, account_id, access_token, refresh_token, scopes, expires_at
  FROM platform_tokens
 WHERE platform = $1
 ORDER BY obtained_at, account_id;
