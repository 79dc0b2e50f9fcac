package org.coachgrant.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.support.TransactionTemplate;

/** Emails as a real SMTP server (GreenMail) receives them: who, what subject, what they say. */
class EmailJourneyTest extends CoachgrantTest {

  @Autowired Outbox outbox;
  @Autowired EmailTemplates templates;
  @Autowired ApplicationContext context;

  @AfterEach
  void mailServerBackUp() {
    if (!MAIL.isRunning()) {
      MAIL.start();
    }
  }

  @Test
  void wholeJourneyEmailsTheRightPeople() throws Exception {
    Fixture f = fixture("10000", "1500");
    String manager = f.manager() + "@example.org";
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please say who mentors the new starters.");
    submitPlan(instance, f.manager(), plan(3, "300"));
    review(instance, "ruth", "approve", null);

    List<MimeMessage> received = Arrays.asList(MAIL.getReceivedMessages());
    assertThat(received).extracting(m -> m.getAllRecipients()[0].toString()).containsOnly(manager);
    assertThat(received).extracting(MimeMessage::getSubject).hasSize(6);
    assertEmail(received.get(0), "training plan", "Setting " );
    assertEmail(received.get(1), "received", "£600.00");
    assertEmail(received.get(2), "update", "Please say who mentors the new starters.");
    assertEmail(received.get(3), "received", "£900.00");
    // the grant letter and the impact report's due date, in either order
    MimeMessage letter = received.get(4).getSubject().startsWith("Grant letter") ? received.get(4) : received.get(5);
    MimeMessage impactDue = letter == received.get(4) ? received.get(5) : received.get(4);
    assertEmail(letter, "grant letter", f.programmeCode() + "-G");
    assertThat(text(letter)).contains("£900.00").containsIgnoringCase("Grant letter");
    assertEmail(impactDue, "impact report", f.programmeCode() + "-G");
    assertThat(text(impactDue)).contains("what changed for the children");
  }

  @Test
  void mailServerDownThenBackSendsEachEmailOnce() throws Exception {
    Fixture f = fixture("10000", "1500");
    MAIL.stop();
    ProcessInstance instance = requestPlan(f);
    assertThat(instance).as("the manager's task exists before the email goes").isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    Outbox.Entry email = ownEmail(instance);
    assertThat(email.status()).isEqualTo("PENDING");
    assertThat(email.attempts()).isEqualTo(1);
    assertThat(email.lastError()).containsIgnoringCase("connect").doesNotContain("jakarta.", "org.", "Exception");
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).messages().count())
        .as("no job of the instance waits on the mail server").isZero();

    // the waits double from a minute, at most an hour: 1 + 2 + 4 + 8 + 16 + 32 + 60 minutes to the 8th attempt
    for (int attempt = 2; attempt <= 8; attempt++) {
      assertThat(sendEmails()).as("nothing is sent before the wait is over").isZero();
      ClockUtil.setCurrentTime(new java.util.Date(ownEmail(instance).nextAttemptAt().getTime() + 1000));
      assertThat(sendEmails()).isZero();
      assertThat(ownEmail(instance).attempts()).isEqualTo(attempt);
    }
    assertThat(ownEmail(instance).status()).as("failed, for the coordinators to see").isEqualTo("FAILED");
    assertThat(outbox.failed(f.programmeCode(), 10)).extracting(Outbox.Entry::id).containsExactly(email.id());
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + 86_400_000L));
    assertThat(sendEmails()).as("a failed email is not tried again by itself").isZero();

    MAIL.start();
    assertThat(outbox.sendAgain("ANOTHER", email.id())).as("only from its own programme").isFalse();
    assertThat(outbox.sendAgain(f.programmeCode(), email.id())).as("Send again").isTrue();
    assertThat(sendEmails()).isEqualTo(1);
    assertThat(sendEmails()).isZero();
    assertThat(ownEmail(instance).status()).isEqualTo("SENT");
    assertThat(outbox.failed(f.programmeCode(), 10)).isEmpty();
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).hasSize(1);
  }

  @Test
  void mailOutageDelaysTheEmailsAndNothingElse() throws Exception {
    Fixture f = fixture("10000", "1500");
    MAIL.stop();
    ProcessInstance instance = requestPlan(f);
    assertThat(instance).as("the manager's task exists before the email goes").isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    review(instance, "ruth", "changes", "Please name the mentors.");
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();

    MAIL.start();
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + 3_600_000L));
    executeJobs();
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).extracting(MimeMessage::getSubject)
        .as("each email once, when the server is back").hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void anEmailAlreadyStoredIsNotStoredOrSentAgain() {
    EmailTemplates.Email email = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");
    outbox.enqueue("test/once", "plan-requested", "once@example.org", email, null, null);
    outbox.enqueue("test/once", "plan-requested", "once@example.org", email, null, null);
    sendEmails();
    outbox.enqueue("test/once", "plan-requested", "once@example.org", email, null, null);
    sendEmails();
    assertThat(MAIL.getReceivedMessagesForDomain("once@example.org")).hasSize(1);
  }

  @Test
  void dispatchersOfSeveralNodesSendEachEmailOnce() throws Exception {
    String domain = "nodes-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".example.org";
    EmailTemplates.Email email = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");
    for (int i = 0; i < 40; i++) {
      outbox.enqueue(domain + "/" + i, "plan-requested", "p" + i + "@" + domain, email, null, null);
    }
    java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> sent = nodes.invokeAll(java.util.Collections.nCopies(4, this::sendEmails));
      int total = 0;
      for (java.util.concurrent.Future<Integer> each : sent) {
        total += each.get();
      }
      assertThat(total).isEqualTo(40);
    } finally {
      nodes.shutdown();
    }
    assertThat(MAIL.getReceivedMessagesForDomain(domain)).hasSize(40);
  }

  @Test
  void eachSendingThreadKeepsItsConnectionToTheMailServerAndOpensAnotherWhenTheServerDroppedIt() throws Exception {
    String domain = "kept-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".example.org";
    EmailTemplates.Email email = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");
    org.springframework.mail.javamail.JavaMailSenderImpl sender =
        context.getBean(org.springframework.mail.javamail.JavaMailSenderImpl.class);
    int port = sender.getPort();
    try (EmailsBesideClicksTest.SlowMailServer server = new EmailsBesideClicksTest.SlowMailServer(port, 0)) {
      sender.setPort(server.port());
      for (int i = 0; i < 20; i++) {
        outbox.enqueue(domain + "/" + i, "plan-requested", "p" + i + "@" + domain, email, null, null);
      }
      assertThat(sendEmails()).isEqualTo(20);
      assertThat(server.connections.get()).as("one connection per sending thread (4), not one per email")
          .isBetween(1, 4);

      // the mail server restarts: the kept connections are found dead before an email is given to them
      MAIL.stop();
      MAIL.start();
      for (int i = 20; i < 24; i++) {
        outbox.enqueue(domain + "/" + i, "plan-requested", "p" + i + "@" + domain, email, null, null);
      }
      assertThat(sendEmails()).isEqualTo(4);
      assertThat(jdbc.sql("select max(attempts) from email_outbox where message_key like ?").param(domain + "/%")
          .query(Integer.class).single()).as("no email failed on a dead connection").isOne();
    } finally {
      sender.setPort(port);
    }
    for (int i = 20; i < 24; i++) {
      assertThat(MAIL.getReceivedMessagesForDomain("p" + i + "@" + domain)).hasSize(1);
    }
  }

  @Test
  void anEmailClaimedByANodeThatDiedIsSentByAnotherOnceTheClaimRunsOut() {
    EmailTemplates.Email email = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");
    outbox.enqueue("test/claimed", "plan-requested", "claimed@example.org", email, null, null);
    // a node claimed it for two minutes, and died
    jdbc.sql("update email_outbox set claimed_until = ? where message_key = 'test/claimed'")
        .param(new java.sql.Timestamp(ClockUtil.getCurrentTime().getTime() + 120_000)).update();
    assertThat(sendEmails()).isZero();
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + 121_000));
    assertThat(sendEmails()).isEqualTo(1);
    assertThat(MAIL.getReceivedMessagesForDomain("claimed@example.org")).hasSize(1);
  }

  private Outbox.Entry ownEmail(ProcessInstance instance) {
    long id = jdbc.sql("select id from email_outbox where process_instance_id = ?").param(instance.getId())
        .query(Long.class).single();
    return outbox.find(id).orElseThrow();
  }

  @Test
  void withoutTheMailboxPageASentEmailKeepsItsTextAndNotItsHtmlCopyNorItsAttachments() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    Outbox.Entry stored = ownEmail(instance);
    assertThat(stored.status()).isEqualTo("SENT");
    assertThat(stored.bodyHtml()).as("with the mailbox page on (the tests'), a sent email keeps its HTML").contains("<html");
    // the same email waiting again, with an attachment
    jdbc.sql("update email_outbox set status = 'PENDING', sent_at = null, attachments = '[]' where id = ?")
        .param(stored.id()).update();
    int received = MAIL.getReceivedMessages().length;
    // production's dispatcher (the mailbox page off), on this test's email only
    OutboxDispatcher production = new OutboxDispatcher(jdbc, outbox, context.getBean(JavaMailSender.class),
        context.getBean(TransactionTemplate.class), List.of(), "Coachgrant <coachgrant@example.org>", 10,
        java.time.Duration.ofMinutes(2), 8, java.time.Duration.ofMinutes(1), 1, false, new SimpleMeterRegistry());
    try {
      assertThat(production.dispatchDue(email -> email.id() == stored.id())).isOne();
    } finally {
      production.stop();
    }
    Outbox.Entry sent = ownEmail(instance);
    assertThat(sent.status()).isEqualTo("SENT");
    assertThat(sent.bodyText()).as("the record of what was said").isEqualTo(stored.bodyText());
    assertThat(sent.bodyHtml()).isEmpty();
    assertThat(jdbc.sql("select attachments from email_outbox where id = ?").param(stored.id()).query(String.class)
        .optional()).isEmpty();
    assertThat(MAIL.getReceivedMessages()).as("sent with both bodies").hasSize(received + 1);
    assertThat(MAIL.getReceivedMessages()[received].getContentType()).startsWith("multipart");
  }

  @Test
  void typedMarkupAndTemplateSyntaxStayPlainText() {
    var email = templates.render("changes-requested", Map.of(
        "recipient", Map.of("name", "<b>Mia</b>", "email", "mia@example.org"),
        "setting", Map.of("name", "Sunflower <script>alert(1)</script>", "urn", "EY1"),
        "programme", Map.of("name", "P", "code", "P", "grantCap", "£1"),
        "plan", Map.of("deadline", "1 May 2027", "daysLeft", 3, "version", 1, "actions", List.of()),
        "review", Map.of("comment", "#set($x = 'evil') ${x} $class.forName('java.lang.Runtime')"),
        "tasklistUrl", "http://localhost/", "taskUrl", "http://localhost/plans/1/next"));
    assertThat(email.html()).doesNotContain("<script>").contains("&lt;script&gt;")
        .contains("#set($x = &#39;evil&#39;) ${x} $class.forName(&#39;java.lang.Runtime&#39;)");
    assertThat(email.text()).contains("#set($x = 'evil') ${x} $class.forName('java.lang.Runtime')");
  }

  private static void assertEmail(MimeMessage message, String subjectWord, String bodyLine) throws Exception {
    assertThat(message.getSubject()).containsIgnoringCase(subjectWord);
    assertThat(text(message)).contains(bodyLine);
  }
}
