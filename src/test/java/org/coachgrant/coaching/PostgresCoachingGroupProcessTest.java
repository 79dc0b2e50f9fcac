package org.coachgrant.coaching;

import org.coachgrant.OnPostgres;

/** Every path of the coaching group process on PostgreSQL. */
@OnPostgres
class PostgresCoachingGroupProcessTest extends CoachingGroupProcessTest {}
