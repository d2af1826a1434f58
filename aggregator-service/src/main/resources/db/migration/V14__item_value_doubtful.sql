-- Issue #8 "Energy accounting": `valid` reflects the quality of what a value was computed from. Until V14 an item
-- value had two states, valid or withdrawn (valid = false, V6). It now has three:
--   valid      (valid = true,  withdrawn = false): computed from good inputs only (see below);
--   doubtful   (valid = false, withdrawn = false): computed, but some input is not good (an UNCERTAIN reading, e.g.
--              estimated or substituted, or a doubtful input item; for a day/month/year: a value below it is
--              doubtful or missing). It is a value: it counts in the rollups and in the accounting;
--   withdrawn  (valid = false, withdrawn = true): its inputs became unusable, the value is kept as it was but is no
--              value any more: no input of other items, not counted in rollups.
-- Every value stored before V14 with valid = false was withdrawn.
alter table item_value add column withdrawn boolean not null default false;
update item_value set withdrawn = true where not valid;
alter table item_value add constraint item_value_withdrawn_not_valid check (not (withdrawn and valid));

-- An interval is good when the readings at both its ends are GOOD (quality 0); one with an UNCERTAIN end still has
-- its consumption (and its flag) but makes the values computed from it doubtful. Written by interval.IntervalStore.
alter table interval_consumption add column good boolean not null default true;

-- The reading functions of V7 also say the quality of the usable reading they return (0 GOOD, 1 UNCERTAIN).
drop function reading_usable_at(integer, timestamptz);
drop function reading_usable_after(integer, timestamptz);
drop function reading_usable_before(integer, timestamptz);
drop function reading_day_usable(reading_day);

create function reading_day_usable(d reading_day)
    returns table (ts timestamptz, value numeric, quality smallint)
    language sql immutable as $$
    select d.day_start + u.off * interval '1 millisecond', u.v, u.q
      from unnest(d.offsets, d.quality, d.value) as u(off, q, v)
     where u.q <> 2
$$;

create function reading_usable_before(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric, quality smallint)
    language plpgsql stable as $$
declare
    h_ts timestamptz;
    h_value numeric;
    h_quality smallint;
    c_ts timestamptz;
    c_value numeric;
    c_quality smallint;
begin
    select r.ts, r.value, r.quality into h_ts, h_value, h_quality from reading r
     where r.series_id = p_series and r.ts < p_ts and r.quality <> 2
     order by r.ts desc limit 1;
    select u.ts, u.value, u.quality into c_ts, c_value, c_quality
      from reading_day d
      cross join lateral (select x.ts, x.value, x.quality from reading_day_usable(d) x where x.ts < p_ts
                           order by x.ts desc limit 1) u
     where d.series_id = p_series and d.day_start < p_ts
       and d.day_start >= coalesce(date_trunc('day', h_ts, 'UTC'), '-infinity')
     order by d.day_start desc limit 1;
    if c_ts is not null and (h_ts is null or c_ts > h_ts) then
        return query select c_ts, c_value, c_quality;
    elsif h_ts is not null then
        return query select h_ts, h_value, h_quality;
    end if;
end
$$;

create function reading_usable_after(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric, quality smallint)
    language plpgsql stable as $$
declare
    h_ts timestamptz;
    h_value numeric;
    h_quality smallint;
    c_ts timestamptz;
    c_value numeric;
    c_quality smallint;
begin
    select r.ts, r.value, r.quality into h_ts, h_value, h_quality from reading r
     where r.series_id = p_series and r.ts > p_ts and r.quality <> 2
     order by r.ts asc limit 1;
    select u.ts, u.value, u.quality into c_ts, c_value, c_quality
      from reading_day d
      cross join lateral (select x.ts, x.value, x.quality from reading_day_usable(d) x where x.ts > p_ts
                           order by x.ts asc limit 1) u
     where d.series_id = p_series and d.day_start > p_ts - interval '1 day'
       and d.day_start <= coalesce(h_ts, 'infinity')
     order by d.day_start asc limit 1;
    if c_ts is not null and (h_ts is null or c_ts < h_ts) then
        return query select c_ts, c_value, c_quality;
    elsif h_ts is not null then
        return query select h_ts, h_value, h_quality;
    end if;
end
$$;

create function reading_usable_at(p_series integer, p_ts timestamptz)
    returns table (ts timestamptz, value numeric, quality smallint)
    language sql stable as $$
    select x.ts, x.value, x.quality from (
        select r.ts, r.value, r.quality, 0 as pref from reading r
         where r.series_id = p_series and r.ts = p_ts and r.quality <> 2
        union all
        select u.ts, u.value, u.quality, 1 from reading_day d cross join lateral reading_day_usable(d) u
         where d.series_id = p_series and d.day_start = date_trunc('day', p_ts, 'UTC') and u.ts = p_ts
    ) x order by x.pref limit 1
$$;

-- intervals stored before V14: good unless a reading at one of their ends is UNCERTAIN
update interval_consumption i set good = false
 where exists (select 1 from reading_usable_at(i.series_id, i.interval_start) a where a.quality <> 0)
    or exists (select 1 from reading_usable_at(i.series_id, i.interval_end) b where b.quality <> 0);
