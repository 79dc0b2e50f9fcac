package org.coachgrant;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import jakarta.mail.Part;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.notification.PromptGreenMail;
import org.coachgrant.grant.BudgetCommitLatch;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.system.ConflictInjector;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every test shares: one Spring context (H2 in memory, jobs run by the test), one GreenMail SMTP
 * server, the people of each role, and helpers that move a plan along its process.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({BudgetCommitLatch.class, ConflictInjector.class})
public abstract class CoachgrantTest {

  /** A port no other server of this machine uses, chosen once per test run so that GreenMail can stop and start on it. */
  public static final int MAIL_PORT = freePort();
  public static final GreenMail MAIL = new PromptGreenMail(new ServerSetup(MAIL_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** Every test user's password. */
  protected static final String PASSWORD = "demo";

  static {
    MAIL.start();
  }

  @DynamicPropertySource
  static void mailPort(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> MAIL_PORT);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired protected ProcessEngine engine;
  @Autowired protected RuntimeService runtime;
  @Autowired protected TaskService tasks;
  @Autowired protected ManagementService management;
  @Autowired protected IdentityService identity;
  @Autowired protected ProgrammeRepository programmes;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected org.coachgrant.coaching.Sessions sessions;
  @Autowired protected org.coachgrant.notification.OutboxDispatcher dispatcher;

  /** A programme of its own for each test, with one enrolled setting and its manager. */
  public record Fixture(String programmeCode, long programmeId, String settingUrn, long settingId, String manager) {}

  /** Process instances that were running before this test: their jobs are other tests' business. */
  private Set<String> othersInstances = Set.of();
  /** The outbox's last email before this test: it and those before it are other tests' business. */
  private long othersEmails;

  @BeforeEach
  void shareEngineAndPeople() throws Exception {
    init(engine);
    othersInstances = new HashSet<>(jdbc.sql("select distinct proc_inst_id_ from act_ru_execution")
        .query(String.class).list());
    othersEmails = jdbc.sql("select coalesce(max(id), 0) from email_outbox").query(Long.class).single();
    MAIL.purgeEmailFromAllMailboxes();
    person("ruth", "reviewers");
    person("rob", "reviewers");
    person("sam", "senior-reviewers");
    person("cora", "coordinators");
    person("colin", "coordinators");
    person("vera", "reviewers");
    person("vera", "senior-reviewers");
  }

  @AfterEach
  void resetClockAndUser() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  protected Fixture fixture(String budget, String cap) {
    int n = SEQUENCE.incrementAndGet();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String code = "T" + n + "-" + suffix;
    long programmeId = programmes.createProgramme(code, "Test programme " + n, new BigDecimal(budget),
        new BigDecimal(cap), LocalDate.now().plusDays(30));
    return enrol(code, programmeId);
  }

  /** A new programme's body for {@code POST /api/programmes}: a fresh code, the reference case's money, plans due in four months. */
  protected static Map<String, Object> programmeBody() {
    Map<String, Object> programme = new java.util.HashMap<>();
    programme.put("code", "P-" + UUID.randomUUID().toString().substring(0, 8));
    programme.put("name", "Coaching and Mentoring in the Early Years");
    programme.put("budget", 63000);
    programme.put("grantCap", 1500);
    programme.put("planDeadline", LocalDate.now().plusMonths(4).toString());
    return programme;
  }

  protected Fixture enrol(String code, long programmeId) {
    int n = SEQUENCE.incrementAndGet();
    String manager = "m" + n + UUID.randomUUID().toString().substring(0, 4).replace("-", "");
    person(manager, "managers");
    String urn = "U" + n + UUID.randomUUID().toString().substring(0, 4);
    long settingId = programmes.createSetting(urn, "Setting " + n, manager, "Manager " + n, manager + "@example.org");
    programmes.enrol(programmeId, settingId);
    return new Fixture(code, programmeId, urn, settingId, manager);
  }

  protected void person(String id, String group) {
    if (identity.createGroupQuery().groupId(group).count() == 0) {
      identity.saveGroup(identity.newGroup(group));
    }
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(id.substring(0, 1).toUpperCase() + id.substring(1));
      user.setLastName("Example");
      user.setEmail(id + "@example.org");
      user.setPassword(PASSWORD);
      identity.saveUser(user);
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      identity.createMembership(id, group);
    }
  }

  protected ProcessInstance requestPlan(Fixture f) {
    attendanceWaived(f);
    ProcessInstance instance = runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
        TrainingPlanProcess.PROGRAMME_CODE.name(), f.programmeCode(),
        TrainingPlanProcess.SETTING_URN.name(), f.settingUrn()));
    executeJobs();
    return instance;
  }

  /**
   * Passes the fixture's attendance gate as a coordinator does for a delegate in no group: by waiving the sessions
   * (a plan is requested only once every session was attended or waived).
   */
  protected void attendanceWaived(Fixture f) {
    sessions.waiveMissing(f.programmeId(), f.settingId(), programmes.findProgramme(f.programmeId()).orElseThrow().sessionCount(),
        "test fixture: coaching done elsewhere", "cora");
  }

  /**
   * Runs every job of this test's process instances that is due now (the budget commitment, timers), as the
   * job executor would, then sends this test's emails due now, as the outbox's dispatcher would; another
   * test's instances and emails keep theirs, however far the clock moves.
   */
  protected void executeJobs() {
    runJobs();
    sendEmails();
  }

  /** Runs every job of this test's process instances that is due now, and sends no email. */
  protected void runJobs() {
    for (int round = 0; round < 50; round++) {
      List<Job> due = ownJobs(management.createJobQuery().executable().list());
      if (due.isEmpty()) {
        return;
      }
      // a job run earlier in the round may have removed this one (an interrupting timer cancels the reminders)
      due.stream().filter(job -> management.createJobQuery().jobId(job.getId()).count() > 0)
          .forEach(job -> management.executeJob(job.getId()));
    }
    throw new IllegalStateException("Jobs keep coming");
  }

  /** Sends this test's emails that are due now, as the outbox's dispatcher would; returns how many were sent. */
  protected int sendEmails() {
    return dispatcher.dispatchDue(email -> email.id() > othersEmails
        && (email.processInstanceId() == null || !othersInstances.contains(email.processInstanceId())));
  }

  /** The jobs of process instances this test started. */
  protected List<Job> ownJobs(List<Job> jobs) {
    return jobs.stream().filter(job -> job.getProcessInstanceId() != null
        && !othersInstances.contains(job.getProcessInstanceId())).toList();
  }

  protected Task task(ProcessInstance instance, String taskKey) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).singleResult();
  }

  /** Completes a task as a user, the way the REST API or Tasklist does, then runs the jobs that follow. */
  protected void complete(ProcessInstance instance, String taskKey, String user, Map<String, Object> values) {
    Task task = task(instance, taskKey);
    actAs(user);
    try {
      tasks.complete(task.getId(), values);
    } finally {
      identity.clearAuthentication();
    }
    executeJobs();
  }

  /** Engine calls from now on run as this user, with their groups, as a REST call or Tasklist would. */
  protected void actAs(String user) {
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream()
        .map(org.camunda.bpm.engine.identity.Group::getId).toList());
  }

  protected void submitPlan(ProcessInstance instance, String manager, Map<String, Object> plan) {
    complete(instance, TrainingPlanProcess.TASK_SUBMIT, manager, plan);
  }

  protected void review(ProcessInstance instance, String reviewer, String decision, String comment) {
    Map<String, Object> values = new HashMap<>();
    values.put("reviewDecision", decision);
    values.put("reviewComment", comment);
    complete(instance, TrainingPlanProcess.TASK_REVIEW, reviewer, values);
  }

  /** The month the test plans' training is planned for: two months from now. */
  public static YearMonth plannedMonth() {
    return YearMonth.now().plusMonths(2);
  }

  /** A valid plan: one action of {@code staff} staff at {@code costEach}, planned for {@link #plannedMonth()}; the total is theirs. */
  public static Map<String, Object> plan(int staff, String costEach) {
    BigDecimal total = new BigDecimal(costEach).multiply(BigDecimal.valueOf(staff));
    Map<String, Object> plan = new HashMap<>();
    plan.put("identifiedNeeds", "Practitioners need confidence supporting children's speech and language.");
    plan.put("actions", SpinValues.jsonValue("[{\"course\": \"Elklan Speech and Language\", \"provider\": "
        + "\"Elklan Training\", \"staffCount\": " + staff + ", \"costEach\": " + costEach
        + ", \"plannedMonth\": \"" + plannedMonth() + "\"}]").create());
    plan.put("totalRequested", total);
    plan.put("expectedOutcomes", "Every key person uses the strategies in daily routines.");
    plan.put("cascadingPlan", "Trained staff lead two staff meetings and mentor a colleague each.");
    return plan;
  }

  protected long planId(ProcessInstance instance) {
    return jdbc.sql("select id from training_plan where process_instance_id = ?").param(instance.getId())
        .query(Long.class).single();
  }

  /** An impact report of the one action of {@link #plan}. */
  public static Map<String, Object> impact(boolean tookPlace, int staffTrained, String actualCost) {
    Map<String, Object> report = new HashMap<>();
    report.put("impactActions", SpinValues.jsonValue("[{\"course\": \"Elklan Speech and Language\", \"tookPlace\": "
        + tookPlace + ", \"staffTrained\": " + staffTrained + ", \"actualCost\": " + actualCost + "}]").create());
    report.put("changesForChildren", "Two-year-olds use more words at snack time and join in with songs.");
    report.put("changesInPractice", "Key persons use commenting instead of questions during play.");
    report.put("colleaguesReached", 6);
    report.put("cascadeHow", "Two staff meetings and each trained practitioner mentors a colleague.");
    report.put("cascadeWhen", "September and October staff meetings");
    return report;
  }

  /** A valid plan as a REST client submits it: {@code {"variables": ...}} of the submit form. */
  public static Map<String, Object> planForm(String costEach) {
    return new HashMap<>(Map.of(
        "identifiedNeeds", Map.of("value", "Speech and language"),
        "actions", Map.of("type", "Json", "value",
            "[{\"course\":\"Elklan\",\"provider\":\"Elklan Training\",\"staffCount\":2,\"costEach\":" + costEach
                + ",\"plannedMonth\":\"" + plannedMonth() + "\"}]"),
        "totalRequested", Map.of("value", 600),
        "expectedOutcomes", Map.of("value", "Better talk"),
        "cascadingPlan", Map.of("value", "Staff meetings")));
  }

  private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("https?://[^/\\s]+(/\\S*)");

  /** The path of the first link in an email: where its reader is sent. */
  public static String linkIn(jakarta.mail.internet.MimeMessage email) throws Exception {
    java.util.regex.Matcher link = LINK.matcher(text(email));
    org.assertj.core.api.Assertions.assertThat(link.find()).as("a link in '" + email.getSubject() + "'").isTrue();
    return link.group(1);
  }

  /** The newest email to the fixture's manager whose subject contains {@code subject}, whatever the case. */
  public static jakarta.mail.internet.MimeMessage lastEmailTo(Fixture f, String subject) throws Exception {
    jakarta.mail.internet.MimeMessage found = null;
    for (jakarta.mail.internet.MimeMessage message : MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")) {
      if (message.getSubject().toLowerCase(java.util.Locale.ROOT).contains(subject.toLowerCase(java.util.Locale.ROOT))) {
        found = message;
      }
    }
    org.assertj.core.api.Assertions.assertThat(found).as("an email to " + f.manager() + " about '" + subject + "'").isNotNull();
    return found;
  }

  /** A setting's first plan, funded, and its plan in a second programme, approved and waiting for a senior approval. */
  public record SecondGrant(ProcessInstance earlier, ProcessInstance later) {}

  protected SecondGrant secondGrantAwaitingSeniorApproval(Fixture first) {
    ProcessInstance earlier = requestPlan(first);
    submitPlan(earlier, first.manager(), plan(1, "100"));
    review(earlier, "ruth", "approve", null);
    long laterProgramme = programmes.createProgramme(first.programmeCode() + "B", "Later programme",
        new BigDecimal("10000"), new BigDecimal("1500"), LocalDate.now().plusDays(30));
    programmes.enrol(laterProgramme, first.settingId());
    ProcessInstance later = requestPlan(new Fixture(first.programmeCode() + "B", laterProgramme, first.settingUrn(),
        first.settingId(), first.manager()));
    submitPlan(later, first.manager(), plan(1, "100"));
    review(later, "ruth", "approve", null);
    return new SecondGrant(earlier, later);
  }

  protected static void moveClockTo(LocalDate date) {
    ClockUtil.setCurrentTime(java.util.Date.from(date.atTime(12, 0).atZone(java.time.ZoneId.systemDefault()).toInstant()));
  }

  /** The plain-text part, decoded. */
  public static String text(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String text = text(multipart.getBodyPart(i));
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }

  /** The calendar attachment ({@code .ics}) of an email, or null. */
  public static String calendarOf(Part part) throws Exception {
    if (part.getFileName() != null && part.getFileName().endsWith(".ics")) {
      return new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = calendarOf(multipart.getBodyPart(i));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
