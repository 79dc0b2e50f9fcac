package org.coachgrant.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.coachgrant.system.Rows;
import org.coachgrant.time.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Sends the {@link Outbox}'s emails, outside every process instance, each once:
 * <ol>
 *   <li>A node claims a due email for {@code claim} (a conditional update: of two nodes, one wins). A node that
 *       dies while sending leaves a claim that runs out, and another node sends the email.
 *   <li>In one transaction it issues the email's {@link Secret}, sends the email and marks it sent. An email
 *       whose sending failed is marked sent by nobody: nothing of it is committed, the secret included.
 *   <li>A failure is counted and the email waits {@code first-wait}, doubling with each failure in a row (at most
 *       an hour); after {@code max-attempts} it is FAILED, for its programme's coordinators' "Needs you now" (and
 *       the mailbox), where "Send again" starts its retries over.
 * </ol>
 * A node sends {@code threads} emails at a time (each on a connection of its own while the mail server takes it).
 * What the transaction cannot cover is a node that dies after the mail server took the email and before the
 * commit: that email goes twice, never not at all.
 */
@Component
public class OutboxDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  private static final Duration LONGEST_WAIT = Duration.ofHours(1);

  /** An email due to be sent: which, and the process instance that stored it. */
  public record Due(long id, String processInstanceId) {}

  private final JdbcClient jdbc;
  private final Outbox outbox;
  private final JavaMailSender mailSender;
  private final TransactionTemplate transaction;
  private final Map<String, SecretIssuer> issuers;
  private final String from;
  private final int batch;
  private final Duration claim;
  private final int maxAttempts;
  private final Duration firstWait;
  /** Whether a sent email keeps its HTML body (for the mailbox page); the text body is kept either way. */
  private final boolean keepHtml;
  private final ExecutorService senders;
  /** Each sending thread's SMTP connection, kept from one email to the next. */
  private final SmtpConnections smtp;
  /** Attempts by outcome, for the alerts (docs/operations.md, "Metrics and alerts"). */
  private final Counter sentAttempts;
  private final Counter failedAttempts;

  OutboxDispatcher(JdbcClient jdbc, Outbox outbox, JavaMailSender mailSender, TransactionTemplate transaction,
      List<SecretIssuer> issuers, @Value("${coachgrant.mail.from}") String from,
      @Value("${coachgrant.mail.dispatch.batch:100}") int batch,
      @Value("${coachgrant.mail.dispatch.claim:PT2M}") Duration claim,
      @Value("${coachgrant.mail.dispatch.max-attempts:8}") int maxAttempts,
      @Value("${coachgrant.mail.dispatch.first-wait:PT1M}") Duration firstWait,
      @Value("${coachgrant.mail.dispatch.threads:4}") int threads,
      @Value("${coachgrant.mail.keep-html-after-sending:true}") boolean keepHtml, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.mailSender = mailSender;
    this.transaction = transaction;
    this.issuers = issuers.stream().collect(Collectors.toMap(SecretIssuer::kind, Function.identity()));
    this.from = from;
    this.batch = batch;
    this.claim = claim;
    this.maxAttempts = maxAttempts;
    this.firstWait = firstWait;
    this.keepHtml = keepHtml;
    AtomicInteger number = new AtomicInteger();
    this.senders = Executors.newFixedThreadPool(threads, work -> {
      Thread thread = new Thread(work, "outbox-sender-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.smtp = new SmtpConnections(mailSender);
    this.sentAttempts = attempts(meters, "sent");
    this.failedAttempts = attempts(meters, "failed");
  }

  private static Counter attempts(MeterRegistry meters, String outcome) {
    return Counter.builder("coachgrant.outbox.attempts").tag("outcome", outcome)
        .description("Attempts to send an email from the outbox, by outcome").register(meters);
  }

  /** Stops the sending threads once the node stops (an email being sent is finished or left to its claim). */
  @jakarta.annotation.PreDestroy
  void stop() {
    senders.shutdown();
    smtp.closeAll();
  }

  /** Sends every email due now, batch after batch; returns how many were sent. */
  public int dispatchDue() {
    return dispatchDue(due -> true);
  }

  /**
   * Sends the emails due now that {@code which} accepts (a test sends only its own), {@code threads} at a time, each
   * claimed first; returns how many were sent.
   */
  public int dispatchDue(Predicate<Due> which) {
    int sent = 0;
    for (int round = 0; round < 1000; round++) {
      Timestamp now = EngineTime.now();
      List<Due> due = jdbc.sql("select id, process_instance_id from email_outbox where status = 'PENDING'"
              + " and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?) order by id limit ?")
          .params(now, now, batch).query(Rows.of(Due.class)).list().stream().filter(which).toList();
      List<Future<Boolean>> sending = new ArrayList<>();
      for (Due email : due) {
        if (claimed(email.id())) {
          sending.add(senders.submit(() -> send(email.id())));
        }
      }
      if (sending.isEmpty()) {
        break;
      }
      for (Future<Boolean> email : sending) {
        sent += sentOrNot(email) ? 1 : 0;
      }
    }
    return sent;
  }

  private static boolean sentOrNot(Future<Boolean> email) {
    try {
      return email.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Sending an email failed outside its own handling", e.getCause());
    }
  }

  private boolean claimed(long id) {
    Timestamp now = EngineTime.now();
    return jdbc.sql("update email_outbox set claimed_until = ? where id = ? and status = 'PENDING'"
            + " and (claimed_until is null or claimed_until < ?)")
        .params(new Timestamp(now.getTime() + claim.toMillis()), id, now).update() == 1;
  }

  private boolean send(long id) {
    Outbox.Outgoing email = jdbc.sql("select id, template, recipient, subject, body_text, body_html,"
        + " attachments, secret, attempts from email_outbox where id = ?").param(id).query(Rows.of(Outbox.Outgoing.class)).single();
    try {
      transaction.executeWithoutResult(status -> {
        smtp.send(message(email));
        // once sent, the text body is the record of what was said: the HTML copy of it (unless the mailbox page
        // shows it) and the attachments (a calendar entry) have no reader left
        jdbc.sql("update email_outbox set status = 'SENT', sent_at = ?, attempts = attempts + 1, claimed_until = null,"
            + " last_error = null, attachments = null, body_html = case when ? then body_html else '' end where id = ?")
            .params(EngineTime.now(), keepHtml, id).update();
      });
      sentAttempts.increment();
      // the outbox row is the record; at a national programme's 150,000 emails an INFO line each cost an eighth of
      // the sending's CPU and put every address in the log
      LOG.debug("Sent {} to {}", email.template(), email.recipient());
      return true;
    } catch (RuntimeException e) {
      failedAttempts.increment();
      failed(email, e);
      return false;
    }
  }

  private void failed(Outbox.Outgoing email, RuntimeException e) {
    int attempts = email.attempts() + 1;
    boolean last = attempts >= maxAttempts;
    Duration wait = firstWait.multipliedBy(1L << Math.min(attempts - 1, 20));
    Timestamp next = new Timestamp(EngineTime.now().getTime() + (wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait).toMillis());
    String reason = reason(e);
    jdbc.sql("update email_outbox set attempts = ?, next_attempt_at = ?, claimed_until = null, last_error = ?, status = ?"
        + " where id = ?").params(attempts, next, reason, last ? Outbox.FAILED : Outbox.PENDING, email.id()).update();
    if (last) {
      LOG.error("Email {} ({}) to {} could not be sent in {} attempt(s), the last: {}", email.id(), email.template(),
          email.recipient(), attempts, reason);
    } else {
      LOG.warn("Email {} ({}) to {} not sent (attempt {} of {}), tried again at {}: {}", email.id(), email.template(),
          email.recipient(), attempts, maxAttempts, next, reason);
    }
  }

  /** The failure in words a coordinator reads: the mail server's or the mail library's message, never a class name. */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "the mail server did not take the email" : cause.getMessage();
    // a class name (jakarta.mail.SendFailedException) goes, a host name or an address (jo@mail.school.sch.uk) stays;
    // the mail library's "[EOF]" is a server that hung up
    String words = message.replaceAll("(?<![\\w$@.-])([a-z_$][\\w$]*\\.){2,}[A-Z][\\w$]*", "")
        .replace("[EOF]", "the mail server closed the connection").replaceAll("\\s+", " ").strip();
    return words.length() > 1000 ? words.substring(0, 1000) : words;
  }

  private MimeMessage message(Outbox.Outgoing email) {
    String text = email.bodyText();
    String html = email.bodyHtml();
    if (email.secret() != null) {
      Secret secret = Secret.of(email.secret());
      SecretIssuer issuer = issuers.get(secret.kind());
      if (issuer == null) {
        throw new IllegalStateException("no issuer of the secret '" + secret.kind() + "' in this email");
      }
      String value = issuer.issue(secret.subject()).orElse("(set already)");
      text = text.replace(Secret.MASK, value);
      html = html.replace(HtmlUtils.htmlEscape(Secret.MASK), HtmlUtils.htmlEscape(value));
    }
    MimeMessage message = mailSender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(from);
      helper.setTo(email.recipient());
      helper.setSubject(email.subject());
      helper.setText(text, html);
      for (Attachment attachment : outbox.attachments(email)) {
        helper.addAttachment(attachment.filename(),
            new ByteArrayResource(attachment.content().getBytes(StandardCharsets.UTF_8)), attachment.contentType());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("Cannot build the email to " + email.recipient(), e);
    }
    return message;
  }
}
