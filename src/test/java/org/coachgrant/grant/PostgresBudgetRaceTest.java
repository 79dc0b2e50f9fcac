package org.coachgrant.grant;

import org.coachgrant.OnPostgres;

/** The budget race on PostgreSQL. */
@OnPostgres
class PostgresBudgetRaceTest extends BudgetRaceTest {}
