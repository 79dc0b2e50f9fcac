package org.coachgrant.privacy;

import org.coachgrant.OnPostgres;

/** The erasure and its scan of every table on PostgreSQL, the production database (its types: text, bytea). */
@OnPostgres
class PostgresErasureTest extends ErasureTest {}
