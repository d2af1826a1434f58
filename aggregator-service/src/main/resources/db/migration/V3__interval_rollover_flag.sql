-- Issue #7 "Counters done right": interval flag 3 ROLLOVER (the counter wrapped past its rolloverMax; usable like
-- NORMAL). Flags are stored by ordinal of interval.Interval.Flag and only ever appended.
alter table interval_consumption drop constraint interval_consumption_flag_check;
alter table interval_consumption add constraint interval_consumption_flag_check check (flag between 0 and 3);
