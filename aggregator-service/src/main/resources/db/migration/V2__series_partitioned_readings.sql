-- Issue #7: readings, intervals and latest values are keyed by a compact integer series id instead of repeated text
-- keys; readings and intervals are partitioned by month (created ahead and dropped after the retention by
-- partition.PartitionMaintenance). There is no production data yet, so the tables of V1 are replaced.

drop table reading;
drop table interval_consumption;

-- the series dictionary: one row per (tenant, enterprise, point); ids are cached in memory by series.SeriesDictionary
create table series (
    series_id       integer generated always as identity primary key,
    tenant_id       text        not null,
    enterprise_code varchar(18) not null,
    point_id        text        not null,
    created_at      timestamptz not null default now(),
    unique (tenant_id, enterprise_code, point_id)
);

-- raw readings, narrow: quality 0 GOOD, 1 UNCERTAIN, 2 BAD; source is the Table 3 code. ts first for alignment.
create table reading (
    ts        timestamptz not null,          -- poll slot start, never the time of receipt
    series_id integer     not null,
    quality   smallint    not null check (quality between 0 and 2),
    source    smallint    not null check (source between 1 and 7),
    value     numeric,                       -- null when quality = 2 (BAD)
    primary key (series_id, ts)
) partition by range (ts);

-- consumption of a cumulative point between two consecutive usable readings; flag 0 NORMAL, 1 GAP, 2 DECREASE
create table interval_consumption (
    interval_start timestamptz not null,
    interval_end   timestamptz not null,
    series_id      integer     not null,
    flag           smallint    not null check (flag between 0 and 2),
    start_value    numeric     not null,
    end_value      numeric     not null,
    consumption    numeric,                  -- null when it cannot be derived (flag says why)
    primary key (series_id, interval_start),
    check (interval_end > interval_start)
) partition by range (interval_start);

-- the most recent reading of every series (any quality), with what the narrow reading table does not keep
create table reading_latest (
    series_id    integer     primary key references series,
    ts           timestamptz not null,
    quality      smallint    not null,
    value        numeric,
    error        text,
    collector_id text        not null,
    received_at  timestamptz not null default now()
);
