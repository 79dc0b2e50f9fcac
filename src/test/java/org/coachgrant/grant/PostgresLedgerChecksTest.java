package org.coachgrant.grant;

import org.coachgrant.OnPostgres;

/** The ledger's checks on PostgreSQL, where the audit of a refused attempt commits beside the attempt's rollback. */
@OnPostgres
class PostgresLedgerChecksTest extends LedgerChecksTest {}
