-- Issue #7 outbox hygiene: published rows are deleted by the relay once older than energymon.aggregator.outbox-retention
-- (default PT1H), so the table does not grow without end; a row the broker can never accept (too large, not
-- serialisable) is parked with the reason instead of blocking the rows after it.
alter table outbox add column parked_at timestamptz, add column park_reason text;
drop index outbox_unpublished;
create index outbox_pending on outbox (id) where published_at is null and parked_at is null;
