package org.coachgrant.coaching;

import org.coachgrant.OnPostgres;

/** The reference programme on PostgreSQL. */
@OnPostgres
class PostgresReferenceProgrammeTest extends ReferenceProgrammeTest {}
