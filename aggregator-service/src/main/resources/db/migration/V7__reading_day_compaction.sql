-- Issue #7 "Compact storage": readings of closed days are packed into one row per series and UTC day (arrays in
-- time order) by compaction.ReadingCompactor; the narrow `reading` table keeps only the recent days (and late
-- readings of packed days until the next compaction round). A row per reading costs ~100 bytes whatever its columns
-- (tuple header, line pointer, B-tree entry); a packed day of 96 readings costs ~20 bytes per reading.
--
-- A (series, ts) may be in both tables until the next round: the `reading` row is the newer one and wins, except
-- that a BAD reading never hides a usable one. The functions below apply that rule for every read of history.

create table reading_day (
    day_start timestamptz not null,            -- 00:00 UTC of the day
    series_id integer     not null,
    offsets   integer[]   not null,            -- milliseconds after day_start, ascending, no duplicates
    quality   smallint[]  not null,            -- 0 GOOD, 1 UNCERTAIN, 2 BAD, per offset
    source    smallint[]  not null,            -- Table 3 code, per offset
    value     numeric[]   not null,            -- null element when BAD
    primary key (series_id, day_start),
    check (cardinality(offsets) = cardinality(quality) and cardinality(offsets) = cardinality(source)
           and cardinality(offsets) = cardinality(value))
) partition by range (day_start);

-- the usable readings packed in one day row, as (ts, value), in time order
create function reading_day_usable(d reading_day)
    returns table (ts timestamptz, value numeric)
    language sql immutable as $$
    select d.day_start + u.off * interval '1 millisecond', u.v
      from unnest(d.offsets, d.quality, d.value) as u(off, q, v)
     where u.q <> 2
$$;

-- the latest usable reading of a series strictly before p_ts (p_ts = 'infinity': the latest of all)
create function reading_usable_before(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric)
    language plpgsql stable as $$
declare
    h_ts timestamptz;
    h_value numeric;
    c_ts timestamptz;
    c_value numeric;
begin
    select r.ts, r.value into h_ts, h_value from reading r
     where r.series_id = p_series and r.ts < p_ts and r.quality <> 2
     order by r.ts desc limit 1;
    -- a packed day can only hold a later one if it is the day of the hot one or after it
    select u.ts, u.value into c_ts, c_value
      from reading_day d
      cross join lateral (select x.ts, x.value from reading_day_usable(d) x where x.ts < p_ts
                           order by x.ts desc limit 1) u
     where d.series_id = p_series and d.day_start < p_ts
       and d.day_start >= coalesce(date_trunc('day', h_ts, 'UTC'), '-infinity')
     order by d.day_start desc limit 1;
    if c_ts is not null and (h_ts is null or c_ts > h_ts) then
        return query select c_ts, c_value;
    elsif h_ts is not null then
        return query select h_ts, h_value;
    end if;
end
$$;

-- the earliest usable reading of a series strictly after p_ts
create function reading_usable_after(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric)
    language plpgsql stable as $$
declare
    h_ts timestamptz;
    h_value numeric;
    c_ts timestamptz;
    c_value numeric;
begin
    select r.ts, r.value into h_ts, h_value from reading r
     where r.series_id = p_series and r.ts > p_ts and r.quality <> 2
     order by r.ts asc limit 1;
    select u.ts, u.value into c_ts, c_value
      from reading_day d
      cross join lateral (select x.ts, x.value from reading_day_usable(d) x where x.ts > p_ts
                           order by x.ts asc limit 1) u
     where d.series_id = p_series and d.day_start > p_ts - interval '1 day'
       and d.day_start <= coalesce(h_ts, 'infinity')
     order by d.day_start asc limit 1;
    if c_ts is not null and (h_ts is null or c_ts < h_ts) then
        return query select c_ts, c_value;
    elsif h_ts is not null then
        return query select h_ts, h_value;
    end if;
end
$$;

-- the usable reading of a series at exactly p_ts, if any
create function reading_usable_at(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric)
    language sql stable as $$
    select x.ts, x.value from (
        select r.ts, r.value, 0 as pref from reading r
         where r.series_id = p_series and r.ts = p_ts and r.quality <> 2
        union all
        select u.ts, u.value, 1 from reading_day d cross join lateral reading_day_usable(d) u
         where d.series_id = p_series and d.day_start = date_trunc('day', p_ts, 'UTC') and u.ts = p_ts
    ) x order by x.pref limit 1
$$;
