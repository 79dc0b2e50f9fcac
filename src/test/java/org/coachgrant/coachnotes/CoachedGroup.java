package org.coachgrant.coachnotes;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A coaching group made for a test: its coach, its delegates' settings, and sessions a week apart, the last yesterday. */
record CoachedGroup(long id, int number, String coach, List<Long> sessionIds) {

  static CoachedGroup of(JdbcClient jdbc, long programmeId, int number, String coach, int sessions, long... settingIds) {
    jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, ?, ?)").params(programmeId, number, coach).update();
    long group = jdbc.sql("select id from coaching_group where programme_id = ? and number = ?").params(programmeId, number)
        .query(Long.class).single();
    for (long setting : settingIds) {
      jdbc.sql("insert into group_member (programme_id, group_id, setting_id) values (?, ?, ?)").params(programmeId, group, setting)
          .update();
    }
    Instant yesterday = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.DAYS);
    for (int n = 1; n <= sessions; n++) {
      jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status) values (?, ?, ?, 120, ?, 'SCHEDULED')")
          .params(group, n, Timestamp.from(yesterday.minus(7L * (sessions - n), ChronoUnit.DAYS)), "Library room " + n).update();
    }
    return new CoachedGroup(group, number, coach, jdbc.sql("select id from coaching_session where group_id = ? order by number")
        .param(group).query(Long.class).list());
  }

  void attended(JdbcClient jdbc, int session, long settingId, boolean came) {
    jdbc.sql("insert into attendance (session_id, setting_id, attended, recorded_by, recorded_at) values (?, ?, ?, ?, ?)")
        .params(sessionIds.get(session - 1), settingId, came, coach, Timestamp.from(Instant.now())).update();
  }

  void guest(JdbcClient jdbc, int session, long settingId) {
    jdbc.sql("insert into session_guest (session_id, setting_id) values (?, ?)").params(sessionIds.get(session - 1), settingId).update();
  }

  void feedback(JdbcClient jdbc, int session, long settingId, int rating) {
    jdbc.sql("insert into session_feedback (session_id, setting_id, rating, comment, submitted_at) values (?, ?, ?, null, ?)")
        .params(sessionIds.get(session - 1), settingId, rating, Timestamp.from(Instant.now())).update();
  }
}
