-- Transactional outbox (issue #11): events written in the transaction of the change they announce (the audit event of
-- a re-upload request commits with its marks, or not at all) and relayed to Kafka afterwards by OutboxRelay: claim
-- (a lease and a claim token, committed), send with no transaction open, record the outcome only where the token
-- still stands. A failed send is retried with back-off; a row the broker can never accept is parked with the reason.
-- A crash between send and record re-sends the row once its lease ran out, with the same event id.
create table outbox (
    id              bigserial   primary key,
    topic           text        not null,
    msg_key         text        not null,
    event_id        uuid        not null unique,  -- the event's own id: consumers store it once
    payload         bytea       not null,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    claim_token     uuid,                         -- the claim of the round sending this row, null when not in flight
    claimed_by      text,                         -- the replica that holds the claim (for operators)
    lease_until     timestamptz,                  -- the claim runs out then: the row is due again
    published_at    timestamptz,                  -- acknowledged by the broker; deleted after the retention
    parked_at       timestamptz,                  -- the broker can never accept it (too large, invalid topic...)
    park_reason     text
);
create index outbox_pending on outbox (next_attempt_at, id) where published_at is null and parked_at is null;
create index outbox_published on outbox (published_at) where published_at is not null;
