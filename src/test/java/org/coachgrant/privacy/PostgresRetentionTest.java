package org.coachgrant.privacy;

import org.coachgrant.OnPostgres;

/** Retention on PostgreSQL, where the nightly job locks a programme's row while it anonymises it. */
@OnPostgres
class PostgresRetentionTest extends RetentionTest {}
