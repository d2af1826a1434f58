-- Issue #8 "Energy accounting": the standard-coal equivalent (kgce) of every item value whose subject is an energy
-- type (Table A.1) or a working medium (Table A.2) with a conversion factor, written by energy.TceWriter in the same
-- transaction as the item value's version. One row per accounting method: CALORIFIC_EQUIVALENT (当量值) and
-- EQUAL_VALUE (等价值); a subject with a factor of one method only (natural gas: calorific equivalent; media: equal
-- value) is accounted with that factor under both, and factor_method says which factor it was. The factor's identity
-- (key, effective date, origin REFERENCE = GB/T 2589 / MEASURED = reported by the enterprise, value, unit) is kept
-- with the value. A row belongs to the item value's version it was computed for (version); readers join on it, so a
-- row of an older version left behind by a new version without a factor is never read as current.
create table item_value_tce (
    tenant_id             text        not null,
    enterprise_code       varchar(18) not null,
    data_code             varchar(20) not null,
    stat_type             smallint    not null check (stat_type between 0 and 3),
    period_start          timestamptz not null,
    method                varchar(24) not null check (method in ('CALORIFIC_EQUIVALENT', 'EQUAL_VALUE')),
    version               bigint      not null,
    kgce                  numeric     not null,
    factor_key            text        not null,
    factor_method         varchar(24) not null check (factor_method in ('CALORIFIC_EQUIVALENT', 'EQUAL_VALUE')),
    factor_effective_from date        not null,
    factor_origin         varchar(9)  not null check (factor_origin in ('REFERENCE', 'MEASURED')),
    factor_value          numeric     not null,          -- kgce per factor_unit
    factor_unit           text        not null,
    primary key (tenant_id, enterprise_code, data_code, stat_type, period_start, method)
);
