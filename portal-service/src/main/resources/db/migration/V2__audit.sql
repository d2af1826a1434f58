-- Who changed what, when, from where: the portal's own actions (written in the transaction of the change) and the
-- audit.v1 events of the other services (consumed, stored once per event_id). Queried per tenant, newest first.
create table audit_event (
    id              bigserial primary key,
    event_id        uuid        not null unique,
    at              timestamptz not null,
    tenant_id       text,                    -- null: platform-wide (e.g. a platform operator's login)
    enterprise_code text,
    actor_subject   text        not null,
    actor_username  text        not null,
    actor_roles     text        not null,    -- comma-separated role names
    action          text        not null,
    target_kind     text        not null,
    target_key      text,
    detail          jsonb       not null default '{}',
    client_address  text,
    user_agent      text,
    stored_at       timestamptz not null default now()
);
create index audit_event_tenant_at on audit_event (tenant_id, at desc, id desc);
create index audit_event_tenant_enterprise_at on audit_event (tenant_id, enterprise_code, at desc, id desc);
