-- A task's form saved half-filled ("Save and come back later" on /tasks/{id}): one draft per task and person,
-- the form's data as JSON. Deleted when the task is submitted; a draft of a task that has ended is never shown.
create table task_draft (
  task_id   varchar(64)     not null,
  user_id   varchar(255)    not null,
  data      varchar(200000) not null,
  saved_at  timestamp       not null,
  primary key (task_id, user_id)
);
