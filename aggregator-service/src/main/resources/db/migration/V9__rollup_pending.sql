-- Issue #8 "Periods": day, month and year values of data items (stat types 1, 2, 3) are rolled up from the level
-- below (real-time values → days → months → years) in the enterprise's time zone by rollup.RollupJob. A change of a
-- value marks the period above it here, in the same transaction; the job claims marks (skip locked), recomputes the
-- periods from what is stored, and marks the next level. Nothing is lost: a mark outlives any crash, and a
-- recomputation from stored values is always right, however often it runs.
create table rollup_pending (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    data_code       varchar(20) not null,
    stat_type       smallint    not null check (stat_type between 1 and 3),
    period_start    timestamptz not null,
    period_end      timestamptz not null,
    stat_date       timestamp   not null,          -- period start in the enterprise's local time
    marked_at       timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, data_code, stat_type, period_start),
    check (period_end > period_start)
);
create index rollup_pending_order on rollup_pending (stat_type, marked_at);
