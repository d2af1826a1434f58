-- uploader-service schema: registrations, the durable delivery queue and the history of every attempt.
-- Every row carries tenant_id and enterprise_code (USCC).

-- one row per (platform, enterprise): what register returned
create table platform_registration (
    platform_id        text        not null,
    tenant_id          text        not null,
    enterprise_code    varchar(18) not null,
    device_id          text        not null,
    secret_key         text        not null,      -- never logged; encryption at rest arrives with the identity issue
    service_urls       text        not null,      -- JSON object name -> URL, as returned by register
    upload_time        time,
    reg_version        text,
    dic_version        text,
    registered_at      timestamptz not null default now(),
    version_checked_at timestamptz,
    primary key (platform_id, tenant_id, enterprise_code)
);

-- the delivery queue: the newest version of each (platform, enterprise, dataCode, statType, statDate)
create table upload_item (
    platform_id     text        not null,
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
    status          varchar(8)  not null check (status in ('PENDING', 'SENT')),
    reupload        boolean     not null default false,   -- 补传: a newer version of a value already sent
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    sent_version    bigint,
    sent_at         timestamptz,
    updated_at      timestamptz not null default now(),
    primary key (platform_id, tenant_id, enterprise_code, data_code, stat_type, stat_date)
);
create index upload_item_due on upload_item (platform_id, tenant_id, enterprise_code, next_attempt_at)
    where status = 'PENDING';

-- every request sent to a platform, with its outcome
create table upload_attempt (
    id               bigserial primary key,
    platform_id      text        not null,
    tenant_id        text        not null,
    enterprise_code  varchar(18) not null,
    operation        text        not null,       -- register, checkVersion, uploadData
    attempted_at     timestamptz not null default now(),
    item_count       int         not null default 0,
    accepted         boolean     not null,
    http_status      int,
    response_code    text,
    response_message text,
    latency_ms       bigint,
    request_body     text                         -- as sent (field-encrypted); never holds keys
);
create index upload_attempt_recent on upload_attempt (tenant_id, enterprise_code, attempted_at desc);
