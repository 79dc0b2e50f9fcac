-- Emails leave the process instance (issue 21): a send task stores its email here in the step's own
-- transaction, and the dispatcher (notification/OutboxDispatcher), outside every process instance, sends it,
-- retrying with backoff. A node claims an email for a while (claimed_until) so that two nodes never send it at
-- once; a node that dies while sending leaves a claim that runs out, and another node sends the email.
alter table email_outbox add column attempts integer default 0 not null;
alter table email_outbox add column next_attempt_at timestamp;
alter table email_outbox add column claimed_until timestamp;
alter table email_outbox add column last_error varchar(1000);
-- the process instance's business key ("<programme code>/..."): the programme whose coordinators see a failure
alter table email_outbox add column business_key varchar(255);
-- the files the email carries (a calendar entry), as JSON: sent with the email, not shown in the mailbox
alter table email_outbox add column attachments varchar(200000);
-- a secret the email carries and nothing stores (a first password), issued by the dispatcher as it sends:
-- "<kind>:<subject>", e.g. "first-password:mia"
alter table email_outbox add column secret varchar(300);
create index email_outbox_due on email_outbox (status, next_attempt_at);
