package org.coachgrant.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.admin.Roles;
import org.coachgrant.notification.CommonEmailModel;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.notification.Outbox;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.time.DueDates;
import org.coachgrant.format.Formats;
import org.coachgrant.system.ModelBean;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

/**
 * The reviewers' daily digest ({@code processes/reviewerDigest.bpmn}): to each reviewer, the plans waiting for a
 * decision they could take ({@code decision} {@code review}: the reviews and revisions' reviews; {@code senior}: the
 * senior approvals), how many and the soonest due, each with its plan's link. Only what they could claim themselves
 * ({@link ReviewEligibility}): a conflicted reviewer never hears of the plan, a task another person took is theirs,
 * and the first approver is not asked for the senior approval. One email per reviewer per working day, whichever
 * node's job runs and however often: the outbox keeps it under {@code reviewer-digest/<user>/<date>}
 * ({@code senior-digest/...} for senior approvals). A job that runs late, on a Saturday or Sunday, sends nothing.
 */
@ModelBean("emailReviewerDigests")
class ReviewerDigests implements JavaDelegate, EmailModelContributor {

  static final String PROCESS_KEY = "reviewerDigest";

  private static final Logger LOG = LoggerFactory.getLogger(ReviewerDigests.class);

  /** A decision reviewers are asked for: its task, the group it is offered to, its outbox key and its words. */
  private record Decision(String taskKey, String group, String keyPrefix, String words) {}

  private static final Map<String, Decision> DECISIONS = Map.of(
      "review", new Decision(TrainingPlanProcess.TASK_REVIEW, Roles.REVIEWERS, "reviewer-digest", "review"),
      "senior", new Decision(TrainingPlanProcess.TASK_SENIOR_APPROVAL, Roles.SENIOR_REVIEWERS, "senior-digest",
          "senior approval"));

  /** A plan waiting, as the digest lists it. */
  record Waiting(long planId, String setting, String programme, LocalDate due, String url) {}

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final ReviewEligibility eligibility;
  private final EmailTemplates templates;
  private final Outbox outbox;
  private final String publicUrl;
  private final WebFormat fmt;

  ReviewerDigests(TaskService tasks, RuntimeService runtime, IdentityService identity, ReviewEligibility eligibility,
      EmailTemplates templates, Outbox outbox, @Value("${coachgrant.public-url}") String publicUrl, WebFormat fmt) {
    this.fmt = fmt;
    this.tasks = tasks;
    this.runtime = runtime;
    this.identity = identity;
    this.eligibility = eligibility;
    this.templates = templates;
    this.outbox = outbox;
    this.publicUrl = publicUrl.replaceAll("/$", "");
  }

  @Override
  public void execute(DelegateExecution execution) {
    LocalDate today = fmt.today();
    if (!DueDates.isWorkingDay(today)) {
      LOG.info("{} is not a working day: no reviewer digest", today);
      return;
    }
    String template = (String) execution.getVariableLocal("template");
    String name = (String) execution.getVariableLocal("decision");
    Decision decision = DECISIONS.get(name);
    if (decision == null) {
      throw new IllegalStateException("No reviewer decision called '" + name + "'; there are " + DECISIONS.keySet());
    }
    for (Map.Entry<User, List<Waiting>> digest : digests(decision).entrySet()) {
      User reviewer = digest.getKey();
      if (reviewer.getEmail() == null || reviewer.getEmail().isBlank()) {
        continue;
      }
      Map<String, Object> model = CommonEmailModel.start(publicUrl, template, execution.getProcessInstanceId());
      model.put("recipient", Map.of("name", (nullToEmpty(reviewer.getFirstName()) + " " + nullToEmpty(reviewer.getLastName())).strip(),
          "email", reviewer.getEmail()));
      List<Waiting> plans = digest.getValue();
      model.put("digest", Map.of("count", plans.size(), "decision", decision.words(),
          "oldestDue", Formats.day(plans.get(0).due()), "plans", plans.stream().map(ReviewerDigests::asModel).toList()));
      outbox.enqueue(decision.keyPrefix() + "/" + reviewer.getId() + "/" + today, template, reviewer.getEmail(),
          templates.render(template, model), execution.getProcessInstanceId(), execution.getProcessBusinessKey());
    }
  }

  /** For each reviewer with something waiting, the plans, soonest due first. */
  Map<User, List<Waiting>> digests(Decision decision) {
    return SystemAccess.run(() -> {
      List<Task> waiting = tasks.createTaskQuery().processDefinitionKey(TrainingPlanProcess.KEY)
          .taskDefinitionKey(decision.taskKey()).active().list();
      Map<String, Waiting> plans = new LinkedHashMap<>();
      for (Task task : waiting) {
        plans.put(task.getId(), waiting(task));
      }
      Map<User, List<Waiting>> digests = new LinkedHashMap<>();
      for (User reviewer : identity.createUserQuery().memberOfGroup(decision.group()).orderByUserId().asc().list()) {
        List<Waiting> theirs = new ArrayList<>();
        for (Task task : waiting) {
          if (couldTake(reviewer.getId(), task, decision, plans.get(task.getId()).planId())) {
            theirs.add(plans.get(task.getId()));
          }
        }
        if (!theirs.isEmpty()) {
          theirs.sort(Comparator.comparing(Waiting::due, Comparator.nullsLast(Comparator.naturalOrder())));
          digests.put(reviewer, theirs);
        }
      }
      return digests;
    });
  }

  private boolean couldTake(String userId, Task task, Decision decision, long planId) {
    if (task.getAssignee() != null && !task.getAssignee().equals(userId)) {
      return false;
    }
    if (decision.taskKey().equals(TrainingPlanProcess.TASK_SENIOR_APPROVAL)
        && userId.equals(runtime.getVariable(task.getProcessInstanceId(), TrainingPlanProcess.FIRST_APPROVER.name()))) {
      return false;
    }
    return eligibility.whyNot(planId, userId, Set.of(decision.group())).isEmpty();
  }

  private Waiting waiting(Task task) {
    long planId = ((Number) runtime.getVariable(task.getProcessInstanceId(), TrainingPlanProcess.PLAN_ID.name())).longValue();
    Object setting = tasks.getVariableLocal(task.getId(), "settingName");
    Object programme = tasks.getVariableLocal(task.getId(), "programmeName");
    LocalDate due = task.getDueDate() == null ? null : fmt.day(task.getDueDate());
    return new Waiting(planId, setting == null ? "" : setting.toString(), programme == null ? "" : programme.toString(), due,
        publicUrl + "/plans/" + planId + "/next");
  }

  private static Map<String, Object> asModel(Waiting plan) {
    return Map.of("setting", plan.setting(), "programme", plan.programme(), "due", Formats.day(plan.due()), "url", plan.url());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The digest's model is built per reviewer by {@link #execute}; this only tells the template checks its names. */
  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    // nothing to add from a process instance: a digest is about many plans, not one
  }

  @Override
  public Set<String> provides(String processKey) {
    return PROCESS_KEY.equals(processKey) ? Set.of("digest") : Set.of();
  }
}
