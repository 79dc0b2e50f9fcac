package org.coachgrant.trainingplan;

import java.time.LocalDate;

public record TrainingPlan(long id, long programmeId, long settingId, String status, LocalDate deadline,
    int currentVersion, String processInstanceId) {

  public enum Status { REQUESTED, SUBMITTED, CHANGES_REQUESTED, APPROVED, REJECTED, WAIT_LISTED, FUNDED, WITHDRAWN }
}
