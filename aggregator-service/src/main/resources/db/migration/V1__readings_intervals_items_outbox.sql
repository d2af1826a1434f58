-- aggregator-service schema. Every row carries tenant_id and enterprise_code (USCC); every write is an upsert on
-- the natural key, so replaying a Kafka topic changes nothing.
-- Time-partitioning (monthly) and the retention job arrive with the aggregator's storage issue; the keys already
-- start with the tenant and end with the time column so that partitioning by time keeps them valid.

create table reading (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    point_id        text        not null,
    ts              timestamptz not null,          -- poll slot start, never the time of receipt
    value           numeric,                       -- null when quality = 'BAD'
    quality         varchar(9)  not null check (quality in ('GOOD', 'UNCERTAIN', 'BAD')),
    source          smallint    not null check (source between 1 and 7),
    error           text,
    collector_id    text        not null,
    received_at     timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, point_id, ts)
);

-- consumption of a cumulative point between two consecutive usable readings
create table interval_consumption (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    point_id        text        not null,
    interval_start  timestamptz not null,
    interval_end    timestamptz not null,
    start_value     numeric     not null,
    end_value       numeric     not null,
    consumption     numeric,                      -- null when it cannot be derived (flag says why)
    flag            varchar(16) not null check (flag in ('NORMAL', 'GAP', 'DECREASE')),
    computed_at     timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, point_id, interval_start),
    check (interval_end > interval_start)
);

-- a data item's value for one period; version grows each time the value changes
create table item_value (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    data_code       varchar(20) not null,
    stat_type       smallint    not null check (stat_type between 0 and 3),
    period_start    timestamptz not null,
    period_end      timestamptz not null,
    stat_date       timestamp   not null,          -- period start in the enterprise's local time
    value           numeric     not null,
    version         bigint      not null,
    computed_at     timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, data_code, stat_type, period_start)
);

-- transactional outbox: written in the same transaction as the state it announces, relayed to Kafka afterwards
create table outbox (
    id           bigserial primary key,
    topic        text        not null,
    msg_key      text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
