package org.coachgrant.coachnotes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.forms.Inputs;
import org.coachgrant.time.EngineTime;
import org.coachgrant.web.Workspace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A coach's private notes on a delegate at a session (issue 24, point 3). Coaching is not evaluation: a note is read
 * by its author and by the manager it is about, nobody else, whatever their role. It lives in its own table only:
 * never a process variable, an email, an export or a report. Every lookup starts from the caller's id, so a note
 * someone may not read is as absent (404) as one that does not exist.
 */
@Service
@Transactional
public class CoachingNotes {

  /** The longest note kept. */
  public static final int MAX_TEXT = 4000;

  /** A note as its author and its manager read it. */
  public record Note(long id, long sessionId, long settingId, String managerId, String authorId, String text,
      Instant createdAt, Instant updatedAt) {}

  /** A note about the manager, with where it was written: the manager's view. */
  public record AboutMe(String programmeName, int groupNumber, int sessionNumber, Instant sessionAt, String settingName,
      String authorId, String text, Instant updatedAt) {}

  private static final String NOTE = "select id, session_id, setting_id, manager_id, author_id, note_text, created_at,"
      + " updated_at from coaching_note";

  private final JdbcClient jdbc;
  private final CoachingGroups groups;
  private final Sessions sessions;

  CoachingNotes(JdbcClient jdbc, CoachingGroups groups, Sessions sessions) {
    this.jdbc = jdbc;
    this.groups = groups;
    this.sessions = sessions;
  }

  /** The group, if {@code coachId} coaches it; 404 otherwise, whether or not it exists. */
  @Transactional(readOnly = true)
  public CoachingGroups.Group coachedGroup(String coachId, long groupId) {
    return groups.group(groupId).filter(g -> coachId.equals(g.coachId()))
        .orElseThrow(() -> Workspace.notFound("No group " + groupId + " that you coach"));
  }

  /** Session {@code number} of a group the coach coaches, and the delegate expected at it who is {@code managerId}. */
  private Sessions.Delegate delegate(String coachId, long groupId, int number, String managerId) {
    coachedGroup(coachId, groupId);
    Sessions.Session session = sessions.find(groupId, number)
        .orElseThrow(() -> Workspace.notFound("No session " + number + " of group " + groupId));
    return sessions.expected(session.id()).stream().filter(d -> d.managerId().equals(managerId)).findFirst()
        .orElseThrow(() -> Workspace.notFound("No delegate " + managerId + " at session " + number));
  }

  /** The coach's own note on the delegate at the session; 404 if the coach may not write one there, or has not. */
  @Transactional(readOnly = true)
  public Note note(String coachId, long groupId, int number, String managerId) {
    Sessions.Delegate delegate = delegate(coachId, groupId, number, managerId);
    long sessionId = sessions.find(groupId, number).orElseThrow().id();
    return own(coachId, sessionId, delegate.settingId())
        .orElseThrow(() -> Workspace.notFound("No note on " + managerId + " at session " + number));
  }

  /** Writes (or rewrites) the coach's note on the delegate at the session; blank or over-long text is a 400 naming {@code text}. */
  public Note write(String coachId, long groupId, int number, String managerId, Object text) {
    String checked = Inputs.textValue("text", text == null ? "" : text, MAX_TEXT);
    if (checked.isEmpty() || !new Inputs(Map.of("text", checked)).has("text")) {
      throw new org.coachgrant.forms.InvalidInputException("text", "is required: write the note before saving it");
    }
    Sessions.Delegate delegate = delegate(coachId, groupId, number, managerId);
    long sessionId = sessions.find(groupId, number).orElseThrow().id();
    Timestamp now = EngineTime.now();
    if (jdbc.sql("update coaching_note set note_text = ?, updated_at = ? where session_id = ? and setting_id = ? and author_id = ?")
        .params(checked, now, sessionId, delegate.settingId(), coachId).update() == 0) {
      jdbc.sql("insert into coaching_note (session_id, setting_id, manager_id, author_id, note_text, created_at, updated_at)"
              + " values (?, ?, ?, ?, ?, ?, ?)")
          .params(sessionId, delegate.settingId(), managerId, coachId, checked, now, now).update();
    }
    return own(coachId, sessionId, delegate.settingId()).orElseThrow();
  }

  /** Every note the coach wrote at the group's sessions, by session id and setting id. */
  @Transactional(readOnly = true)
  public List<Note> writtenIn(String coachId, long groupId) {
    return jdbc.sql(NOTE + " where author_id = ? and session_id in (select id from coaching_session where group_id = ?)")
        .params(coachId, groupId).query(CoachingNotes::note).list();
  }

  /** The notes about the manager, newest session first. */
  @Transactional(readOnly = true)
  public List<AboutMe> about(String managerId) {
    return jdbc.sql("select p.name, g.number group_number, cs.number session_number, cs.starts_at, s.name setting_name,"
            + " n.author_id, n.note_text, n.updated_at from coaching_note n join coaching_session cs on cs.id = n.session_id"
            + " join coaching_group g on g.id = cs.group_id join programme p on p.id = g.programme_id"
            + " join setting s on s.id = n.setting_id where n.manager_id = ? order by cs.starts_at desc, n.id")
        .param(managerId)
        .query((rs, row) -> new AboutMe(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getTimestamp(4).toInstant(),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()))
        .list();
  }

  private Optional<Note> own(String coachId, long sessionId, long settingId) {
    return jdbc.sql(NOTE + " where session_id = ? and setting_id = ? and author_id = ?").params(sessionId, settingId, coachId)
        .query(CoachingNotes::note).optional();
  }

  private static Note note(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Note(rs.getLong("id"), rs.getLong("session_id"), rs.getLong("setting_id"), rs.getString("manager_id"),
        rs.getString("author_id"), rs.getString("note_text"), rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
