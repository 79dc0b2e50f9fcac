package org.coachgrant.notification;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every email's template may use, whatever step sends it: the model {@code SendEmailDelegate} starts from
 * before the step's {@link EmailModelContributor}s add theirs. The administrators' checks and previews read it
 * from here, so a name added here is known to them at once.
 */
public final class CommonEmailModel {

  /** Every name below, and {@code recipient} (added per recipient) and {@code attachments} (by contributors). */
  public static final Set<String> NAMES = Set.of("template", "tasklistUrl", "taskUrl", "myUrl", "recipient", "attachments");

  private CommonEmailModel() {}

  /** The model of an email of {@code template} sent by the process instance {@code processInstanceId}. */
  public static Map<String, Object> start(String publicUrl, String template, String processInstanceId) {
    String base = publicUrl.replaceAll("/$", "");
    Map<String, Object> model = new HashMap<>();
    model.put("template", template);
    model.put("tasklistUrl", base + "/camunda/app/tasklist/");
    // the link of an email that asks someone to act: their task in this process, after the sign-in
    // (a plan's emails link the plan instead: PlanEmailModel)
    model.put("taskUrl", base + "/next/" + processInstanceId);
    model.put("myUrl", base + "/my");
    return model;
  }
}
