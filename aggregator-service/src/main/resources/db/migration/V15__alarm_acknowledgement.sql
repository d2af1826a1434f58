-- Acknowledgements of alarms with a comment (portal, issue #12): every acknowledgement is kept, the newest is the one
-- the alarm list shows. Scoped like the alarm it acknowledges.
create table alarm_acknowledgement (
    ack_id          bigserial   primary key,
    alarm_id        uuid        not null references alarm_history (alarm_id),
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    acknowledged_by text        not null,   -- the token's preferred_username (its subject when absent)
    subject         text        not null,   -- the token's sub
    acknowledged_at timestamptz not null default now(),
    comment         text        not null check (char_length(comment) between 1 and 500)
);
create index alarm_acknowledgement_newest on alarm_acknowledgement (alarm_id, acknowledged_at desc, ack_id desc);
