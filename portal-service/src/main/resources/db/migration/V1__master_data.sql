-- Master data owned by portal-service. Every row is scoped by tenant; every entity below the enterprise by
-- (tenant, enterprise). Entities are kept as typed JSON bodies (the config.v1 records of libs/domain) under their
-- natural key, validated as one graph per enterprise by the application before every write; a retired entity keeps
-- its row (retired_at) and every version of it stays in master_entity_history.

create table tenant (
    tenant_id   text primary key,
    name        text        not null,
    version     bigint      not null default 1,
    retired_at  timestamptz,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table enterprise (
    tenant_id          text        not null references tenant (tenant_id),
    enterprise_code    text        not null,
    body               jsonb       not null,            -- EnterpriseProfile
    version            bigint      not null default 1,  -- optimistic version of the profile
    revision           bigint      not null default 1,  -- grows with every change of the enterprise's master data
    published_revision bigint      not null default 0,  -- last revision announced on config.v1
    retired_at         timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (tenant_id, enterprise_code)
);
create index enterprise_unpublished on enterprise (tenant_id, enterprise_code) where published_revision < revision;

create table master_entity (
    tenant_id       text        not null,
    enterprise_code text        not null,
    kind            text        not null,  -- processes, process-units, equipment, meters, collectors, devices, points, items, targets
    entity_key      text        not null,
    body            jsonb       not null,
    version         bigint      not null default 1,
    retired_at      timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, enterprise_code, kind, entity_key),
    foreign key (tenant_id, enterprise_code) references enterprise (tenant_id, enterprise_code)
);

create table master_entity_history (
    id              bigserial primary key,
    tenant_id       text        not null,
    enterprise_code text        not null,
    kind            text        not null,
    entity_key      text        not null,
    version         bigint      not null,
    change          text        not null,  -- CREATE, UPDATE, RETIRE, RESTORE
    body            jsonb       not null,
    changed_at      timestamptz not null default now()
);
create index master_entity_history_entity on master_entity_history (tenant_id, enterprise_code, kind, entity_key, version);

create table business_licence (
    tenant_id       text        not null,
    enterprise_code text        not null,
    file_name       text        not null,
    content_type    text        not null,
    size_bytes      bigint      not null,
    sha256          text        not null,
    content         bytea       not null,
    uploaded_at     timestamptz not null default now(),
    primary key (tenant_id, enterprise_code),
    foreign key (tenant_id, enterprise_code) references enterprise (tenant_id, enterprise_code)
);

create table meter_event (
    event_id        uuid primary key,
    tenant_id       text        not null,
    enterprise_code text        not null,
    meter_code      text        not null,
    type            text        not null,
    occurred_at     timestamptz not null,
    body            jsonb       not null,  -- MeterEvent as published on meter-events.v1
    recorded_at     timestamptz not null default now(),
    foreign key (tenant_id, enterprise_code) references enterprise (tenant_id, enterprise_code)
);
create index meter_event_meter on meter_event (tenant_id, enterprise_code, meter_code, occurred_at);

-- Transactional outbox of meter-events.v1 (config.v1 is published from enterprise.revision instead).
create table outbox (
    id           bigserial primary key,
    topic        text        not null,
    record_key   text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;

-- One portal instance at a time relays (a lease, taken and renewed in short autocommit statements).
create table relay_lease (
    name        text primary key,
    holder      text        not null,
    valid_until timestamptz not null
);
