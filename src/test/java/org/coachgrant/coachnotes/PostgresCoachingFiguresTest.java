package org.coachgrant.coachnotes;

import org.coachgrant.OnPostgres;

/** The coaching figures (hours against plan, feedback per group and coach) on PostgreSQL, the production database. */
@OnPostgres
class PostgresCoachingFiguresTest extends CoachingFiguresTest {}
