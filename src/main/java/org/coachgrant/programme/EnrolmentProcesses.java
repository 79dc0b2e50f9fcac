package org.coachgrant.programme;

import org.coachgrant.system.ProcessVariable;

/** The enrolment processes, {@code welcomeManager} and {@code enrolmentImport}: keys, element ids, variables. */
public final class EnrolmentProcesses {

  public static final String WELCOME_KEY = "welcomeManager";
  public static final String IMPORT_KEY = "enrolmentImport";

  public static final String TASK_ENROL_BATCH = "Task_EnrolBatch";

  /** Of {@code welcomeManager}. */
  public static final ProcessVariable<Long> PROGRAMME_ID = ProcessVariable.of("programmeId", Long.class);
  public static final ProcessVariable<Long> SETTING_ID = ProcessVariable.of("settingId", Long.class);
  public static final ProcessVariable<String> MANAGER_ID = ProcessVariable.of("managerId", String.class);

  /** Of {@code enrolmentImport}. */
  public static final ProcessVariable<Long> IMPORT_ID = ProcessVariable.of("importId", Long.class);
  public static final ProcessVariable<Boolean> MORE_ROWS = ProcessVariable.of("moreRows", Boolean.class);

  private EnrolmentProcesses() {}

  public static String importBusinessKey(String programmeCode, long importId) {
    return programmeCode + "/import/" + importId;
  }
}
