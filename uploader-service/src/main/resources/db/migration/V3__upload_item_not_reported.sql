-- A queue row of a (data item, statType) that the enterprise's configuration (config.v1, ItemConfig.statTypes) no
-- longer reports is withdrawn: it keeps its row, with status NOT_REPORTED, instead of being deleted, so that the
-- history stays honest (the value was received and deliberately not sent; a row that had been sent before keeps
-- sent_version and sent_at). A newer version of the value puts it back to PENDING like any other row (the listener
-- only offers one while the period is reported again). Rows already SENT are never withdrawn.
alter table upload_item alter column status type varchar(16);
alter table upload_item drop constraint upload_item_status_check;
alter table upload_item add constraint upload_item_status_check
    check (status in ('PENDING', 'SENT', 'NOT_REPORTED'));

-- the withdrawal looks pending rows up by enterprise and item, whatever the platform
create index upload_item_pending_by_item on upload_item (tenant_id, enterprise_code, data_code, stat_type)
    where status = 'PENDING';
