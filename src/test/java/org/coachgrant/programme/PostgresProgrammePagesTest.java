package org.coachgrant.programme;

import org.coachgrant.OnPostgres;

/** The workspace's aggregates, lists and exports on PostgreSQL, the production database. */
@OnPostgres
class PostgresProgrammePagesTest extends ProgrammePagesTest {}
