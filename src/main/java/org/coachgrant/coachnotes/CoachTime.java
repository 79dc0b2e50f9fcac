package org.coachgrant.coachnotes;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.format.Formats;
import org.coachgrant.format.WebFormat;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.time.EngineTime;
import org.coachgrant.web.Workspace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The time a coach records for a group they coach (issue 24, point 5): a day, a kind (the session itself,
 * preparation, a follow-up call), a duration and an optional note. Each coach lists, changes and deletes their own
 * entries only; the programme's dashboard and report add them up against the plan.
 */
@Service
@Transactional
public class CoachTime {

  /** The kinds of time, as stored and as a person reads them. */
  public static final Map<String, String> KINDS = kinds();

  /** The longest entry: a long day's work. */
  static final int MAX_MINUTES = 12 * 60;

  /** How long before the programme's first session preparation may start. */
  static final int DAYS_BEFORE_FIRST_SESSION = 90;

  static final int MAX_NOTE = 500;

  private static final Set<String> FIELDS = Set.of("date", "kind", "hours", "minutes", "note");

  public record Entry(long id, long groupId, String coachId, LocalDate workedOn, String kind, int minutes, String note,
      Instant recordedAt) {

    public String kindLabel() {
      return KINDS.getOrDefault(kind, kind);
    }

    public String duration() {
      return CoachTime.duration(minutes);
    }

    /** The day, as en-GB writes it: "9 June 2027". */
    public String day() {
      return Formats.date(workedOn);
    }

    public int wholeHours() {
      return minutes / 60;
    }

    public int minutesPast() {
      return minutes % 60;
    }
  }

  /** What a form or a JSON body asks to record, checked. */
  record Input(LocalDate workedOn, String kind, int minutes, String note) {}

  private final JdbcClient jdbc;
  private final CoachingNotes notes;
  private final ProgrammeRepository programmes;
  private final WebFormat fmt;

  CoachTime(JdbcClient jdbc, CoachingNotes notes, ProgrammeRepository programmes, WebFormat fmt) {
    this.jdbc = jdbc;
    this.notes = notes;
    this.programmes = programmes;
    this.fmt = fmt;
  }

  private static Map<String, String> kinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    kinds.put("SESSION", "Session");
    kinds.put("PREPARATION", "Preparation");
    kinds.put("FOLLOW_UP", "Follow-up call");
    return java.util.Collections.unmodifiableMap(kinds);
  }

  /** "2 h 30 min", "45 min", "3 h". */
  public static String duration(long minutes) {
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours == 0 ? rest + " min" : rest == 0 ? hours + " h" : hours + " h " + rest + " min";
  }

  /** The coach's own entries for the group, latest day first; 404 for a group they do not coach. */
  @Transactional(readOnly = true)
  public List<Entry> entries(String coachId, long groupId) {
    notes.coachedGroup(coachId, groupId);
    return jdbc.sql("select id, group_id, coach_id, worked_on, kind, minutes, note, recorded_at from coach_time"
            + " where group_id = ? and coach_id = ? order by worked_on desc, id desc")
        .params(groupId, coachId).query(CoachTime::entry).list();
  }

  public Entry record(String coachId, long groupId, Map<String, ?> values) {
    CoachingGroups.Group group = notes.coachedGroup(coachId, groupId);
    Input input = input(values, programmeOf(group.id()));
    withinADay(coachId, input, null);
    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql("insert into coach_time (group_id, coach_id, worked_on, kind, minutes, note, recorded_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(groupId, coachId, Date.valueOf(input.workedOn()), input.kind(), input.minutes(), input.note(), EngineTime.now())
        .update(keys, "id");
    return entry(coachId, groupId, keys.getKey().longValue());
  }

  public Entry change(String coachId, long groupId, long id, Map<String, ?> values) {
    entry(coachId, groupId, id);
    Input input = input(values, programmeOf(groupId));
    withinADay(coachId, input, id);
    jdbc.sql("update coach_time set worked_on = ?, kind = ?, minutes = ?, note = ?, recorded_at = ? where id = ?")
        .params(Date.valueOf(input.workedOn()), input.kind(), input.minutes(), input.note(), EngineTime.now(), id).update();
    return entry(coachId, groupId, id);
  }

  /**
   * Every problem of the values of an entry for the coach's group ({@code replacing} the entry being changed, or null),
   * in the form's order, each naming its field: the page shows them all beside their fields. Empty when
   * {@link #record} or {@link #change} would store them. 404 for a group the coach does not coach.
   */
  public List<InvalidInputException> problems(String coachId, long groupId, Map<String, ?> values, Long replacing) {
    notes.coachedGroup(coachId, groupId);
    List<InvalidInputException> problems = new ArrayList<>();
    Input input = input(values, programmeOf(groupId), problems);
    if (input != null) {
      Inputs.check(problems, () -> {
        withinADay(coachId, input, replacing);
        return null;
      });
    }
    return problems;
  }

  /** A coach's entries on one day, in every group and programme, add up to at most 24 hours. */
  private void withinADay(String coachId, Input input, Long replacing) {
    long already = jdbc.sql("select coalesce(sum(minutes), 0) from coach_time where coach_id = ? and worked_on = ?"
            + " and id <> ?").params(coachId, Date.valueOf(input.workedOn()), replacing == null ? -1L : replacing)
        .query(Long.class).single();
    if (already + input.minutes() > 24 * 60) {
      throw new InvalidInputException("minutes", "a day has 24 hours: you have already recorded " + duration(already)
          + " on " + Formats.date(input.workedOn()) + ", so at most " + duration(Math.max(0, 24 * 60 - already)) + " more");
    }
  }

  public void delete(String coachId, long groupId, long id) {
    entry(coachId, groupId, id);
    jdbc.sql("delete from coach_time where id = ?").param(id).update();
  }

  /** One of the coach's own entries for a group they coach; 404 otherwise. */
  @Transactional(readOnly = true)
  public Entry entry(String coachId, long groupId, long id) {
    notes.coachedGroup(coachId, groupId);
    return jdbc.sql("select id, group_id, coach_id, worked_on, kind, minutes, note, recorded_at from coach_time"
            + " where id = ? and group_id = ? and coach_id = ?")
        .params(id, groupId, coachId).query(CoachTime::entry).optional()
        .orElseThrow(() -> Workspace.notFound("No time entry " + id + " of yours in group " + groupId));
  }

  Programme programmeOf(long groupId) {
    long programmeId = jdbc.sql("select programme_id from coaching_group where id = ?").param(groupId).query(Long.class).single();
    return programmes.findProgramme(programmeId).orElseThrow();
  }

  /**
   * The entry's values, checked: the kind from {@link #KINDS}; hours (0 to 12) and minutes, or minutes alone, adding up
   * to more than none and at most 12 hours; a day from {@value #DAYS_BEFORE_FIRST_SESSION} days before the programme's
   * first session (or before today, if none is scheduled) up to today, in the programme's zone.
   */
  Input input(Map<String, ?> values, Programme programme) {
    List<InvalidInputException> problems = new ArrayList<>();
    Input input = input(values, programme, problems);
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    return input;
  }

  /** The values checked, or null with every problem added to {@code problems}, in the form's order. */
  private Input input(Map<String, ?> values, Programme programme, List<InvalidInputException> problems) {
    values.keySet().stream().filter(name -> !FIELDS.contains(name) && !"_csrf".equals(name)).sorted()
        .forEach(name -> problems.add(new InvalidInputException(name,
            "is not a field of a time entry (date, kind, hours, minutes, note)")));
    Inputs in = new Inputs(new java.util.HashMap<>(values));
    LocalDate day = Inputs.check(problems, () -> day(in, programme));
    String kind = Inputs.check(problems, () -> in.choice("kind", KINDS.keySet()));
    Integer hours = Inputs.check(problems, () -> in.has("hours")
        ? Inputs.wholeNumber("hours", in.value("hours"), 0, MAX_MINUTES / 60) : 0);
    Integer minutes = Inputs.check(problems, () -> in.has("minutes")
        ? Inputs.wholeNumber("minutes", in.value("minutes"), 0, in.has("hours") ? 59 : MAX_MINUTES) : 0);
    Integer total = hours == null || minutes == null ? null : Inputs.check(problems, () -> {
      int sum = hours * 60 + minutes;
      if (sum <= 0) {
        throw new InvalidInputException("minutes", "the time must be more than none: give the hours, the minutes or both");
      }
      if (sum > MAX_MINUTES) {
        throw new InvalidInputException("minutes", "the time must be at most 12 hours (was " + duration(sum) + ")");
      }
      return sum;
    });
    String note = Inputs.check(problems, () -> in.optionalText("note", MAX_NOTE));
    return problems.isEmpty() ? new Input(day, kind, total, note) : null;
  }

  /** The day worked: from {@value #DAYS_BEFORE_FIRST_SESSION} days before the first session up to today. */
  private LocalDate day(Inputs in, Programme programme) {
    LocalDate day = in.date("date");
    LocalDate today = EngineTime.now().toInstant().atZone(fmt.zone(programme.timeZone())).toLocalDate();
    LocalDate first = jdbc.sql("select min(cs.starts_at) from coaching_session cs join coaching_group g on g.id = cs.group_id"
            + " where g.programme_id = ?").param(programme.id()).query(java.sql.Timestamp.class).optional()
        .map(t -> t.toInstant().atZone(fmt.zone(programme.timeZone())).toLocalDate()).orElse(today);
    LocalDate earliest = (first.isBefore(today) ? first : today).minusDays(DAYS_BEFORE_FIRST_SESSION);
    if (day.isAfter(today)) {
      throw new InvalidInputException("date", "must not be in the future (today is " + Formats.date(today) + ")");
    }
    if (day.isBefore(earliest)) {
      throw new InvalidInputException("date", "must be on or after " + Formats.date(earliest) + ", "
          + DAYS_BEFORE_FIRST_SESSION + " days before the programme's first session");
    }
    return day;
  }

  private static Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Entry(rs.getLong("id"), rs.getLong("group_id"), rs.getString("coach_id"), rs.getDate("worked_on").toLocalDate(),
        rs.getString("kind"), rs.getInt("minutes"), rs.getString("note"), rs.getTimestamp("recorded_at").toInstant());
  }
}
