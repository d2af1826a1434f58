-- Item values of an enterprise whose configuration (config.v1) has not arrived yet, or that has no upload target:
-- parked durably so that the Kafka offset can be committed without losing them, and moved into upload_item (one
-- row per target) as soon as the enterprise's configuration gives them somewhere to go.
-- One row per natural key of the event; a higher version replaces a lower one, a replay changes nothing.
create table parked_item_value (
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    data_code       varchar(20) not null,
    stat_type       smallint    not null check (stat_type between 0 and 3),
    stat_date       timestamp   not null,
    value           numeric     not null,
    version         bigint      not null,
    input_type      smallint    not null,
    scope           smallint    not null,
    valid           boolean     not null,
    payload         jsonb       not null,     -- the item-values.v1 event as received (fields not queued included)
    reason          text        not null,     -- why it is parked (unknown enterprise, no target)
    parked_at       timestamptz not null default now(),   -- first parked
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, data_code, stat_type, stat_date)
);
