package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.programme.EnrolmentImports;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.coachgrant.system.Nodes.as;
import static org.coachgrant.system.Nodes.engine;
import static org.coachgrant.system.Nodes.executor;

/**
 * Two application nodes (two Spring contexts, each with its own engine and job executor) on one fresh PostgreSQL
 * database, as docker-compose.yml runs them: a programme of 200 managers through enrolment, three coaching
 * sessions with attendance, plans, reviews and grants. Every email reaches the SMTP server once, no job is left
 * failed or stuck, the budget ledger balances to the penny; and the same with one node stopped in the middle, its
 * locked jobs taken over by the other once their lock (application.yaml, 60 s) has run out. The clock is moved,
 * never waited for (the two engines share it).
 */
@Tag("postgres")
class TwoNodeClusterTest {

  private static final Logger LOG = LoggerFactory.getLogger(TwoNodeClusterTest.class);
  private static final int MANAGERS = Integer.getInteger("coachgrant.cluster.managers", 200);
  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String DB_USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String DB_PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");
  private static final long LOCK_MILLIS = 60_000;

  private Nodes nodes;
  private String database;

  @AfterEach
  void stopNodes() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
    if (database != null) {
      sql("drop database if exists " + database + " with (force)");
    }
  }

  @Test
  void twoNodesRunAProgrammeOf200ManagersAndEveryEmailGoesOnce() throws Exception {
    programme(false);
  }

  @Test
  void aNodeStoppedInTheMiddleLosesNothingAndItsJobsAreTakenOver() throws Exception {
    programme(true);
  }

  private void programme(boolean stopOneNode) throws Exception {
    database = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    nodes = new Nodes(ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database), DB_USER, DB_PASSWORD);
    ConfigurableApplicationContext node1 = nodes.start("node1");
    ConfigurableApplicationContext node2 = nodes.start("node2");
    Instant began = Instant.now();
    JdbcClient jdbc = node1.getBean(JdbcClient.class);
    for (String coach : List.of("carl", "cleo", "cole")) {
      Nodes.person(node1, coach, "coaches");
    }
    Nodes.person(node1, "ruth", "reviewers");
    Nodes.person(node1, "cora", "coordinators");

    String code = "NAT-" + MANAGERS;
    ProgrammeRepository programmes = node1.getBean(ProgrammeRepository.class);
    long programmeId = programmes.createProgramme(code, "National programme", new BigDecimal("1000000.00"),
        new BigDecimal("1500"), LocalDate.now().plusDays(90));
    String csv = "Setting name,URN,Manager name,Email\n" + IntStream.rangeClosed(1, MANAGERS)
        .mapToObj(i -> "Setting %03d,N%05d,Manager %03d,n%03d@example.org".formatted(i, i, i, i))
        .collect(Collectors.joining("\n"));
    EnrolmentImports imports = node1.getBean(EnrolmentImports.class);
    long importId = imports.start(code, new StringReader(csv), "cora");
    Instant until = Instant.now().plus(Duration.ofMinutes(5));
    while (!"FINISHED".equals(imports.find(code, importId).orElseThrow().state())) {
      assertThat(Instant.now()).as("the enrolment import finished within 5 minutes").isBefore(until);
      drain();
    }
    drain();
    assertThat(jdbc.sql("select count(*) from enrolment where programme_id = ?").param(programmeId)
        .query(Integer.class).single()).isEqualTo(MANAGERS);

    Coaching coaching = node2.getBean(Coaching.class);
    List<CoachingGroups.Group> groups = coaching.allocate(code);
    Instant start = Instant.now().plus(14, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    for (CoachingGroups.Group group : groups) {
      Instant first = start.plus((group.number() - 1) * 3L, ChronoUnit.HOURS);
      coaching.schedule(code, group.number(), IntStream.range(0, 3).mapToObj(n ->
          new Coaching.SessionInput(first.plus(7L * n, ChronoUnit.DAYS), null, "Library, room " + group.number())).toList());
    }
    drain();

    Sessions sessions = node1.getBean(Sessions.class);
    for (int n = 1; n <= 3; n++) {
      Instant allOver = Instant.EPOCH;
      for (CoachingGroups.Group group : groups) {
        Instant ends = sessions.find(group.id(), n).orElseThrow().endsAt();
        allOver = ends.isAfter(allOver) ? ends : allOver;
      }
      nodes.moveClockOnceSentTo(allOver.plusSeconds(60));
      drain();
      TaskService tasks = engine(n % 2 == 0 ? node2 : node1).getTaskService();
      for (CoachingGroups.Group group : groups) {
        Task attendance = attendance(tasks, code + "/G" + group.number(), n);
        as(node1, group.coachId(), () -> tasks.complete(attendance.getId(), Map.of("attended", SpinValues.jsonValue(
            group.members().stream().map(m -> "\"" + m.urn() + "\"").collect(Collectors.joining(",", "[", "]"))).create())));
      }
      drain();
    }

    TaskService tasks = engine(node1).getTaskService();
    List<Task> submits = tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_SUBMIT)
        .processInstanceBusinessKeyLike(code + "/%").list();
    assertThat(submits).as("every manager attended every session and was asked for a plan").hasSize(MANAGERS);
    for (Task submit : submits) {
      as(node1, submit.getAssignee(), () -> tasks.complete(submit.getId(), CoachgrantTest.plan(2, "300")));
    }
    drain();

    List<Task> reviews = tasks.createTaskQuery().taskDefinitionKey(TrainingPlanProcess.TASK_REVIEW)
        .processInstanceBusinessKeyLike(code + "/%").list();
    int stopAt = stopOneNode ? MANAGERS / 2 : -1;
    long lockedByStoppedNode = 0;
    TaskService reviewTasks = tasks;
    for (int i = 0; i < reviews.size(); i++) {
      if (i == stopAt) {
        // node1 dies holding jobs: with both executors paused it approves two plans, locks the jobs they made (the
        // grants' commitments, as its acquisition thread does) and stops without running them
        executor(node2).shutdown();
        executor(node1).shutdown();
        for (int k = 0; k < 2; k++, i++) {
          approve(node1, reviewTasks, reviews.get(i));
        }
        lockedByStoppedNode = nodes.acquireAndDie(node1, "node1");
        node1 = node2;
        reviewTasks = engine(node2).getTaskService();
        jdbc = node2.getBean(JdbcClient.class);
        executor(node2).start();
        drain();
        assertThat(lockedBy(jdbc, "node1")).as("a dead node's jobs wait for their lock to run out").isEqualTo(lockedByStoppedNode);
        LOG.info("node1 died holding {} jobs; the clock moves past their lock", lockedByStoppedNode);
        // less than an email's claim (two minutes): no claim of the living node runs out
        Nodes.moveClockTo(ClockUtil.getCurrentTime().toInstant().plusMillis(LOCK_MILLIS + 1000));
      }
      approve(node1, reviewTasks, reviews.get(i));
    }
    drain();
    assertThat(lockedBy(jdbc, "node1")).as("the dead node's jobs were taken over").isZero();
    if (stopOneNode) {
      assertThat(lockedByStoppedNode).as("node1 died holding jobs").isPositive();
    }
    LOG.info("{} managers through two nodes{} in {} s", MANAGERS, stopOneNode ? " (one stopped in the middle)" : "",
        Duration.between(began, Instant.now()).toSeconds());

    assertThat(jdbc.sql("select count(*) from training_grant where programme_id = ? and status = 'RELEASED'")
        .param(programmeId).query(Integer.class).single()).as("every plan funded and released").isEqualTo(MANAGERS);
    assertLedgerBalances(jdbc, programmeId);
    assertNoJobFailedOrStuck(jdbc);
    nodes.awaitOutboxSent(Duration.ofMinutes(2));
    assertEveryEmailWentOnce(jdbc);
  }

  private static void approve(ConfigurableApplicationContext node, TaskService tasks, Task review) {
    as(node, "ruth", () -> {
      tasks.claim(review.getId(), "ruth");
      tasks.complete(review.getId(), Map.of("reviewDecision", "approve", "reviewComment", "Clear plan"));
    });
  }

  private static void assertLedgerBalances(JdbcClient jdbc, long programmeId) {
    BigDecimal committed = jdbc.sql("select committed from programme where id = ?").param(programmeId)
        .query(BigDecimal.class).single();
    BigDecimal ledger = jdbc.sql("select coalesce(sum(case when entry_type = 'COMMITMENT' then amount"
            + " when entry_type = 'RETURN' then -amount else 0 end), 0) from budget_ledger where programme_id = ?")
        .param(programmeId).query(BigDecimal.class).single();
    BigDecimal grants = jdbc.sql("select sum(amount) from training_grant where programme_id = ?").param(programmeId)
        .query(BigDecimal.class).single();
    assertThat(committed).isEqualByComparingTo(ledger).isEqualByComparingTo(grants)
        .isEqualByComparingTo(new BigDecimal(600).multiply(BigDecimal.valueOf(MANAGERS)));
    assertThat(jdbc.sql("select count(*) from budget_ledger where programme_id = ? and entry_type = 'COMMITMENT'")
        .param(programmeId).query(Integer.class).single()).as("one commitment per grant").isEqualTo(MANAGERS);
  }

  private static void assertNoJobFailedOrStuck(JdbcClient jdbc) {
    assertThat(jdbc.sql("select count(*) from act_ru_incident").query(Integer.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from act_ru_job where retries_ < 3 or exception_msg_ is not null")
        .query(Integer.class).single()).as("no job failed, not even once").isZero();
    assertThat(jdbc.sql("select count(*) from act_ru_job where duedate_ is null or duedate_ <= ?")
        .param(ClockUtil.getCurrentTime()).query(Integer.class).single()).as("no job due and not run").isZero();
  }

  private static void assertEveryEmailWentOnce(JdbcClient jdbc) throws Exception {
    assertThat(jdbc.sql("select count(*) from email_outbox where status <> 'SENT'").query(Integer.class).single()).isZero();
    Map<String, Long> stored = jdbc.sql("select recipient, subject from email_outbox").query((rs, i) ->
        rs.getString(1) + " | " + rs.getString(2)).list().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Map<String, Long> received = new HashMap<>();
    for (MimeMessage message : CoachgrantTest.MAIL.getReceivedMessages()) {
      received.merge(message.getRecipients(Message.RecipientType.TO)[0].toString() + " | " + message.getSubject(), 1L, Long::sum);
    }
    assertThat(received).as("each email the outbox sent arrived once, and nothing else").isEqualTo(stored);
    assertThat(stored.values().stream().mapToLong(Long::longValue).sum()).as("welcome, invitations, reminders,"
        + " plan requested, received, approved ... for each manager").isGreaterThan(8L * MANAGERS);
  }

  /** The group's "Record attendance" task, once its session-over timer has run on one of the nodes. */
  private Task attendance(TaskService tasks, String group, int session) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofMinutes(2));
    while (true) {
      Task task = tasks.createTaskQuery().processInstanceBusinessKey(group)
          .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
      if (task != null) {
        return task;
      }
      assertThat(Instant.now()).as("Record attendance of " + group + ", session " + session + " within 2 minutes").isBefore(until);
      drain();
      Thread.sleep(200);
    }
  }

  private void drain() throws InterruptedException {
    nodes.drain(Duration.ofMinutes(5));
  }

  private static long lockedBy(JdbcClient jdbc, String owner) {
    return jdbc.sql("select count(*) from act_ru_job where lock_owner_ = ?").param(owner).query(Long.class).single();
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, DB_USER, DB_PASSWORD)) {
      connection.createStatement().execute(statement);
    }
  }
}
