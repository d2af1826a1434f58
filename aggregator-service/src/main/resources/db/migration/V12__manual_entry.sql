-- Issue #8 "Manual entries" (§6.3.4, §9.6.2): readings of readings.v1 that carry a period (DAY, WEEK, MONTH) hold the
-- quantity of a whole local period of a point entered by hand (product output, output value, calorific values,
-- hand-read meters). They are kept here, not in reading (they are no counter readings on the slot grid). A later
-- entry of the same point and period replaces the value (a correction) with the next version; the data items over
-- manual points take their day and month values from these rows (manual.ManualValues, through rollup.RollupJob).
create table manual_entry (
    series_id    integer     not null references series (series_id),
    period       varchar(5)  not null check (period in ('DAY', 'WEEK', 'MONTH')),
    period_start timestamptz not null,          -- local midnight of the day / Monday / 1st of the month
    period_end   timestamptz not null,
    value        numeric     not null,          -- the quantity of the whole period, in the point's unit
    source       smallint    not null check (source between 1 and 7),
    entered_by   text        not null,          -- the batch's collectorId ("portal" for the portal's entry form)
    version      bigint      not null,
    entered_at   timestamptz not null default now(),
    primary key (series_id, period, period_start),
    check (period_end > period_start)
);
