package org.coachgrant.goals;

import org.coachgrant.OnPostgres;

/** Every path of the coaching goals process, and the V24 tables, on PostgreSQL. */
@OnPostgres
class PostgresCoachingGoalsProcessTest extends CoachingGoalsProcessTest {}
