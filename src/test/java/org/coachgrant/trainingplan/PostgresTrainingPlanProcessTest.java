package org.coachgrant.trainingplan;

import org.coachgrant.OnPostgres;

/** Every path of the training-plan process on PostgreSQL. */
@OnPostgres
class PostgresTrainingPlanProcessTest extends TrainingPlanProcessTest {}
