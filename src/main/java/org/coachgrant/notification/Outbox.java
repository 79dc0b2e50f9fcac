package org.coachgrant.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.coachgrant.system.EngineTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each email once. The email is stored under a key before it is sent and marked sent right after,
 * each in a transaction of its own: a job that sent and then failed is retried without sending again.
 */
@Component
public class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  public record Entry(long id, String template, String recipient, String subject, String bodyText, String bodyHtml,
      String status, Timestamp createdAt, Timestamp sentAt) {}

  private final JdbcClient jdbc;
  private final JavaMailSender mailSender;
  private final TransactionTemplate ownTransaction;
  private final String from;

  Outbox(JdbcClient jdbc, JavaMailSender mailSender, PlatformTransactionManager transactions,
      @Value("${coachgrant.mail.from}") String from) {
    this.jdbc = jdbc;
    this.mailSender = mailSender;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.from = from;
  }

  void sendOnce(String key, String template, String recipient, EmailTemplates.Email email, String processInstanceId) {
    sendOnce(key, template, recipient, email, email, List.of(), processInstanceId);
  }

  /** Sends {@code email}; keeps {@code stored}, the same email with its secrets masked. */
  void sendOnce(String key, String template, String recipient, EmailTemplates.Email email, EmailTemplates.Email stored,
      List<Attachment> attachments, String processInstanceId) {
    String status = ownTransaction.execute(tx -> {
      Optional<String> existing = jdbc.sql("select status from email_outbox where message_key = ?").param(key)
          .query(String.class).optional();
      if (existing.isPresent()) {
        return existing.get();
      }
      jdbc.sql("insert into email_outbox (message_key, template, recipient, subject, body_text, body_html, status,"
              + " process_instance_id, created_at) values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")
          .params(key, template, recipient, stored.subject(), stored.text(), stored.html(), processInstanceId, EngineTime.now())
          .update();
      return "PENDING";
    });
    if ("SENT".equals(status)) {
      LOG.info("Email {} was sent before; not sending it again", key);
      return;
    }
    mailSender.send(message(recipient, email, attachments));
    ownTransaction.executeWithoutResult(tx -> jdbc.sql(
        "update email_outbox set status = 'SENT', sent_at = ? where message_key = ?").params(EngineTime.now(), key).update());
    LOG.info("Sent {} to {}", template, recipient);
  }

  public List<Entry> latest(int limit) {
    return jdbc.sql("select id, template, recipient, subject, body_text, body_html, status, created_at, sent_at"
            + " from email_outbox order by id desc").query(Entry.class).stream().limit(limit).toList();
  }

  public Optional<Entry> find(long id) {
    return jdbc.sql("select id, template, recipient, subject, body_text, body_html, status, created_at, sent_at"
        + " from email_outbox where id = ?").param(id).query(Entry.class).optional();
  }

  private MimeMessage message(String recipient, EmailTemplates.Email email, List<Attachment> attachments) {
    MimeMessage message = mailSender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
      helper.setFrom(from);
      helper.setTo(recipient);
      helper.setSubject(email.subject());
      helper.setText(email.text(), email.html());
      for (Attachment attachment : attachments) {
        helper.addAttachment(attachment.filename(), new org.springframework.core.io.ByteArrayResource(
            attachment.content().getBytes(java.nio.charset.StandardCharsets.UTF_8)), attachment.contentType());
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("Cannot build the email to " + recipient, e);
    }
    return message;
  }

}
