package org.coachgrant.resources;

import java.util.ArrayList;
import java.util.List;
import org.coachgrant.security.Callers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The resources of a delegate's sessions, for their page ({@code views/resources/my.html} on {@code /my}): their
 * group's sessions and the sessions they catch up in, of one programme, for the person signed in.
 */
@Component("myResources")
public class MyResources {

  /** A session's resources as the delegate reads them: "Session 2 (catch-up)" and its links and files. */
  public record SessionPart(String title, List<SessionResources.Resource> resources) {}

  private final JdbcClient jdbc;
  private final Callers callers;
  private final SessionResources resources;

  MyResources(JdbcClient jdbc, Callers callers, SessionResources resources) {
    this.jdbc = jdbc;
    this.callers = callers;
    this.resources = resources;
  }

  public List<SessionPart> of(long programmeId) {
    String userId = callers.current().getUserId();
    List<SessionPart> parts = new ArrayList<>();
    jdbc.sql("select cs.id, cs.number, false as guest from coaching_session cs join coaching_group g on g.id = cs.group_id"
            + " join group_member m on m.group_id = g.id join setting st on st.id = m.setting_id"
            + " where g.programme_id = ? and st.manager_user_id = ?"
            + " union select cs.id, cs.number, true as guest from coaching_session cs join coaching_group g on g.id = cs.group_id"
            + " join session_guest gu on gu.session_id = cs.id join setting st on st.id = gu.setting_id"
            + " where g.programme_id = ? and st.manager_user_id = ? order by 2, 3")
        .params(programmeId, userId, programmeId, userId)
        .query((rs, row) -> new Object[] {rs.getLong(1), rs.getInt(2), rs.getBoolean(3)}).list()
        .forEach(s -> {
          List<SessionResources.Resource> attached = resources.ofSession((Long) s[0]);
          if (!attached.isEmpty()) {
            parts.add(new SessionPart("Session " + s[1] + ((Boolean) s[2] ? " (catch-up)" : ""), attached));
          }
        });
    return parts;
  }
}
