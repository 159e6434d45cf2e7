-- One platform account's OAuth token (secrets: never log the row).
-- params: $1 platform text, $2 account_id text
-- returns: one row (platform, account_id, access_token, refresh_token, scopes, expires_at) or none
SELECT platform, account_id, access_token, refresh_token, scopes, expires_at
  FROM platform_tokens
 WHERE platform = $1 AND account_id = $2;
