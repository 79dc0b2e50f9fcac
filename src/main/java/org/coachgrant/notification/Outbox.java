package org.coachgrant.notification;

import org.coachgrant.system.Rows;
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

/**
 * Sends each email once. The email is stored under a key and marked sent in the caller's transaction (the
 * send task's job), on the connection that transaction already holds: a job never waits for a second
 * connection while it holds one, so a busy pool cannot deadlock. A job that is retried finds what it
 * committed as sent and skips it; a job that rolled back committed nothing, so the retry sends.
 */
@Component
public class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  public record Entry(long id, String template, String recipient, String subject, String bodyText, String bodyHtml,
      String status, Timestamp createdAt, Timestamp sentAt) {}

  private final JdbcClient jdbc;
  private final JavaMailSender mailSender;
  private final String from;

  Outbox(JdbcClient jdbc, JavaMailSender mailSender, @Value("${coachgrant.mail.from}") String from) {
    this.jdbc = jdbc;
    this.mailSender = mailSender;
    this.from = from;
  }

  /** Sends {@code email} to {@code recipient} unless an email under {@code key} was sent before. */
  public void sendOnce(String key, String template, String recipient, EmailTemplates.Email email, String processInstanceId) {
    sendOnce(key, template, recipient, email, email, List.of(), processInstanceId);
  }

  /** Sends {@code email}; keeps {@code stored}, the same email with its secrets masked. */
  void sendOnce(String key, String template, String recipient, EmailTemplates.Email email, EmailTemplates.Email stored,
      List<Attachment> attachments, String processInstanceId) {
    Optional<String> status = jdbc.sql("select status from email_outbox where message_key = ?").param(key)
        .query(String.class).optional();
    if (status.filter("SENT"::equals).isPresent()) {
      LOG.info("Email {} was sent before; not sending it again", key);
      return;
    }
    if (status.isEmpty()) {
      jdbc.sql("insert into email_outbox (message_key, template, recipient, subject, body_text, body_html, status,"
              + " process_instance_id, created_at) values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")
          .params(key, template, recipient, stored.subject(), stored.text(), stored.html(), processInstanceId, EngineTime.now())
          .update();
    }
    mailSender.send(message(recipient, email, attachments));
    jdbc.sql("update email_outbox set status = 'SENT', sent_at = ? where message_key = ?")
        .params(EngineTime.now(), key).update();
    LOG.info("Sent {} to {}", template, recipient);
  }

  public List<Entry> latest(int limit) {
    return jdbc.sql("select id, template, recipient, subject, body_text, body_html, status, created_at, sent_at"
            + " from email_outbox order by id desc limit ?").param(limit).query(Rows.of(Entry.class)).list();
  }

  public Optional<Entry> find(long id) {
    return jdbc.sql("select id, template, recipient, subject, body_text, body_html, status, created_at, sent_at"
        + " from email_outbox where id = ?").param(id).query(Rows.of(Entry.class)).optional();
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
