package org.coachgrant.programme;

import org.coachgrant.OnPostgres;

/** Enrolment and its imports on PostgreSQL: the V6 tables, the indexes, the batches' transactions. */
@OnPostgres
class PostgresEnrolmentTest extends EnrolmentTest {}
