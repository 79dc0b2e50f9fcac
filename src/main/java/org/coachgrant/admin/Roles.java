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
  /**
   * Prometheus's account: it reads {@code /actuator/prometheus} and nothing else. A member is refused every other
   * call and the sign-in page, whatever other groups it is in, and is no person: no list of people names it.
   */
  public static final String MONITORING = "monitoring";

  /**
   * The groups that work in Camunda Tasklist: everyone but managers, who do their tasks on Coachgrant's own
   * pages and have none of the engine's APIs.
   */
  public static final java.util.Set<String> TASKLIST_USERS = java.util.Set.of(COACHES, REVIEWERS, SENIOR_REVIEWERS,
      COORDINATORS, ADMINISTRATORS);

  /** Whether one of {@code groups} works in Tasklist. */
  public static boolean usesTasklist(java.util.Collection<String> groups) {
    return groups != null && groups.stream().anyMatch(TASKLIST_USERS::contains);
  }

  static final Map<String, String> NAMES = Map.of(
      MANAGERS, "Setting managers", COACHES, "Coaches", REVIEWERS, "Reviewers",
      SENIOR_REVIEWERS, "Senior reviewers", COORDINATORS, "Programme coordinators", ADMINISTRATORS, "Administrators",
      MONITORING, "Monitoring (metrics only)");

  private Roles() {}
}
