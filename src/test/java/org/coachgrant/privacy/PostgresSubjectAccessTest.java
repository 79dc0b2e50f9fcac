package org.coachgrant.privacy;

import org.coachgrant.OnPostgres;

/** Subject access on PostgreSQL, whose column names and types the answer must read the same way. */
@OnPostgres
class PostgresSubjectAccessTest extends SubjectAccessTest {}
