package org.coachgrant.programme;

import org.coachgrant.OnPostgres;

/** What each person is counted and shown of a programme, on PostgreSQL, the production database. */
@OnPostgres
class PostgresLinkedSettingsTest extends LinkedSettingsTest {}
