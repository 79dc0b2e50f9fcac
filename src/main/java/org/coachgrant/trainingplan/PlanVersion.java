package org.coachgrant.trainingplan;

import java.time.Instant;

public record PlanVersion(long id, long planId, int version, PlanContent content, String submittedBy, Instant submittedAt) {}
