-- Alarms raised by the aggregator (§9.7): the state of each watched condition, and every alarm raised.

-- one row per (enterprise, type, subject) whose condition is bad now or whose alarm is raised; a condition back to
-- normal with no alarm raised has no row
create table alarm_state (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    type            text        not null,
    subject         text        not null,
    bad_streak      integer     not null default 0,   -- consecutive bad observations
    good_streak     integer     not null default 0,   -- consecutive good observations since the last bad one
    alarm_id        uuid,                             -- the raised alarm, null while none is raised
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, type, subject)
);

-- every alarm raised, with when it was cleared: what the query API and the portal list
create table alarm_history (
    alarm_id        uuid        primary key,
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    type            text        not null,
    subject         text        not null,
    message         text        not null,
    raised_at       timestamptz not null,
    cleared_at      timestamptz
);
create index alarm_history_enterprise on alarm_history (tenant_id, enterprise_code, raised_at desc);
