package org.coachgrant.system;

import static org.coachgrant.system.Nodes.as;
import static org.coachgrant.system.Nodes.engine;
import static org.coachgrant.system.Nodes.executor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Training plans on one of {@link Nodes}, driven through its engine as the right people: a programme, a plan
 * requested, submitted, reviewed, and every running plan to its end (the upgrade and the backup tests).
 */
/** The plans of one node, driven through its engine as the right people. */
final class Plans {

  private final Nodes nodes;
  private final ConfigurableApplicationContext node;
  final JdbcClient jdbc;
  private final Map<Long, String> programmeCodes = new HashMap<>();

  Plans(Nodes nodes, ConfigurableApplicationContext node) {
    this.nodes = nodes;
    this.node = node;
    this.jdbc = node.getBean(JdbcClient.class);
    ProcessEngine engine = engine(node);
    if (engine.getIdentityService().createUserQuery().userId("ruth").count() == 0) {
      Nodes.person(node, "ruth", "reviewers");
      Nodes.person(node, "sam", "senior-reviewers");
      Nodes.person(node, "cora", "coordinators");
    }
  }

  RuntimeService runtime() {
    return engine(node).getRuntimeService();
  }

  private TaskService tasks() {
    return engine(node).getTaskService();
  }

  long programme(String prefix, String budget, String cap, LocalDate planDeadline) {
    String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    long id = node.getBean(ProgrammeRepository.class).createProgramme(code, "Programme " + code, new BigDecimal(budget),
        new BigDecimal(cap), planDeadline);
    programmeCodes.put(id, code);
    return id;
  }

  /** Enrols a new setting and requests its plan, the attendance gate passed by waiving the sessions. */
  ProcessInstance request(long programmeId) throws InterruptedException {
    ProgrammeRepository programmes = node.getBean(ProgrammeRepository.class);
    String code = programmeCodes.computeIfAbsent(programmeId, id -> programmes.findProgramme(id).orElseThrow().code());
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String manager = "m" + suffix;
    Nodes.person(node, manager, "managers");
    long settingId = programmes.createSetting("U" + suffix, "Setting " + suffix, manager, "Manager " + suffix,
        manager + "@example.org");
    programmes.enrol(programmeId, settingId);
    node.getBean(Sessions.class).waiveMissing(programmeId, settingId,
        programmes.findProgramme(programmeId).orElseThrow().sessionCount(), "coaching done elsewhere", "cora");
    ProcessInstance instance = runtime().startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
        TrainingPlanProcess.PROGRAMME_CODE.name(), code, TrainingPlanProcess.SETTING_URN.name(), "U" + suffix));
    if (executor(node).isActive()) {
      drain();
    }
    return instance;
  }

  void submit(ProcessInstance instance, Map<String, Object> plan) throws InterruptedException {
    complete(instance, TrainingPlanProcess.TASK_SUBMIT, null, plan);
  }

  void review(ProcessInstance instance, String decision, String comment) throws InterruptedException {
    Map<String, Object> values = new HashMap<>();
    values.put("reviewDecision", decision);
    values.put("reviewComment", comment);
    complete(instance, TrainingPlanProcess.TASK_REVIEW, "ruth", values);
  }

  /** Completes the instance's task as {@code user} (its assignee when null), then runs the jobs that follow. */
  void complete(ProcessInstance instance, String taskKey, String user, Map<String, Object> values)
      throws InterruptedException {
    Task task = tasks().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).singleResult();
    complete(task, user, values);
    drain();
  }

  private void complete(Task task, String user, Map<String, Object> values) {
    String person = user == null ? task.getAssignee() : user;
    as(node, person, () -> {
      if (task.getAssignee() == null) {
        tasks().claim(task.getId(), person);
      }
      tasks().complete(task.getId(), values);
    });
  }

  List<String> waitingAt(ProcessInstance instance) {
    return runtime().getActiveActivityIds(instance.getId());
  }

  List<Job> runtimeJobs(ProcessInstance instance) {
    return engine(node).getManagementService().createJobQuery().processInstanceId(instance.getId()).list();
  }

  /**
   * Drives every running plan to its end: each task done by the person it is for, with the answer that moves the
   * plan on (approve, top up, withdraw an overdue plan, accept the impact report, answer the follow-up); with no
   * task open, the clock moves to the next timer of a plan.
   */
  void finishEveryPlan() throws InterruptedException {
    for (int round = 0; round < 100; round++) {
      drain();
      if (runtime().createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY).count() == 0) {
        return;
      }
      List<Task> open = tasks().createTaskQuery().processDefinitionKey(TrainingPlanProcess.KEY).list();
      for (Task task : open) {
        switch (task.getTaskDefinitionKey()) {
          case TrainingPlanProcess.TASK_SUBMIT -> complete(task, null, CoachgrantTest.plan(2, "300"));
          case TrainingPlanProcess.TASK_REVIEW -> complete(task, "ruth",
              Map.of("reviewDecision", "approve", "reviewComment", "Clear plan"));
          case TrainingPlanProcess.TASK_SENIOR_APPROVAL -> complete(task, "sam", Map.of("seniorDecision", "approve"));
          case TrainingPlanProcess.TASK_RESOLVE_BUDGET -> complete(task, "cora",
              Map.of("budgetDecision", "topUp", "topUpAmount", 5000));
          case TrainingPlanProcess.TASK_HANDLE_OVERDUE -> complete(task, "cora",
              Map.of("overdueDecision", "withdraw", "overdueReason", "No reply"));
          case TrainingPlanProcess.TASK_REPORT_IMPACT -> complete(task, null, CoachgrantTest.impact(true, 2, "600"));
          case TrainingPlanProcess.TASK_REVIEW_IMPACT -> complete(task, "ruth",
              Map.of("impactDecision", "accept", "impactComment", "Clear report"));
          case TrainingPlanProcess.TASK_HANDLE_OVERDUE_IMPACT -> complete(task, "cora",
              Map.of("impactOverdueDecision", "close", "impactOverdueReason", "No reply"));
          case TrainingPlanProcess.TASK_FOLLOW_UP -> complete(task, null, Map.of("learningInUse", "partly",
              "trainedStaffLeft", 1, "passedOnToNewStaff", "yes", "followUpComment", "The deputy shadowed the leads."));
          default -> throw new IllegalStateException("No answer for the task " + task.getTaskDefinitionKey());
        }
      }
      if (open.isEmpty()) {
        Job timer = engine(node).getManagementService().createJobQuery().timers()
            .processDefinitionKey(TrainingPlanProcess.KEY).orderByJobDuedate().asc().listPage(0, 1).stream()
            .findFirst().orElseThrow(() -> new IllegalStateException("Plans wait with no task and no timer: "
                + runtime().createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY).list().stream()
                    .map(p -> runtime().getActiveActivityIds(p.getId()).toString()).toList()));
        nodes.moveClockOnceSentTo(timer.getDuedate().toInstant().plusSeconds(1));
      }
    }
    throw new IllegalStateException("Plans still running after 100 rounds");
  }

  private void drain() throws InterruptedException {
    nodes.drain(Duration.ofMinutes(2));
  }
}
