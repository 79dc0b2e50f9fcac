package org.coachgrant.metrics;

import org.coachgrant.OnPostgres;

/** The metrics page on PostgreSQL, the production database: the gauges' counts are plain SQL on both. */
@OnPostgres
class PostgresMetricsTest extends MetricsTest {}
