-- How long a programme's personal data is kept after the programme closes (privacy/Retention, issue 22): contact
-- details and free text for contact_months, grant records (without a name) for record_years. A programme without a
-- row, or without closes_on, is not closed: nothing of it is due. contacts_done_at: when the nightly job anonymised
-- the last of its managers and removed its engine history. Portable SQL: runs on H2 and PostgreSQL.
create table programme_retention (
  programme_id     bigint      not null primary key references programme (id),
  closes_on        date,
  contact_months   int         not null default 24,
  record_years     int         not null default 6,
  contacts_done_at timestamp,
  changed_by       varchar(255) not null,
  changed_at       timestamp   not null,
  constraint programme_retention_periods check (contact_months between 1 and 120 and record_years between 1 and 30)
);
