package org.coachgrant.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.coachgrant.web.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Everything Coachgrant and its engine hold about one person (a subject access request), read table by table from
 * {@link PersonalDataMap}: the JSON of {@code /api/people/{userId}/data} and {@code /my/data}, and the page
 * {@code /admin/people/{userId}}, are this one answer. An administrator may ask about anyone, a person about
 * themselves; anyone else is refused before anything is looked up, so a refusal says nothing about who exists.
 */
@Service
@Transactional(readOnly = true)
public class PersonalData {

  /** One table's rows that name or concern the person, with what the table holds and why. */
  public record Table(String name, String holds, List<Map<String, Object>> rows) {}

  /** The answer: who, when it was made, and every table that holds something about them. */
  public record Report(String userId, Instant madeAt, List<Table> tables) {}

  private final JdbcClient jdbc;
  private final Callers callers;

  PersonalData(JdbcClient jdbc, Callers callers) {
    this.jdbc = jdbc;
    this.callers = callers;
  }

  /** The person's data, for an administrator or the person themselves; 403 for anyone else, 404 when nothing is held. */
  public Report of(String userId) {
    Authentication caller = callers.current();
    boolean self = caller.getUserId().equals(userId);
    if (!self && !callers.isIn(caller, Set.of(Roles.ADMINISTRATORS))) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only administrators see another person's data");
    }
    Report report = callers.asSystem(() -> read(userId));
    return self ? report : withoutPrivateNotes(report);
  }

  /** What replaces a coaching note's words in an answer to anyone but the person: the note is theirs and its author's. */
  static final String PRIVATE_NOTE = "[private coaching note: only the person and its author read its words]";

  /**
   * The report as an administrator reads it about someone else: each coaching note is counted, dated and kept, but its
   * words are for the person and its author alone (issue 24; docs/data-protection.md).
   */
  private static Report withoutPrivateNotes(Report report) {
    return new Report(report.userId(), report.madeAt(), report.tables().stream().map(t -> !t.name().equals("coaching_note") ? t
        : new Table(t.name(), t.holds(), t.rows().stream().map(row -> {
          Map<String, Object> hidden = new LinkedHashMap<>(row);
          hidden.replace("note_text", PRIVATE_NOTE);
          return (Map<String, Object>) hidden;
        }).toList())).toList());
  }

  /** Everything held about the person, unchecked; 404 when nothing is held. */
  Report read(String userId) {
    List<String> emails = emails(userId);
    List<Long> settings = jdbc.sql("select id from setting where manager_user_id = ?").param(userId)
        .query(Long.class).list();
    Map<String, Map<Object, Map<String, Object>>> rowsByTable = new LinkedHashMap<>();
    for (PersonalDataMap.Source source : PersonalDataMap.SOURCES) {
      List<Map<String, Object>> rows = switch (source.kind()) {
        case USER_ID -> rows(source, source.column() + " = :key", userId);
        case EMAIL -> emails.isEmpty() ? List.of() : rows(source, "lower(" + source.column() + ") in (:key)", emails);
        case SETTING -> settings.isEmpty() ? List.of() : rows(source, source.column() + " in (" + source.through() + ")", settings);
      };
      Map<Object, Map<String, Object>> table = rowsByTable.computeIfAbsent(source.table(), t -> new LinkedHashMap<>());
      rows.forEach(row -> table.putIfAbsent(row.containsKey("id") ? row.get("id") : row, row));
    }
    List<Table> tables = new ArrayList<>();
    rowsByTable.forEach((name, rows) -> {
      if (!rows.isEmpty()) {
        tables.add(new Table(name, PersonalDataMap.HOLDS.get(name), List.copyOf(rows.values())));
      }
    });
    if (tables.isEmpty()) {
      throw Workspace.notFound("Nothing is held about " + userId);
    }
    return new Report(userId, ClockUtil.getCurrentTime().toInstant(), tables);
  }

  /** The person's emails, lower-case as settings keep them: their account's, and those their settings were enrolled with. */
  private List<String> emails(String userId) {
    java.util.Set<String> emails = new java.util.LinkedHashSet<>();
    jdbc.sql("select email_ from act_id_user where id_ = ?").param(userId).query(String.class).optional()
        .filter(e -> !e.isBlank()).ifPresent(e -> emails.add(e.toLowerCase(Locale.ROOT)));
    jdbc.sql("select manager_email from setting where manager_user_id = ?").param(userId).query(String.class).list()
        .forEach(e -> emails.add(e.toLowerCase(Locale.ROOT)));
    return List.copyOf(emails);
  }

  private List<Map<String, Object>> rows(PersonalDataMap.Source source, String where, Object key) {
    return jdbc.sql("select " + source.columns() + " from " + source.table() + " where " + where)
        .param("key", key).query().listOfRows().stream().map(PersonalData::plain).toList();
  }

  /** Column names in lower case (H2 reports them in upper case), times as instants, dates as days. */
  private static Map<String, Object> plain(Map<String, Object> row) {
    Map<String, Object> plain = new LinkedHashMap<>();
    row.forEach((column, value) -> plain.put(column.toLowerCase(Locale.ROOT), value instanceof Timestamp t ? t.toInstant()
        : value instanceof java.sql.Date d ? d.toLocalDate() : value));
    return plain;
  }
}
