-- The spend ledger (issue 18): one row per request, streams included, written behind the requests in batches.
-- No foreign keys: a row must be written whatever became of its key or team since.
create table ledger (
    -- the row's own id, so a batch retried after an unknown outcome writes each row once
    id               uuid primary key,
    request_id       text not null,
    at               timestamptz not null,
    key_id           text,
    team             text,
    model            text,
    bedrock_model_id text,
    route            text,
    deployment       text,
    input_tokens     integer not null,
    output_tokens    integer not null,
    cost_usd         numeric(20, 10) not null,
    -- ok, cancelled, or the failure's code (budget_exceeded, upstream_error, ...)
    status           text not null,
    latency_ms       bigint not null
);

-- Rebuilding a key's or a team's spend for the current day or month; the usage report by time.
create index ledger_key_at on ledger (key_id, at);
create index ledger_team_at on ledger (team, at);
create index ledger_at on ledger (at);
