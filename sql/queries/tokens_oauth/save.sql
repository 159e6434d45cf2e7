-- Store or replace one account's OAuth token (a refresh overwrites the previous pair).
-- params: $1 platform text, $2 account_id text, $3 account_role text ('bot' | 'broadcaster'),
--         $4 access_token text, $5 refresh_token text (nullable), $6 scopes text[],
--         $7 expires_at timestamptz (nullable)
-- returns: nothing
INSERT INTO platform_tokens
    (platform, account_id, account_role, access_token, refresh_token, scopes, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (platform, account_id) DO UPDATE
   SET account_role  = EXCLUDED.account_role,
       access_token  = EXCLUDED.access_token,
       refresh_token = EXCLUDED.refresh_token,
       scopes        = EXCLUDED.scopes,
       expires_at    = EXCLUDED.expires_at,
       updated_at    = now();
