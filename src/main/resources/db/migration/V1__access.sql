-- Teams, API keys (only the SHA-256 of their secrets) and the admin audit trail (issue 18, identity).
create table teams (
    name       text primary key,
    created_at timestamptz not null
);

create table api_keys (
    id                   text primary key,
    name                 text not null,
    team                 text not null references teams (name),
    prefix               text not null,
    secret_hash          bytea not null unique,
    -- after a rotation: the previous secret's hash and until when it still works
    previous_hash        bytea unique,
    previous_valid_until timestamptz,
    -- model aliases and route names, comma-separated, each possibly with *
    models               text not null,
    expires_at           timestamptz,
    revoked_at           timestamptz,
    created_at           timestamptz not null,
    -- limits and budgets: stored for the next increments of issue 18, not enforced yet
    requests_per_minute  integer,
    tokens_per_minute    integer,
    streams_at_once      integer,
    daily_budget_usd     numeric(14, 6),
    monthly_budget_usd   numeric(14, 6)
);

create table audit_log (
    id     bigserial primary key,
    at     timestamptz not null,
    actor  text not null,
    action text not null,
    target text not null,
    before jsonb,
    after  jsonb not null
);
