-- Manual entries (§6.3.4, §9.6.2): the quantity of a whole local day, week or month of a manual point, entered by a
-- person in the portal and published on readings.v1 as a source-5 period reading. One row per (point, period, start);
-- every value ever entered stays as a version (a correction is the next version), with who entered it, when, and the
-- evidence attached to it.

create table manual_entry_attachment (
    attachment_id      uuid primary key,
    tenant_id          text        not null,
    enterprise_code    text        not null,
    file_name          text        not null,
    content_type       text        not null,  -- sniffed from the content, never the client's header
    size_bytes         bigint      not null,
    sha256             text        not null,  -- lower-case hex of the content
    content            bytea       not null,
    uploaded_by        text        not null,  -- username (subject when none)
    uploaded_at        timestamptz not null default now(),
    foreign key (tenant_id, enterprise_code) references enterprise (tenant_id, enterprise_code)
);
create index manual_entry_attachment_enterprise on manual_entry_attachment (tenant_id, enterprise_code, uploaded_at);

create table manual_entry (
    entry_id        bigserial primary key,
    tenant_id       text        not null,
    enterprise_code text        not null,
    point_id        text        not null,
    period          text        not null,  -- DAY, WEEK, MONTH
    period_start    date        not null,  -- local start of the period in the enterprise's zone
    version         int         not null default 0,  -- the current version (0 only inside the creating transaction)
    unique (tenant_id, enterprise_code, point_id, period, period_start),
    foreign key (tenant_id, enterprise_code) references enterprise (tenant_id, enterprise_code)
);
create index manual_entry_enterprise_start on manual_entry (tenant_id, enterprise_code, period_start);

create table manual_entry_version (
    entry_id           bigint      not null references manual_entry (entry_id),
    version            int         not null,
    value              numeric     not null,
    unit               text        not null,
    comment            text,
    entered_by_subject text        not null,
    entered_by_name    text        not null,
    entered_at         timestamptz not null default now(),
    reading_batch_id   uuid,                 -- the readings.v1 batch that carried the value; null: value unchanged
    primary key (entry_id, version)
);

create table manual_entry_version_attachment (
    entry_id      bigint not null,
    version       int    not null,
    attachment_id uuid   not null references manual_entry_attachment (attachment_id),
    primary key (entry_id, version, attachment_id),
    foreign key (entry_id, version) references manual_entry_version (entry_id, version)
);
