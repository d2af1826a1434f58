-- Issue #7 "Compact storage" on TimescaleDB, feature-detected: when the server has TimescaleDB loaded
-- (shared_preload_libraries) and no reading is stored yet, `reading` and `interval_consumption` become hypertables
-- with monthly chunks and native compression (segment by series, order by time) after 2 days; expiry then drops
-- chunks (partition.MonthlyPartitions) and the day packing of compaction.ReadingCompactor stands aside.
-- Otherwise (plain PostgreSQL, the tested path, or data already stored) nothing changes: monthly partitions and
-- day packing. Not exercised by the test suite: TimescaleDB cannot be installed on the build machines.
do $$
begin
    if not exists (select 1 from pg_available_extensions where name = 'timescaledb')
       or position('timescaledb' in current_setting('shared_preload_libraries')) = 0 then
        raise notice 'TimescaleDB not loaded: readings in monthly partitions with day packing';
        return;
    end if;
    if exists (select 1 from reading) or exists (select 1 from interval_consumption) then
        raise notice 'TimescaleDB loaded but readings are stored already: staying on monthly partitions';
        return;
    end if;
    create extension if not exists timescaledb;

    drop table reading;
    create table reading (
        ts        timestamptz not null,
        series_id integer     not null,
        quality   smallint    not null check (quality between 0 and 2),
        source    smallint    not null check (source between 1 and 7),
        value     numeric,
        primary key (series_id, ts)
    );
    perform create_hypertable('reading', 'ts', chunk_time_interval => interval '1 month');
    alter table reading set (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',
                             timescaledb.compress_orderby = 'ts');
    perform add_compression_policy('reading', interval '2 days');

    drop table interval_consumption;
    create table interval_consumption (
        interval_start timestamptz not null,
        interval_end   timestamptz not null,
        series_id      integer     not null,
        flag           smallint    not null check (flag between 0 and 4),
        start_value    numeric     not null,
        end_value      numeric     not null,
        consumption    numeric,
        primary key (series_id, interval_start),
        check (interval_end > interval_start)
    );
    perform create_hypertable('interval_consumption', 'interval_start', chunk_time_interval => interval '1 month');
    alter table interval_consumption set (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',
                                          timescaledb.compress_orderby = 'interval_start');
    perform add_compression_policy('interval_consumption', interval '7 days');
    raise notice 'TimescaleDB loaded: reading and interval_consumption are compressed hypertables';
end
$$;
