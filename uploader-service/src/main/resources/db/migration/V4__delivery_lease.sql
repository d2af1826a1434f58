-- Delivery that holds nothing while it waits (issue #10). A delivery round claims due rows in a short transaction
-- (FOR UPDATE SKIP LOCKED), marks them in flight with a lease and a claim token, and commits; it sends with no
-- transaction open and records the outcome in a new short transaction, only where its token still stands. A lease
-- that ran out (a replica that crashed or hangs) returns the row to the queue; the late finisher's token no longer
-- matches and it overwrites nothing. In-flight rows are not locked: the Kafka listener upserts a newer version
-- during the flight, and the record compares versions so that the newer value stays pending and is sent after.
alter table upload_item
    add column claim_token uuid,          -- the claim of the round sending this row, null when not in flight
    add column claimed_by  text,          -- the replica that holds the claim (for operators)
    add column lease_until timestamptz;   -- the claim runs out then: the row is due again

-- FAILED: refused locally before sending (a statDate not aligned to its statType); a newer version makes it PENDING
alter table upload_item drop constraint upload_item_status_check;
alter table upload_item add constraint upload_item_status_check
    check (status in ('PENDING', 'SENT', 'NOT_REPORTED', 'FAILED'));

-- Registration serialised across replicas: the replica that inserts (or takes over an expired) lease row registers;
-- the others wait for the stored registration. Claimed and committed before the HTTP call, deleted after it.
create table registration_lease (
    platform_id     text        not null,
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    token           uuid        not null,
    holder          text        not null,
    lease_until     timestamptz not null,
    primary key (platform_id, tenant_id, enterprise_code)
);

-- Consecutive failed requests per (platform, enterprise) and whether the alarm on alarms.v1 is raised
create table delivery_health (
    platform_id          text        not null,
    tenant_id            text        not null,
    enterprise_code      varchar(18) not null,
    consecutive_failures int         not null default 0,
    last_error           text,
    alarm_id             uuid,              -- set while the alarm is raised: the id of the raised event
    updated_at           timestamptz not null default now(),
    primary key (platform_id, tenant_id, enterprise_code)
);
