package org.coachgrant.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.coachgrant.system.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The emails to send and sent, each once under its key. A step stores its email here in its own transaction
 * ({@link #enqueue}) and moves on; the {@link OutboxDispatcher}, outside every process instance, sends it. So a
 * person's click never waits for, or collides with, a mail server, and a mail outage delays only emails.
 */
@Component
public class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {};

  static final String PENDING = "PENDING";
  static final String SENT = "SENT";
  static final String FAILED = "FAILED";

  public record Entry(long id, String template, String recipient, String subject, String bodyText, String bodyHtml,
      String status, Timestamp createdAt, Timestamp sentAt, int attempts, Timestamp nextAttemptAt, String lastError) {}

  /** What the dispatcher needs of an email: the email as stored, and what is sent with it. */
  record Outgoing(long id, String template, String recipient, String subject, String bodyText,
      String bodyHtml, String attachments, String secret, int attempts) {}

  private static final String ENTRY = "select id, template, recipient, subject, body_text, body_html, status, created_at,"
      + " sent_at, attempts, next_attempt_at, last_error from email_outbox";

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  Outbox(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Stores {@code email} to {@code recipient} for sending, unless an email under {@code key} is stored already. */
  public void enqueue(String key, String template, String recipient, EmailTemplates.Email email, String processInstanceId,
      String businessKey) {
    enqueue(key, template, recipient, email, List.of(), null, processInstanceId, businessKey);
  }

  /**
   * Stores {@code email} (its {@link Secret}s masked) with its attachments; {@code secret}, when not null, is
   * issued by the dispatcher as it sends ({@link Secret#reference()}).
   */
  void enqueue(String key, String template, String recipient, EmailTemplates.Email email, List<Attachment> attachments,
      Secret secret, String processInstanceId, String businessKey) {
    if (jdbc.sql("select count(*) from email_outbox where message_key = ?").param(key).query(Integer.class).single() > 0) {
      LOG.info("Email {} is in the outbox already; not storing it again", key);
      return;
    }
    jdbc.sql("insert into email_outbox (message_key, template, recipient, subject, body_text, body_html, status,"
            + " process_instance_id, business_key, attachments, secret, created_at, next_attempt_at)"
            + " values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)")
        .params(key, template, recipient, email.subject(), email.text(), email.html(), processInstanceId, businessKey,
            attachments.isEmpty() ? null : write(attachments), secret == null ? null : secret.reference(),
            EngineTime.now(), EngineTime.now())
        .update();
  }

  List<Attachment> attachments(Outgoing email) {
    if (email.attachments() == null) {
      return List.of();
    }
    try {
      return json.readValue(email.attachments(), ATTACHMENTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The attachments of email " + email.id() + " cannot be read", e);
    }
  }

  private String write(List<Attachment> attachments) {
    try {
      return json.writeValueAsString(attachments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot store the email's attachments", e);
    }
  }

  public List<Entry> latest(int limit) {
    return jdbc.sql(ENTRY + " order by id desc limit ?").param(limit).query(Rows.of(Entry.class)).list();
  }

  public Optional<Entry> find(long id) {
    return jdbc.sql(ENTRY + " where id = ?").param(id).query(Rows.of(Entry.class)).optional();
  }

  /** The emails of a programme's process instances that could not be sent, newest first. */
  public List<Entry> failed(String programmeCode, int limit) {
    return jdbc.sql(ENTRY + " where status = 'FAILED' and business_key like ? order by id desc limit ?")
        .params(programmeCode + "/%", limit).query(Rows.of(Entry.class)).list();
  }

  /**
   * Sends a failed email of the programme again (its retries start over); false when there is no such email.
   * The address is the one it was stored with: an address corrected since is used by the next email.
   */
  public boolean sendAgain(String programmeCode, long id) {
    return jdbc.sql("update email_outbox set status = 'PENDING', attempts = 0, next_attempt_at = ?, last_error = null"
            + " where id = ? and status = 'FAILED' and business_key like ?")
        .params(EngineTime.now(), id, programmeCode + "/%").update() > 0;
  }
}
