-- The model's changes in plain English (elements added, removed, renamed; attributes changed), one a line,
-- listed above the XML diff: a file saved by the editor differs on most lines though one task was renamed.
alter table model_change add column changes varchar(100000);
