-- The REST API's own state (serving owns this schema): API keys and the audit log. Export never touches it.

CREATE SCHEMA IF NOT EXISTS api;

-- A key is shown once when created ("glmr_<key_id>_<secret>"); only the SHA-256 of the secret is kept.
-- The secret is 256 random bits, so a fast hash is enough (no password-style stretching needed).
CREATE TABLE api.api_keys (
    key_id        text PRIMARY KEY,
    secret_sha256 text NOT NULL,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    rate_limit    integer CHECK (rate_limit IS NULL OR rate_limit >= 0),   -- requests/s; NULL = glimmr.api.rate.limit
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL,
    revoked_at    timestamptz
);

-- Who did what that matters: keys created and revoked, tokens issued, bulk exports streamed.
CREATE TABLE api.audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,            -- "key:<key_id>", "jwt:<subject>" or "cli:<os user>"
    action      text NOT NULL,            -- apikey.create | apikey.revoke | token.issue | export.rates
    target      text,
    request_id  text,
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON api.audit_log (at);
