package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coachgrant.system.Nodes.engine;
import static org.coachgrant.system.Nodes.executor;
import static org.coachgrant.system.Nodes.moveClockTo;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
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
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.grant.GrantService;
import org.coachgrant.notification.PreviousReleaseOutbox;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A rolling upgrade with plans running (docs/operations.md, "Rolling upgrade"), on a fresh PostgreSQL database:
 * <ol>
 *   <li>Node A plays the previous release (d3ab3e1): its process models (src/test/resources/upgrade/previous, taken
 *       from that commit: send tasks are asynchronous jobs on parallel branches) and
 *       its outbox ({@link PreviousReleaseOutbox}: the email sent to the mail server inside the send task's job, no
 *       dispatcher). It takes plans into every state a live programme has them in: waiting for submission, under
 *       review, changes requested, senior approval, approved with the impact report due, wait-listed for budget,
 *       overdue; and one plan whose email job is still waiting when the upgrade begins.
 *   <li>Node B, this release, starts beside it: it runs this release's migrations on the live database and deploys
 *       this release's models (processes/, whatever they hold when the test runs) as new versions.
 *   <li>Both run side by side, and every plan is driven to its end through the engine, as the right person: the
 *       running plans on the previous release's models, one of them first migrated to this release's by the step
 *       the documentation gives, and a plan started on this release's models.
 * </ol>
 * Every plan ends, no job fails, every email reaches the mail server once, and the previous release's waiting
 * email job, run by node B, goes through this release's outbox.
 *
 * <p>What it does not prove: one JVM holds one release's code, so node A runs this release's code with the
 * previous release's models and outbox. It runs on this release's schema too: this release's code reads the tables
 * its migrations add (the coaching goals of V24, which a plan's task reads), so node A can no longer start on the
 * previous schema, and node B's migrations find nothing to do. Proving the migrations on a live database with the
 * previous release's code needs that release's jar in a JVM of its own (docs/operations.md, "Rolling upgrade"). What differs between two releases on a live database is what this
 * test holds of the old one (models, instances and their jobs, schema, emails); that the old code runs on the new
 * schema is the rule docs/operations.md gives for a migration (additive only), checked here for the one table the
 * two releases write differently, email_outbox, by node A's outbox writing the previous release's rows after V20.
 */
@Tag("postgres")
class RollingUpgradeTest {

  private static final Logger LOG = LoggerFactory.getLogger(RollingUpgradeTest.class);
  private static final String ADMIN_URL = System.getenv().getOrDefault("COACHGRANT_TEST_DB_URL",
      "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String DB_USER = System.getenv().getOrDefault("COACHGRANT_TEST_DB_USER", "postgres");
  private static final String DB_PASSWORD = System.getenv().getOrDefault("COACHGRANT_TEST_DB_PASSWORD", "");
  /** The previous release: its last migration, and where its models are kept. */
  static final List<String> PREVIOUS_RELEASE = List.of(
      "--camunda.bpm.deployment-resource-pattern=classpath*:upgrade/previous/*.bpmn,classpath*:upgrade/previous/*.dmn,"
          + "classpath*:forms/**/*.form",
      // the previous release had no dispatcher: its send tasks sent their own emails
      "--coachgrant.mail.dispatch.enabled=false",
      // nor shared sessions (V21): no cleanup of tables it does not have
      "--spring.session.jdbc.cleanup-cron=-");

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
  void plansInEveryStateFinishAcrossARollingUpgrade() throws Exception {
    Instant began = Instant.now();
    database = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create database " + database);
    CoachgrantTest.MAIL.purgeEmailFromAllMailboxes();
    nodes = new Nodes(ADMIN_URL.replaceAll("/[^/?]+(\\?.*)?$", "/" + database), DB_USER, DB_PASSWORD);

    ConfigurableApplicationContext nodeA = nodes.start("nodeA", PREVIOUS_RELEASE, PreviousReleaseOutbox.OnThisNode.class);
    Plans a = new Plans(nodes, nodeA);
    String previousDefinition = engine(nodeA).getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(TrainingPlanProcess.KEY).latestVersion().singleResult().getId();

    // a programme whose plans were due three days ago, one whose budget is spent, and the main one
    long overdueProgramme = a.programme("OVR", "10000", "1500", LocalDate.now().plusDays(3));
    long smallProgramme = a.programme("SML", "500", "1500", LocalDate.now().plusDays(30));
    long mainProgramme = a.programme("MAIN", "100000", "3000", LocalDate.now().plusDays(30));
    ProcessInstance overdue = a.request(overdueProgramme);
    moveClockTo(Instant.now().plus(5, ChronoUnit.DAYS));
    drain();
    assertThat(a.waitingAt(overdue)).containsExactly(TrainingPlanProcess.TASK_HANDLE_OVERDUE);

    ProcessInstance waitListed = a.request(smallProgramme);
    a.submit(waitListed, CoachgrantTest.plan(2, "300"));
    a.review(waitListed, "approve", null);
    a.complete(waitListed, TrainingPlanProcess.TASK_RESOLVE_BUDGET, "cora",
        Map.of("budgetDecision", "waitList", "budgetComment", "Next quarter"));
    assertThat(a.waitingAt(waitListed)).containsExactly(TrainingPlanProcess.EVENT_BUDGET_TOPPED_UP);

    ProcessInstance awaitingPlan = a.request(mainProgramme);
    ProcessInstance underReview = a.request(mainProgramme);
    a.submit(underReview, CoachgrantTest.plan(2, "300"));
    ProcessInstance changesRequested = a.request(mainProgramme);
    a.submit(changesRequested, CoachgrantTest.plan(2, "300"));
    a.review(changesRequested, "changes", "Say who cascades the training.");
    ProcessInstance seniorApproval = a.request(mainProgramme);
    a.submit(seniorApproval, CoachgrantTest.plan(5, "500"));
    a.review(seniorApproval, "approve", null);
    ProcessInstance impactDue = a.request(mainProgramme);
    a.submit(impactDue, CoachgrantTest.plan(2, "300"));
    a.review(impactDue, "approve", null);
    assertThat(a.waitingAt(awaitingPlan)).containsExactly(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(a.waitingAt(underReview)).containsExactly(TrainingPlanProcess.TASK_REVIEW);
    assertThat(a.waitingAt(changesRequested)).containsExactly(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(a.waitingAt(seniorApproval)).containsExactly(TrainingPlanProcess.TASK_SENIOR_APPROVAL);
    assertThat(a.waitingAt(impactDue)).containsExactly(TrainingPlanProcess.TASK_REPORT_IMPACT);

    // the upgrade begins while a plan's "plan requested" email is still a job of the previous release's model
    executor(nodeA).shutdown();
    ProcessInstance emailWaiting = a.request(mainProgramme);
    List<Job> oldEmailJobs = a.runtimeJobs(emailWaiting);
    assertThat(oldEmailJobs).as("the previous release's send task is an asynchronous job").isNotEmpty();
    int sentByNodeA = CoachgrantTest.MAIL.getReceivedMessages().length;
    assertThat(a.jdbc.sql("select count(*) from email_outbox where status <> 'SENT'").query(Integer.class).single())
        .as("the previous release never leaves an email it stored unsent").isZero();

    ConfigurableApplicationContext nodeB = nodes.start("nodeB");
    Plans b = new Plans(nodes, nodeB);
    assertThat(b.jdbc.sql("select max(cast(version as integer)) from coachgrant_schema_history where version is not null")
        .query(Integer.class).single()).as("this release's schema").isGreaterThanOrEqualTo(24);
    ProcessDefinition current = engine(nodeB).getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(TrainingPlanProcess.KEY).latestVersion().singleResult();
    assertThat(current.getId()).as("this release's model is a new version").isNotEqualTo(previousDefinition);
    assertThat(b.runtime().createProcessInstanceQuery().processDefinitionId(previousDefinition).count())
        .as("running plans keep the version they started on").isEqualTo(8);

    drain();
    nodes.awaitOutboxSent(Duration.ofMinutes(1));
    assertThat(b.jdbc.sql("select count(*) from email_outbox where process_instance_id = ? and next_attempt_at is not null")
        .param(emailWaiting.getId()).query(Integer.class).single())
        .as("the previous release's email job, run by this release, stored its email in the outbox").isPositive();
    executor(nodeA).start();

    // the previous release's outbox on this release's schema: node A alone runs the job of a plan submitted now,
    // writes its row as that release did and sends it itself; no dispatcher sends it again
    executor(nodeB).shutdown();
    a.submit(changesRequested, CoachgrantTest.plan(2, "300"));
    executor(nodeB).start();
    assertThat(b.jdbc.sql("select status from email_outbox where process_instance_id = ? and template = 'plan-received'"
            + " and next_attempt_at is null order by id").param(changesRequested.getId()).query(String.class).list())
        .as("both submissions' emails, the second stored after V20").containsExactly("SENT", "SENT");

    // the documented step: a plan under review moves to this release's model by the element ids both share
    MigrationPlan migration = b.runtime().createMigrationPlan(previousDefinition, current.getId())
        .mapEqualActivities().build();
    b.runtime().newMigration(migration).processInstanceIds(underReview.getId()).execute();
    assertThat(b.runtime().createProcessInstanceQuery().processInstanceId(underReview.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(current.getId());

    ProcessInstance startedAfter = b.request(mainProgramme);
    assertThat(startedAfter.getProcessDefinitionId()).isEqualTo(current.getId());

    // a coordinator tops up the spent budget: the wait-listed plan tries its commitment again
    nodeB.getBean(GrantService.class).topUp(smallProgramme, new BigDecimal("1000"), "cora", "Next quarter's money");
    b.finishEveryPlan();
    nodes.awaitOutboxSent(Duration.ofMinutes(1));
    LOG.info("Rolling upgrade: 9 plans finished across two releases in {} s ({} emails by the previous release's"
        + " outbox)", Duration.between(began, Instant.now()).toSeconds(), sentByNodeA);

    assertThat(b.runtime().createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY).count())
        .as("every plan finished").isZero();
    assertThat(engine(nodeB).getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(TrainingPlanProcess.KEY).finished().count()).isEqualTo(9);
    assertThat(b.jdbc.sql("select count(*) from act_ru_incident").query(Integer.class).single()).isZero();
    assertThat(b.jdbc.sql("select count(*) from email_outbox where next_attempt_at is null").query(Integer.class).single())
        .as("emails the previous release's outbox stored and sent itself").isGreaterThanOrEqualTo(sentByNodeA);
    assertEveryEmailWentOnce(b.jdbc);
    assertThat(b.jdbc.sql("select count(*) from training_grant where status = 'CLOSED'").query(Integer.class).single())
        .as("every funded plan's grant closed after its impact report").isPositive();
  }

  private void drain() throws InterruptedException {
    nodes.drain(Duration.ofMinutes(2));
  }

  static void assertEveryEmailWentOnce(JdbcClient jdbc) throws Exception {
    assertThat(jdbc.sql("select count(*) from email_outbox where status <> 'SENT'").query(Integer.class).single()).isZero();
    Map<String, Long> stored = jdbc.sql("select recipient, subject from email_outbox").query((rs, i) ->
        rs.getString(1) + " | " + rs.getString(2)).list().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Map<String, Long> received = new HashMap<>();
    for (MimeMessage message : CoachgrantTest.MAIL.getReceivedMessages()) {
      received.merge(message.getRecipients(Message.RecipientType.TO)[0].toString() + " | " + message.getSubject(), 1L, Long::sum);
    }
    assertThat(received).as("each email stored arrived once, and nothing else").isEqualTo(stored);
  }

  private static void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, DB_USER, DB_PASSWORD)) {
      connection.createStatement().execute(statement);
    }
  }
}
