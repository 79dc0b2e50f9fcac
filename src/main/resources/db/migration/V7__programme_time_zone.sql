-- The time zone a programme's sessions are held in, as an IANA id (Europe/London): the times in its emails
-- are shown in it, and "tomorrow" is reckoned in it. Empty: the setting coachgrant.time-zone.
alter table programme add column time_zone varchar(64);
