-- What a programme's grant letter says besides the grant: who issues it, whom to contact (name and email) and
-- the terms of the grant. Empty for a programme created before: the letter then says what coachgrant.letter.*
-- and the standard terms say. Portable SQL: runs on H2 and PostgreSQL.

alter table programme add column issuing_body varchar(200);
alter table programme add column contact_name varchar(200);
alter table programme add column contact_email varchar(254);
alter table programme add column grant_terms varchar(4000);
