package org.coachgrant.modelling;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.notification.TemplateTexts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The versions of each email template in Coachgrant's tables. A template nobody has changed is its
 * file, version 1; the first change saves the file as version 1 and itself as version 2. The emails
 * read the latest version each time they are sent ({@link TemplateTexts}), so a change takes effect
 * for the next email without a restart.
 */
@Component
class TemplateVersions implements TemplateTexts {

  record Version(int version, Map<String, String> parts, String savedBy, Instant savedAt) {}

  private final JdbcClient jdbc;
  private final EmailTemplates templates;

  TemplateVersions(JdbcClient jdbc, @org.springframework.context.annotation.Lazy EmailTemplates templates) {
    this.jdbc = jdbc;
    this.templates = templates;
  }

  @Override
  public Map<String, String> latest(String template) {
    Map<String, String> parts = jdbc.sql("select subject, body_text, body_html from template_version where template = ?"
        + " order by version desc limit 1").param(template)
        .query((rs, n) -> parts(rs.getString(1), rs.getString(2), rs.getString(3))).optional().orElseGet(LinkedHashMap::new);
    parts.values().removeIf(java.util.Objects::isNull);
    return parts;
  }

  /** Every version, newest first; version 1 is the file when nothing was saved yet. */
  List<Version> history(String template) {
    List<Version> saved = jdbc.sql("select version, subject, body_text, body_html, saved_by, saved_at from template_version "
        + "where template = ? order by version desc").param(template).query((rs, n) -> new Version(rs.getInt(1),
            parts(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getString(5), rs.getTimestamp(6).toInstant())).list();
    return saved.isEmpty() ? List.of(new Version(1, fileParts(template), "the application's file", null)) : saved;
  }

  Version current(String template) {
    return history(template).get(0);
  }

  /** Saves the parts as the next version (the file becoming version 1 first); answers the new version. */
  int save(String template, Map<String, String> parts, String user, Instant at) {
    if (jdbc.sql("select count(*) from template_version where template = ?").param(template).query(Long.class).single() == 0) {
      insert(template, 1, fileParts(template), "the application's file", at);
    }
    int next = jdbc.sql("select max(version) from template_version where template = ?").param(template)
        .query(Integer.class).single() + 1;
    insert(template, next, parts, user, at);
    return next;
  }

  private void insert(String template, int version, Map<String, String> parts, String user, Instant at) {
    jdbc.sql("insert into template_version (template, version, subject, body_text, body_html, saved_by, saved_at) "
        + "values (?, ?, ?, ?, ?, ?, ?)").params(template, version, parts.get("subject.vm"), parts.get("body.txt.vm"),
            parts.get("body.html.vm"), user, Timestamp.from(at)).update();
  }

  private Map<String, String> fileParts(String template) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : EmailTemplates.PARTS) {
      parts.put(part, templates.fileText(template, part).orElse(""));
    }
    return parts;
  }

  private static Map<String, String> parts(String subject, String text, String html) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("subject.vm", subject);
    parts.put("body.txt.vm", text);
    parts.put("body.html.vm", html);
    return parts;
  }
}
