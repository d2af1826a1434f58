-- Base data (基础数据, PROTOCOL.md §1 b): the code lists of each platform, downloaded at the first registration and
-- again whenever a version check (at start-up and at least daily) reports versions other than the stored ones.
-- One row per platform: the lists are the platform's, whichever enterprise's registration fetched them.
create table platform_base_data (
    platform_id   text        primary key,
    reg_version   text,                      -- the platform's versions the lists belong to
    dic_version   text,
    code_lists    jsonb       not null,      -- list name -> [{code, name, attributes}], as downloaded
    downloaded_at timestamptz not null,
    downloaded_by text        not null       -- tenantId/USCC whose registration fetched them (for operators)
);

-- Configured data items (config.v1) whose code the platform's current lists reject: their queued values are not sent
-- (they stay PENDING, skipped by the claim, and go out once a list or the configuration makes the code valid again),
-- and one ITEM_CODE_INVALID alarm is raised per row on alarms.v1 (the replica that inserts the row publishes it).
create table item_code_invalid (
    platform_id     text        not null,
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    data_code       varchar(20) not null,
    dic_version     text,                    -- the list version that rejected it
    reason          text        not null,    -- bilingual, the validator's findings
    alarm_id        uuid        not null,    -- the raised alarm, cleared when the row goes
    detected_at     timestamptz not null,
    primary key (platform_id, tenant_id, enterprise_code, data_code)
);
