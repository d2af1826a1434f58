-- The enterprise information (基础信息上传) last uploaded to each platform, by the SHA-256 of its JSON: uploaded
-- again only when master data changes it; a failed upload is retried with back-off.
create table enterprise_info_upload (
    platform_id     text        not null,
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    info_sha256     char(64),                  -- of the information accepted last, null before the first
    uploaded_at     timestamptz,
    failures        integer     not null default 0,
    next_attempt_at timestamptz,
    last_error      text,
    primary key (platform_id, tenant_id, enterprise_code)
);
