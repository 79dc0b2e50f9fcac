package org.coachgrant.admin;

import java.util.Map;

/** The groups of DOMAIN.md: who does what in Coachgrant. */
public final class Roles {

  public static final String MANAGERS = "managers";
  public static final String COACHES = "coaches";
  public static final String REVIEWERS = "reviewers";
  public static final String SENIOR_REVIEWERS = "senior-reviewers";
  public static final String COORDINATORS = "coordinators";
  public static final String ADMINISTRATORS = "camunda-admin";

  static final Map<String, String> NAMES = Map.of(
      MANAGERS, "Setting managers", COACHES, "Coaches", REVIEWERS, "Reviewers",
      SENIOR_REVIEWERS, "Senior reviewers", COORDINATORS, "Programme coordinators", ADMINISTRATORS, "Administrators");

  private Roles() {}
}
