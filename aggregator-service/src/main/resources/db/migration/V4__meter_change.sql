-- Issue #7 "Counters done right": counter changes from meter-events.v1 (replacement, reset, adjusting
-- recalibration), per series; interval flag 4 METER_CHANGE (usable). A replayed event (same event id) changes nothing.
create table meter_change (
    series_id       integer     not null references series,
    occurred_at     timestamptz not null,      -- readings before it belong to the old counter
    final_reading   numeric     not null,      -- the old counter's last reading
    initial_reading numeric     not null,      -- the new counter's first reading
    type            smallint    not null,      -- 0 REPLACED, 1 RESET, 2 RECALIBRATED
    event_id        uuid        not null,
    recorded_at     timestamptz not null default now(),
    primary key (event_id, series_id)
);
create index meter_change_series on meter_change (series_id, occurred_at);

alter table interval_consumption drop constraint interval_consumption_flag_check;
alter table interval_consumption add constraint interval_consumption_flag_check check (flag between 0 and 4);
