package org.coachgrant.coaching;

import org.coachgrant.system.Rows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.time.EngineTime;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Coaching sessions, who is expected at them (a group's delegates and catch-up guests), who came. */
@Repository
public class Sessions {

  public record Session(long id, long groupId, int groupNumber, long programmeId, int number, Instant startsAt,
      int minutes, String place, String status, int revision, String coachId) {

    public Instant endsAt() {
      return startsAt.plusSeconds(minutes * 60L);
    }
  }

  /** Someone expected at a session. */
  public record Delegate(long settingId, String urn, String settingName, String managerId, boolean guest) {}

  private static final String SESSION = "select s.id, s.group_id, g.number as group_number, g.programme_id, s.number,"
      + " s.starts_at, s.minutes, s.place, s.status, s.revision, g.coach_id"
      + " from coaching_session s join coaching_group g on g.id = s.group_id";

  private final JdbcClient jdbc;
  private final IdentityService identity;

  Sessions(JdbcClient jdbc, @Lazy IdentityService identity) {
    this.jdbc = jdbc;
    this.identity = identity;
  }

  public Optional<Session> find(long id) {
    return jdbc.sql(SESSION + " where s.id = ?").param(id).query(this::session).optional();
  }

  public Optional<Session> find(long groupId, int number) {
    return jdbc.sql(SESSION + " where s.group_id = ? and s.number = ?").params(groupId, number).query(this::session).optional();
  }

  /** The session a step of the coaching processes is about: by its id, or by its group and number. */
  public Optional<Session> of(Long sessionId, Long groupId, Integer number) {
    if (sessionId != null) {
      return find(sessionId);
    }
    return groupId == null || number == null ? Optional.empty() : find(groupId, number);
  }

  public List<Session> ofGroup(long groupId) {
    return jdbc.sql(SESSION + " where s.group_id = ? order by s.number").param(groupId).query(this::session).list();
  }

  void add(long groupId, int number, Instant startsAt, int minutes, String place) {
    jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status) values (?, ?, ?, ?, ?, 'SCHEDULED')")
        .params(groupId, number, Timestamp.from(startsAt), minutes, place).update();
    find(groupId, number).ifPresent(session -> recordChange(session.id(), "SCHEDULED", startsAt, minutes, place));
  }

  void change(long id, Instant startsAt, int minutes, String place, String status) {
    jdbc.sql("update coaching_session set starts_at = ?, minutes = ?, place = ?, status = ?, revision = revision + 1 where id = ?")
        .params(Timestamp.from(startsAt), minutes, place, status, id).update();
    recordChange(id, "CANCELLED".equals(status) ? "CANCELLED" : "CHANGED", startsAt, minutes, place);
  }

  /** Cancels the session if it is not cancelled and still at {@code revisionWas}, in one update, so only one caller can. */
  boolean cancelIfStill(long id, int revisionWas) {
    boolean cancelled = jdbc.sql("update coaching_session set status = 'CANCELLED', revision = revision + 1"
            + " where id = ? and status <> 'CANCELLED' and revision = ?")
        .params(id, revisionWas).update() == 1;
    if (cancelled) {
      Session session = find(id).orElseThrow();
      recordChange(id, "CANCELLED", session.startsAt(), session.minutes(), session.place());
    }
    return cancelled;
  }

  /** Who did it, for the audit trail (session_change): the signed-in person or REST caller, else the system. */
  private void recordChange(long sessionId, String kind, Instant startsAt, int minutes, String place) {
    Authentication caller = identity.getCurrentAuthentication();
    jdbc.sql("insert into session_change (session_id, kind, starts_at, minutes, place, changed_by, changed_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(sessionId, kind, Timestamp.from(startsAt), minutes, place,
            caller == null || caller.getUserId() == null ? "system" : caller.getUserId(), EngineTime.now())
        .update();
  }

  /** The group's enrolled delegates and the session's catch-up guests. */
  public List<Delegate> expected(long sessionId) {
    return jdbc.sql("select s.id as setting_id, s.urn, s.name as setting_name, s.manager_user_id as manager_id, false as guest"
            + " from coaching_session cs join group_member m on m.group_id = cs.group_id join setting s on s.id = m.setting_id"
            + " join enrolment e on e.setting_id = s.id and e.programme_id = m.programme_id"
            + " where cs.id = ? and e.status = 'ENROLLED'"
            + " union all select s.id, s.urn, s.name, s.manager_user_id, true from session_guest gu"
            + " join setting s on s.id = gu.setting_id where gu.session_id = ? order by 3, 2")
        .params(sessionId, sessionId).query(Rows.of(Delegate.class)).list();
  }

  /** Whether the setting attended each session where attendance was recorded, by session id. */
  public java.util.Map<Long, Boolean> attendanceOf(long settingId) {
    java.util.Map<Long, Boolean> attended = new java.util.HashMap<>();
    jdbc.sql("select session_id, attended from attendance where setting_id = ?").param(settingId)
        .query((rs, row) -> attended.put(rs.getLong("session_id"), rs.getBoolean("attended"))).list();
    return attended;
  }

  /** The other groups' sessions the setting was invited to as a catch-up guest. */
  public List<Session> guestSessionsOf(long settingId) {
    return jdbc.sql(SESSION + " join session_guest gu on gu.session_id = s.id where gu.setting_id = ? order by s.starts_at")
        .param(settingId).query(this::session).list();
  }

  void addGuest(long sessionId, long settingId) {
    if (jdbc.sql("select count(*) from session_guest where session_id = ? and setting_id = ?").params(sessionId, settingId)
        .query(Integer.class).single() == 0) {
      jdbc.sql("insert into session_guest (session_id, setting_id) values (?, ?)").params(sessionId, settingId).update();
    }
  }

  /** Records who attended; someone already recorded for this session stays as first recorded. */
  void recordAttendance(long sessionId, List<Delegate> expected, Set<String> attendedUrns, String by) {
    for (Delegate delegate : expected) {
      if (jdbc.sql("select count(*) from attendance where session_id = ? and setting_id = ?")
          .params(sessionId, delegate.settingId()).query(Integer.class).single() == 0) {
        jdbc.sql("insert into attendance (session_id, setting_id, attended, recorded_by, recorded_at) values (?, ?, ?, ?, ?)")
            .params(sessionId, delegate.settingId(), attendedUrns.contains(delegate.urn()), by, EngineTime.now()).update();
      }
    }
  }

  /** The session numbers a setting has neither attended (in any group) nor had waived. */
  public List<Integer> missing(long programmeId, long settingId, int sessionCount) {
    Set<Integer> done = Set.copyOf(jdbc.sql("select cs.number from attendance a join coaching_session cs on cs.id = a.session_id"
            + " join coaching_group g on g.id = cs.group_id where g.programme_id = ? and a.setting_id = ? and a.attended"
            + " union select session_number from delegate_decision where programme_id = ? and setting_id = ? and decision = 'WAIVED'")
        .params(programmeId, settingId, programmeId, settingId).query(Integer.class).list());
    return java.util.stream.IntStream.rangeClosed(1, sessionCount).filter(n -> !done.contains(n)).boxed().toList();
  }

  /** Waives every session the setting still misses: the coordinator's "waive" of a missed session, which passes the attendance gate. */
  public void waiveMissing(long programmeId, long settingId, int sessionCount, String reason, String by) {
    missing(programmeId, settingId, sessionCount).forEach(n -> decide(programmeId, settingId, "WAIVED", n, reason, by));
  }

  /** Other groups' sessions of this number still to come: where a delegate can catch up. */
  public List<Session> catchUps(long programmeId, long ownGroupId, int number) {
    return jdbc.sql(SESSION + " where g.programme_id = ? and s.group_id <> ? and s.number = ? and s.status = 'SCHEDULED'"
            + " and s.starts_at > ? order by s.starts_at")
        .params(programmeId, ownGroupId, number, EngineTime.now()).query(this::session).list();
  }

  void decide(long programmeId, long settingId, String decision, Integer sessionNumber, String reason, String by) {
    jdbc.sql("insert into delegate_decision (programme_id, setting_id, decision, session_number, reason, decided_by, decided_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(programmeId, settingId, decision, sessionNumber, reason, by, EngineTime.now()).update();
  }

  void feedback(long sessionId, long settingId, int rating, String comment) {
    jdbc.sql("insert into session_feedback (session_id, setting_id, rating, comment, submitted_at) values (?, ?, ?, ?, ?)")
        .params(sessionId, settingId, rating, comment, EngineTime.now()).update();
  }

  private Session session(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Session(rs.getLong("id"), rs.getLong("group_id"), rs.getInt("group_number"), rs.getLong("programme_id"),
        rs.getInt("number"), rs.getTimestamp("starts_at").toInstant(), rs.getInt("minutes"), rs.getString("place"),
        rs.getString("status"), rs.getInt("revision"), rs.getString("coach_id"));
  }

}
