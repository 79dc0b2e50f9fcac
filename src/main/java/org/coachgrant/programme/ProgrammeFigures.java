package org.coachgrant.programme;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.coachgrant.goals.CoachingGoals;
import org.coachgrant.system.Rows;
import org.coachgrant.format.Formats;
import org.coachgrant.format.WebFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The figures a coordinator watches, read with SQL aggregates: a 10,000-setting programme's dashboard
 * counts in the database and never loads its rows. Lists are paged or limited.
 *
 * <p>Every count, list and average is as its {@code viewer} may see it: the settings they manage or are
 * linked to (a reviewer who coaches one, say) are left out, as if not there. The budget's totals are the
 * programme's own money and include every grant.
 */
@Repository
public class ProgrammeFigures {

  /** A grant released for payment, whether or not it has been closed since. */
  private static final String PAID_OUT = "('RELEASED', 'CLOSED', 'CLOSED_NOT_REPORTED')";

  /** The funnel's stages, in order; each is also a filter of the settings list. */
  public enum Stage {
    ENROLLED("Enrolled"), ALLOCATED("Allocated to a group"), ATTENDED("Attended every session"),
    REQUESTED("Plan requested"), SUBMITTED("Plan submitted"), APPROVED("Plan approved"), RELEASED("Grant released"),
    IMPACT("Impact reported"), IN_USE("Learning still in use");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String slug() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Stage> of(String slug) {
      return Arrays.stream(values()).filter(s -> s.slug().equals(slug)).findFirst();
    }
  }

  public record FunnelStep(Stage stage, long count) {}

  public record Headline(String code, String name, BigDecimal budget, BigDecimal committed, long enrolled,
      long submitted, long released) {
    public BigDecimal remaining() {
      return budget.subtract(committed);
    }
  }

  public record Budget(BigDecimal total, BigDecimal committed, BigDecimal released) {
    public BigDecimal remaining() {
      return total.subtract(committed);
    }

    /** Committed but not yet released for payment. */
    public BigDecimal committedUnreleased() {
      return committed.subtract(released);
    }
  }

  public record LedgerEntry(String entryType, BigDecimal amount, String recordedBy, Timestamp recordedAt, String note) {}

  public record SessionAttendance(int groupNumber, int sessionNumber, Timestamp startsAt, String place, String status,
      long sessionId, long expected, long attended, long recorded) {}

  public record Feedback(int groupNumber, int sessionNumber, long responses, BigDecimal average) {}

  public record Comment(int groupNumber, int sessionNumber, int rating, String comment) {}

  public record SettingRow(String urn, String name, String managerName, String planStatus, Integer groupNumber) {}

  public record PlanRow(int version, BigDecimal totalRequested, String submittedBy, Timestamp submittedAt) {}

  public record DecisionRow(int planVersion, String decision, String decidedBy, Timestamp decidedAt, String reason) {}

  public record GrantRow(String urn, String settingName, String reference, BigDecimal amount, String status,
      Timestamp committedAt, Timestamp releasedAt, String approvers) {}

  public record AttendanceRow(String urn, String settingName, int groupNumber, int sessionNumber, Timestamp startsAt,
      String status, String attended) {}

  public record EmailRow(String template, String subject, String status, Timestamp createdAt) {}

  /** A setting {@code s} that {@code :viewer} may see: not one they are linked to, or manage. */
  private static final String SEEN = "not exists (select 1 from setting_link l where l.setting_id = s.id"
      + " and l.user_id = :viewer) and s.manager_user_id <> :viewer";
  private static final String NOT_LINKED = " and " + SEEN;

  /** The same, for the setting id of another table's row. */
  private static String visible(String settingId) {
    return " and " + settingId + " in (select s.id from setting s where " + SEEN + ")";
  }

  private static final String ATTENDED_ALL = "select a.setting_id from attendance a join coaching_session cs on cs.id = a.session_id"
      + " join coaching_group g on g.id = cs.group_id where g.programme_id = :p and a.attended"
      + " group by a.setting_id having count(distinct cs.number) >= (select session_count from programme where id = :p)";

  private final JdbcClient jdbc;

  private final WebFormat fmt;

  /**
   * A group whose last session falls after the plan deadline: its delegates finish their coaching too late to
   * submit a plan in time. Said, not refused: the coordinator may mean to move the deadline or the session.
   */
  public record LateGroup(int number, java.time.LocalDate lastSession, java.time.LocalDate deadline) {
    /** "Group 3's last session is on 13 July 2027, after the plan deadline of 30 June 2027: …". */
    public String sentence() {
      return "Group " + number + "'s last session is on " + Formats.date(lastSession) + ", after the plan deadline of "
          + Formats.date(deadline) + ": its delegates cannot submit their plans in time."
          + " Move the sessions earlier, or the deadline later.";
    }
  }

  /** The groups whose last session still to happen (not cancelled) is later, in the programme's zone, than its plan deadline. */
  public List<LateGroup> groupsAfterDeadline(Programme programme) {
    java.time.ZoneId zone = fmt.zone(programme.timeZone());
    return jdbc.sql("select g.number, max(cs.starts_at) last_start from coaching_group g join coaching_session cs"
            + " on cs.group_id = g.id where g.programme_id = ? and cs.status <> 'CANCELLED' group by g.number order by g.number")
        .param(programme.id())
        .query((rs, row) -> new LateGroup(rs.getInt("number"),
            rs.getTimestamp("last_start").toInstant().atZone(zone).toLocalDate(), programme.planDeadline()))
        .list().stream().filter(g -> g.lastSession().isAfter(g.deadline())).toList();
  }

  private final CoachingGoals goals;

  ProgrammeFigures(JdbcClient jdbc, WebFormat fmt, CoachingGoals goals) {
    this.goals = goals;
    this.fmt = fmt;
    this.jdbc = jdbc;
  }

  /** Each programme's headline counts as {@code viewer} may see them: the same settings as {@link #funnel}. */
  public List<Headline> headlines(String viewer) {
    return jdbc.sql("select p.code, p.name, p.budget, p.committed,"
        + " (select count(*) from setting s where " + stageCondition(Stage.ENROLLED, "p.id") + NOT_LINKED + ") enrolled,"
        + " (select count(*) from setting s where " + stageCondition(Stage.SUBMITTED, "p.id") + NOT_LINKED + ") submitted,"
        + " (select count(*) from setting s where " + stageCondition(Stage.RELEASED, "p.id") + NOT_LINKED + ") released"
        + " from programme p order by p.code").param("viewer", viewer).query(Rows.of(Headline.class)).list();
  }

  /** The funnel as {@code viewer} may see it: a reviewer's counts leave out the settings they are linked to. */
  public List<FunnelStep> funnel(long programmeId, String viewer) {
    return Arrays.stream(Stage.values()).map(stage -> new FunnelStep(stage, count(programmeId, stage, viewer))).toList();
  }

  private long count(long programmeId, Stage stage, String viewer) {
    return jdbc.sql("select count(*) from setting s where " + stageCondition(stage, ":p") + NOT_LINKED)
        .param("p", programmeId).param("viewer", viewer).query(Long.class).single();
  }

  /** The settings of a stage, a page at a time. */
  public List<SettingRow> settings(long programmeId, Stage stage, String viewer, int offset, int limit) {
    return jdbc.sql("select s.urn, s.name, s.manager_name,"
            + " (select t.status from training_plan t where t.programme_id = :p and t.setting_id = s.id) plan_status,"
            + " (select g.number from group_member m join coaching_group g on g.id = m.group_id"
            + "   where m.programme_id = :p and m.setting_id = s.id) group_number"
            + " from setting s where " + stageCondition(stage, ":p") + NOT_LINKED + " order by s.name, s.urn"
            + " offset " + Math.max(0, offset) + " rows fetch next " + Math.max(1, limit) + " rows only")
        .param("p", programmeId).param("viewer", viewer).query(Rows.of(SettingRow.class)).list();
  }

  /**
   * The settings at a stage, as a set of the programme's own rows ({@code s.id in (...)}, never a subquery per
   * setting of every programme): the database reads the programme's enrolments, plans or grants once through their
   * programme index, so a count stays an aggregate whatever the number of settings (issue 12's benchmark).
   */
  private static String stageCondition(Stage stage, String programme) {
    String enrolled = "s.id in (select e.setting_id from enrolment e where e.programme_id = " + programme
        + " and e.status = 'ENROLLED')";
    String plans = "s.id in (select t.setting_id from training_plan t where t.programme_id = " + programme;
    String grants = "s.id in (select t.setting_id from training_grant g join training_plan t on t.id = g.plan_id"
        + " where g.programme_id = " + programme;
    return switch (stage) {
      case ENROLLED -> enrolled;
      case ALLOCATED -> enrolled + " and s.id in (select m.setting_id from group_member m where m.programme_id = " + programme + ")";
      case ATTENDED -> "s.id in (" + ATTENDED_ALL.replace(":p", programme) + ")";
      case REQUESTED -> plans + ")";
      case SUBMITTED -> plans + " and t.current_version > 0)";
      case APPROVED -> plans + " and t.status in ('APPROVED', 'WAIT_LISTED', 'FUNDED'))";
      case RELEASED -> grants + " and g.status in " + PAID_OUT + ")";
      case IMPACT -> grants + " and g.status = 'CLOSED')";
      case IN_USE -> "s.id in (select t.setting_id from training_grant g join training_plan t on t.id = g.plan_id"
          + " join learning_follow_up f on f.grant_id = g.id"
          + " where g.programme_id = " + programme + " and f.learning_in_use in ('yes', 'partly'))";
    };
  }

  public Budget budget(long programmeId) {
    // a closed grant was paid out less what came back to the budget
    return jdbc.sql("select p.budget, p.committed, coalesce((select sum(g.amount - coalesce(g.returned_amount, 0))"
            + " from training_grant g where g.programme_id = p.id and g.status in " + PAID_OUT + "), 0) released"
            + " from programme p where p.id = ?")
        .param(programmeId).query((rs, n) -> new Budget(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3)))
        .single();
  }

  /** The ledger without the grants of settings {@code viewer} may not see; top-ups belong to no setting. */
  public List<LedgerEntry> ledger(long programmeId, String viewer, int limit) {
    return jdbc.sql("select b.entry_type, b.amount, b.recorded_by, b.recorded_at, b.note from budget_ledger b"
            + " where b.programme_id = :p and (b.grant_id is null or b.grant_id in (select g.id from training_grant g"
            + "   join training_plan t on t.id = g.plan_id where g.programme_id = :p" + visible("t.setting_id") + "))"
            + " order by b.recorded_at desc, b.id desc fetch first " + limit + " rows only")
        .param("p", programmeId).param("viewer", viewer).query(Rows.of(LedgerEntry.class)).list();
  }

  public List<SessionAttendance> attendance(long programmeId, String viewer) {
    return jdbc.sql("select g.number group_number, cs.number session_number, cs.starts_at, cs.place, cs.status,"
            + " cs.id session_id,"
            + " (select count(*) from group_member m where m.group_id = g.id" + visible("m.setting_id") + ")"
            + "   + (select count(*) from session_guest sg where sg.session_id = cs.id" + visible("sg.setting_id") + ") expected,"
            + " (select count(*) from attendance a where a.session_id = cs.id and a.attended" + visible("a.setting_id") + ") attended,"
            + " (select count(*) from attendance a where a.session_id = cs.id" + visible("a.setting_id") + ") recorded"
            + " from coaching_session cs join coaching_group g on g.id = cs.group_id where g.programme_id = :p"
            + " order by g.number, cs.number")
        .param("p", programmeId).param("viewer", viewer).query(Rows.of(SessionAttendance.class)).list();
  }

  public List<Feedback> feedback(long programmeId, String viewer) {
    return jdbc.sql("select g.number group_number, cs.number session_number, count(*) responses,"
            + " cast(avg(cast(f.rating as decimal(4, 2))) as decimal(4, 1)) average"
            + " from session_feedback f join coaching_session cs on cs.id = f.session_id"
            + " join coaching_group g on g.id = cs.group_id where g.programme_id = :p" + visible("f.setting_id")
            + " group by g.number, cs.number order by g.number, cs.number")
        .param("p", programmeId).param("viewer", viewer).query(Rows.of(Feedback.class)).list();
  }

  /**
   * Planned preparation for each session, on top of the session itself (docs/coordinators-guide.md, "Coaching
   * hours"): an hour, whatever the session's length.
   */
  public static final int PREPARATION_MINUTES_PER_SESSION = 60;

  /** The programme's coaching time: what the coaches recorded, and the plan (groups × sessions × (length + preparation)). */
  public record CoachingHours(long groups, long plannedMinutes, long recordedMinutes) {
    /** "18 h". */
    public String planned() {
      return Formats.hours(plannedMinutes);
    }

    /** "4.3 h". */
    public String recorded() {
      return Formats.hours(recordedMinutes);
    }

    /** Recorded as a whole percentage of the plan; 0 when nothing is planned yet. */
    public long percent() {
      return plannedMinutes == 0 ? 0 : Math.round(100.0 * recordedMinutes / plannedMinutes);
    }
  }

  /**
   * A group's or a coach's coaching, as coordinators see it: feedback ratings and hours, never what a coach wrote about
   * a delegate, nor their goals' words: how many goals the delegates set, and how many of them their coach found
   * achieved by session 3.
   */
  public record CoachingRow(String label, String coach, long groups, long responses, BigDecimal average,
      long recordedMinutes, long plannedMinutes, long goalsSet, long goalsAchieved) {
    /** "3.5 h"; a spreadsheet gets {@link ProgrammeFigures#hours(long)} instead. */
    public String recorded() {
      return Formats.hours(recordedMinutes);
    }

    public String planned() {
      return Formats.hours(plannedMinutes);
    }
  }

  /** The programme's coaching goals in a line: how many set, how many achieved by session 3 (never their words). */
  public static String goalsLine(List<CoachingRow> groups) {
    return "Coaching goals: " + Formats.number(groups.stream().mapToLong(CoachingRow::goalsSet).sum()) + " set, "
        + Formats.number(groups.stream().mapToLong(CoachingRow::goalsAchieved).sum()) + " achieved by session 3.";
  }

  /** Hours and minutes, as a figure a spreadsheet reads (no unit, no thousands separator): "1234.5" for 1,234 h 30 min. */
  public static String hours(long minutes) {
    return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 1, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  private static final String PLANNED_PER_GROUP = "p.session_count * (p.session_minutes + " + PREPARATION_MINUTES_PER_SESSION + ")";

  public CoachingHours coachingHours(long programmeId) {
    return jdbc.sql("select count(*) group_count, coalesce(sum(" + PLANNED_PER_GROUP + "), 0) planned_minutes,"
            + " (select coalesce(sum(t.minutes), 0) from coach_time t join coaching_group g2 on g2.id = t.group_id"
            + "   where g2.programme_id = :p) recorded_minutes"
            + " from coaching_group g join programme p on p.id = g.programme_id where g.programme_id = :p")
        .param("p", programmeId)
        .query((rs, row) -> new CoachingHours(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
  }

  /** Each group: its coach, its delegates' feedback (as {@code viewer} may see it) and its hours against its plan. */
  public List<CoachingRow> coachingByGroup(long programmeId, String viewer) {
    return coachingRows(programmeId, viewer).stream().map(GroupCoaching::row).toList();
  }

  /** Each coach: the groups they coach, those groups' feedback, and the hours they recorded in the programme. */
  public List<CoachingRow> coachingByCoach(long programmeId, String viewer) {
    java.util.Map<String, Long> recorded = new java.util.HashMap<>();
    jdbc.sql("select t.coach_id, sum(t.minutes) from coach_time t join coaching_group g on g.id = t.group_id"
            + " where g.programme_id = ? group by t.coach_id")
        .param(programmeId).query((rs, row) -> recorded.put(rs.getString(1), rs.getLong(2))).list();
    java.util.Map<String, java.util.List<GroupCoaching>> byCoach = new java.util.TreeMap<>();
    coachingRows(programmeId, viewer).forEach(g -> byCoach.computeIfAbsent(g.coachId(), c -> new java.util.ArrayList<>()).add(g));
    recorded.keySet().forEach(coach -> byCoach.computeIfAbsent(coach, c -> new java.util.ArrayList<>()));
    java.util.Map<String, String> names = coachNames(programmeId);
    return byCoach.entrySet().stream().map(e -> {
      List<GroupCoaching> groups = e.getValue();
      long responses = groups.stream().mapToLong(GroupCoaching::responses).sum();
      long ratings = groups.stream().mapToLong(GroupCoaching::ratingSum).sum();
      String name = names.getOrDefault(e.getKey(), e.getKey());
      return new CoachingRow(name, name, groups.size(), responses, average(ratings, responses),
          recorded.getOrDefault(e.getKey(), 0L), groups.stream().mapToLong(GroupCoaching::plannedMinutes).sum(),
          groups.stream().mapToLong(GroupCoaching::goalsSet).sum(), groups.stream().mapToLong(GroupCoaching::goalsAchieved).sum());
    }).toList();
  }

  private record GroupCoaching(int number, String coachId, String coachName, long responses, long ratingSum,
      long recordedMinutes, long plannedMinutes, long goalsSet, long goalsAchieved) {
    CoachingRow row() {
      return new CoachingRow("Group " + number, coachName, 1, responses, average(ratingSum, responses), recordedMinutes,
          plannedMinutes, goalsSet, goalsAchieved);
    }
  }

  private static BigDecimal average(long sum, long count) {
    return count == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 1, java.math.RoundingMode.HALF_UP);
  }

  private List<GroupCoaching> coachingRows(long programmeId, String viewer) {
    java.util.Map<String, String> names = coachNames(programmeId);
    java.util.Map<Integer, CoachingGoals.GroupCounts> goals = new java.util.HashMap<>();
    this.goals.countsPerGroup(programmeId).forEach(g -> goals.put(g.groupNumber(), g));
    CoachingGoals.GroupCounts none = new CoachingGoals.GroupCounts(0, 0, 0, 0, 0);
    String feedback = " from session_feedback f join coaching_session cs on cs.id = f.session_id where cs.group_id = g.id"
        + visible("f.setting_id");
    return jdbc.sql("select g.number, g.coach_id, (select count(*)" + feedback + ") responses,"
            + " (select coalesce(sum(f.rating), 0)" + feedback + ") rating_sum,"
            + " (select coalesce(sum(t.minutes), 0) from coach_time t where t.group_id = g.id) recorded_minutes,"
            + " " + PLANNED_PER_GROUP + " planned_minutes"
            + " from coaching_group g join programme p on p.id = g.programme_id where g.programme_id = :p order by g.number")
        .param("p", programmeId).param("viewer", viewer)
        .query((rs, row) -> new GroupCoaching(rs.getInt(1), rs.getString(2), names.getOrDefault(rs.getString(2), rs.getString(2)),
            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), goals.getOrDefault(rs.getInt(1), none).goalsSet(),
            goals.getOrDefault(rs.getInt(1), none).goalsAchievedBySession3()))
        .list();
  }

  /** The full names of the programme's coaches (and of anyone who recorded time in it), by user id. */
  private java.util.Map<String, String> coachNames(long programmeId) {
    java.util.Map<String, String> names = new java.util.HashMap<>();
    jdbc.sql("select u.id_, u.first_, u.last_ from act_id_user u where u.id_ in (select coach_id from coaching_group"
            + " where programme_id = :p union select t.coach_id from coach_time t join coaching_group g on g.id = t.group_id"
            + " where g.programme_id = :p)")
        .param("p", programmeId)
        .query((rs, row) -> {
          String name = ((rs.getString(2) == null ? "" : rs.getString(2)) + " " + (rs.getString(3) == null ? "" : rs.getString(3))).strip();
          return names.put(rs.getString(1), name.isEmpty() ? rs.getString(1) : name);
        }).list();
    return names;
  }

  public List<Comment> comments(long programmeId, String viewer, int limit) {
    return jdbc.sql("select g.number group_number, cs.number session_number, f.rating, f.comment"
            + " from session_feedback f join coaching_session cs on cs.id = f.session_id"
            + " join coaching_group g on g.id = cs.group_id where g.programme_id = :p and f.comment is not null"
            + " and f.comment <> ''" + visible("f.setting_id") + " order by f.submitted_at desc fetch first " + limit + " rows only")
        .param("p", programmeId).param("viewer", viewer).query(Rows.of(Comment.class)).list();
  }

  public long waitListed(long programmeId) {
    return jdbc.sql("select count(*) from training_plan where programme_id = ? and status = 'WAIT_LISTED'")
        .param(programmeId).query(Long.class).single();
  }

  /** Whether {@code viewer} manages or is linked to the setting: then they never see its page. */
  public boolean linked(long settingId, String viewer) {
    return jdbc.sql("select count(*) from setting s where s.id = :s and (s.manager_user_id = :viewer"
            + " or exists (select 1 from setting_link l where l.setting_id = s.id and l.user_id = :viewer))")
        .param("s", settingId).param("viewer", viewer).query(Long.class).single() > 0;
  }

  public Optional<Integer> groupOf(long programmeId, long settingId) {
    return jdbc.sql("select g.number from group_member m join coaching_group g on g.id = m.group_id"
        + " where m.programme_id = ? and m.setting_id = ?").params(programmeId, settingId).query(Integer.class).optional();
  }

  public long sessionsAttended(long programmeId, long settingId) {
    return jdbc.sql("select count(distinct cs.number) from attendance a join coaching_session cs on cs.id = a.session_id"
            + " join coaching_group g on g.id = cs.group_id where g.programme_id = ? and a.setting_id = ? and a.attended")
        .params(programmeId, settingId).query(Long.class).single();
  }

  public List<PlanRow> planVersions(long programmeId, long settingId) {
    return jdbc.sql("select v.version, v.total_requested, v.submitted_by, v.submitted_at from training_plan_version v"
            + " join training_plan t on t.id = v.plan_id where t.programme_id = ? and t.setting_id = ? order by v.version")
        .params(programmeId, settingId).query(Rows.of(PlanRow.class)).list();
  }

  public List<DecisionRow> decisions(long programmeId, long settingId) {
    return jdbc.sql("select d.plan_version, d.decision, d.decided_by, d.decided_at, d.reason from plan_decision d"
            + " join training_plan t on t.id = d.plan_id where t.programme_id = ? and t.setting_id = ? order by d.decided_at, d.id")
        .params(programmeId, settingId).query(Rows.of(DecisionRow.class)).list();
  }

  public List<EmailRow> emails(String settingManagerEmail, int limit) {
    return jdbc.sql("select template, subject, status, created_at from email_outbox where lower(recipient) = lower(?)"
            + " order by created_at desc fetch first " + limit + " rows only")
        .param(settingManagerEmail).query(Rows.of(EmailRow.class)).list();
  }

  /** The grant register: one row per grant, with who approved it (portable SQL, so the approvers are joined here). */
  public List<GrantRow> grants(long programmeId) {
    java.util.Map<Long, java.util.TreeSet<String>> approvers = new java.util.HashMap<>();
    jdbc.sql("select d.plan_id, d.decided_by from plan_decision d join training_grant g on g.plan_id = d.plan_id"
            + " where g.programme_id = ? and d.decision in ('APPROVED', 'SENIOR_APPROVED')")
        .param(programmeId).query((rs, n) -> approvers.computeIfAbsent(rs.getLong(1), k -> new java.util.TreeSet<>())
            .add(rs.getString(2))).list();
    return jdbc.sql("select g.plan_id, s.urn, s.name, g.reference, g.amount, g.status, g.committed_at, g.released_at"
            + " from training_grant g join training_plan t on t.id = g.plan_id join setting s on s.id = t.setting_id"
            + " where g.programme_id = ? order by g.committed_at, g.id")
        .param(programmeId).query((rs, n) -> new GrantRow(rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getBigDecimal(5), rs.getString(6), rs.getTimestamp(7), rs.getTimestamp(8),
            String.join(", ", approvers.getOrDefault(rs.getLong(1), new java.util.TreeSet<>())))).list();
  }

  public List<AttendanceRow> attendanceRegister(long programmeId) {
    return jdbc.sql("select s.urn, s.name setting_name, g.number group_number, cs.number session_number, cs.starts_at,"
            + " cs.status, case when a.id is null then 'not recorded' when a.attended then 'attended' else 'absent' end attended"
            + " from coaching_session cs join coaching_group g on g.id = cs.group_id"
            + " join (select m.group_id, m.setting_id, null session_id from group_member m where m.programme_id = :p"
            + "   union all select cs2.group_id, sg.setting_id, sg.session_id from session_guest sg"
            + "   join coaching_session cs2 on cs2.id = sg.session_id join coaching_group g2 on g2.id = cs2.group_id"
            + "   where g2.programme_id = :p) who on who.group_id = g.id and (who.session_id is null or who.session_id = cs.id)"
            + " join setting s on s.id = who.setting_id"
            + " left join attendance a on a.session_id = cs.id and a.setting_id = s.id"
            + " where g.programme_id = :p order by g.number, cs.number, s.name")
        .param("p", programmeId).query(Rows.of(AttendanceRow.class)).list();
  }
}
