-- Issue #7: a real-time value whose inputs are no longer usable (a corrected reading turned its interval into a
-- DECREASE or GAP) is withdrawn: a new version with valid = false (value kept as it was), published like any version.
alter table item_value add column valid boolean not null default true;
