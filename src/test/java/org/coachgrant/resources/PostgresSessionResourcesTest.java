package org.coachgrant.resources;

import org.coachgrant.OnPostgres;

/** The session resources on PostgreSQL: the files in their bytea table, the limits, the access. */
@OnPostgres
class PostgresSessionResourcesTest extends SessionResourcesTest {}
