-- Limits and budgets (issue 18): api_keys has had their columns since V1; teams gets the same, shared by its keys.
alter table teams
    add column requests_per_minute integer,
    add column tokens_per_minute   integer,
    add column streams_at_once     integer,
    add column daily_budget_usd    numeric(14, 6),
    add column monthly_budget_usd  numeric(14, 6);

-- A key's request and token rates per model alias or route name: {"claude-3-sonnet": {"requests_per_minute": 10}}
alter table api_keys add column model_limits jsonb;

-- A deleted team (and its dead keys) leave an audit row with nothing after.
alter table audit_log alter column after drop not null;
