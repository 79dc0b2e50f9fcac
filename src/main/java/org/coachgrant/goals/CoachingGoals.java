package org.coachgrant.goals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.system.Rows;
import org.coachgrant.time.EngineTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A manager's coaching goals in a programme (one to three, each with why it matters to the children and how they will
 * know it worked), every edit of them, and the coach's reviews in sessions 2 and 3. One rule for every door: the task's
 * form, {@code /my} and {@code /api/my/goals} all store through {@link #set}.
 */
@Service
@Transactional
public class CoachingGoals {

  public static final int MAX_GOALS = 3;
  public static final int MAX_TEXT = 500;
  /** What changed for one goal, in the impact report. */
  public static final int MAX_IMPACT = 2000;
  public static final Set<String> PROGRESS = Set.of("NOT_STARTED", "UNDER_WAY", "ACHIEVED");

  /** A goal as the manager writes it. */
  public record Goal(String goal, String whyItMatters, String howWeKnow) {}

  /** A goal as stored: its position (1 to 3) is how reviews, plan actions and the forms name it. */
  public record StoredGoal(long id, int position, String goal, String whyItMatters, String howWeKnow, String updatedBy,
      Instant updatedAt) {}

  public record HistoryEntry(int position, String change, String goal, String whyItMatters, String howWeKnow,
      String changedBy, Instant changedAt) {}

  public record Review(int position, int sessionNumber, String progress, String reflection, String goalReviewed,
      String reviewedBy, Instant reviewedAt) {

    /** The progress as a person reads it. */
    public String progressWords() {
      return words(progress);
    }
  }

  /** A coach's word on one goal in one session. */
  public record ReviewInput(int position, String progress, String reflection) {}

  /** The aggregates a coordinator sees for a group: no words, only counts. */
  public record GroupCounts(long groupId, int groupNumber, int managersWithGoals, int goalsSet, int goalsAchievedBySession3) {}

  private final JdbcClient jdbc;

  CoachingGoals(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The current goals, by position. */
  @Transactional(readOnly = true)
  public List<StoredGoal> current(long programmeId, long settingId) {
    return jdbc.sql("select id, position, goal, why_it_matters, how_we_know, updated_by, updated_at from coaching_goal"
            + " where programme_id = ? and setting_id = ? and not removed order by position")
        .params(programmeId, settingId).query(Rows.of(StoredGoal.class)).list();
  }

  @Transactional(readOnly = true)
  public List<HistoryEntry> history(long programmeId, long settingId) {
    return jdbc.sql("select g.position, h.change, h.goal, h.why_it_matters, h.how_we_know, h.changed_by, h.changed_at"
            + " from coaching_goal_history h join coaching_goal g on g.id = h.goal_id"
            + " where g.programme_id = ? and g.setting_id = ? order by h.changed_at, h.id")
        .params(programmeId, settingId).query(Rows.of(HistoryEntry.class)).list();
  }

  @Transactional(readOnly = true)
  public List<Review> reviews(long programmeId, long settingId) {
    return jdbc.sql("select g.position, r.session_number, r.progress, r.reflection, r.goal_reviewed, r.reviewed_by,"
            + " r.reviewed_at from coaching_goal_review r join coaching_goal g on g.id = r.goal_id"
            + " where g.programme_id = ? and g.setting_id = ? order by r.session_number, g.position")
        .params(programmeId, settingId).query(Rows.of(Review.class)).list();
  }

  /**
   * Replaces the manager's goals with {@code goals} (checked first: one to three, each part required and at most
   * {@value #MAX_TEXT} characters). A goal whose words change gets a history entry; one taken away is kept, marked
   * removed, for the reviews that name it.
   */
  public void set(long programmeId, long settingId, List<Goal> goals, String by) {
    List<Goal> checked = checked(goals);
    Timestamp now = EngineTime.now();
    Map<Integer, StoredGoal> before = new LinkedHashMap<>();
    jdbc.sql("select id, position, goal, why_it_matters, how_we_know, updated_by, updated_at from coaching_goal"
            + " where programme_id = ? and setting_id = ? and not removed")
        .params(programmeId, settingId).query(Rows.of(StoredGoal.class)).list().forEach(g -> before.put(g.position(), g));
    for (int position = 1; position <= MAX_GOALS; position++) {
      Goal goal = position <= checked.size() ? checked.get(position - 1) : null;
      StoredGoal was = before.get(position);
      if (goal == null) {
        if (was != null) {
          jdbc.sql("update coaching_goal set removed = true, updated_by = ?, updated_at = ? where id = ?")
              .params(by, now, was.id()).update();
          history(was.id(), "REMOVED", new Goal(was.goal(), was.whyItMatters(), was.howWeKnow()), by, now);
        }
        continue;
      }
      if (was != null && was.goal().equals(goal.goal()) && was.whyItMatters().equals(goal.whyItMatters())
          && was.howWeKnow().equals(goal.howWeKnow())) {
        continue;
      }
      Long id = jdbc.sql("select id from coaching_goal where programme_id = ? and setting_id = ? and position = ?")
          .params(programmeId, settingId, position).query(Long.class).optional().orElse(null);
      if (id == null) {
        jdbc.sql("insert into coaching_goal (programme_id, setting_id, position, goal, why_it_matters, how_we_know,"
                + " updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
            .params(programmeId, settingId, position, goal.goal(), goal.whyItMatters(), goal.howWeKnow(), by, now).update();
        id = jdbc.sql("select id from coaching_goal where programme_id = ? and setting_id = ? and position = ?")
            .params(programmeId, settingId, position).query(Long.class).single();
      } else {
        jdbc.sql("update coaching_goal set goal = ?, why_it_matters = ?, how_we_know = ?, removed = false, updated_by = ?,"
                + " updated_at = ? where id = ?")
            .params(goal.goal(), goal.whyItMatters(), goal.howWeKnow(), by, now, id).update();
      }
      history(id, was == null ? "SET" : "EDITED", goal, by, now);
    }
  }

  private void history(long goalId, String change, Goal goal, String by, Timestamp at) {
    jdbc.sql("insert into coaching_goal_history (goal_id, change, goal, why_it_matters, how_we_know, changed_by, changed_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)")
        .params(goalId, change, goal.goal(), goal.whyItMatters(), goal.howWeKnow(), by, at).update();
  }

  /** One to three goals, each part required and at most {@value #MAX_TEXT} characters: else 400 naming the field. */
  static List<Goal> checked(List<Goal> goals) {
    if (goals == null || goals.isEmpty()) {
      throw new InvalidInputException("goals", "must list one to " + MAX_GOALS + " goals (was none)");
    }
    if (goals.size() > MAX_GOALS) {
      throw new InvalidInputException("goals", "must list at most " + MAX_GOALS + " goals (was " + goals.size() + ")");
    }
    List<Goal> checked = new ArrayList<>();
    for (int i = 0; i < goals.size(); i++) {
      Goal goal = goals.get(i);
      String at = "goals[" + (i + 1) + "].";
      if (goal == null) {
        throw new InvalidInputException("goals[" + (i + 1) + "]", "is empty: write the goal, or leave it out");
      }
      checked.add(new Goal(part(at + "goal", goal.goal()), part(at + "whyItMatters", goal.whyItMatters()),
          part(at + "howWeKnow", goal.howWeKnow())));
    }
    return checked;
  }

  private static String part(String field, String value) {
    return new Inputs(value == null ? Map.of() : Map.of(field, value)).text(field, MAX_TEXT);
  }

  /** The goals a form submitted as {@code goal1, goalWhy1, goalKnow1 … goal3}: a goal left wholly blank is left out. */
  static List<Goal> fromForm(Inputs inputs) {
    List<Goal> goals = new ArrayList<>();
    for (int n = 1; n <= MAX_GOALS; n++) {
      String goal = "goal" + n;
      String why = "goalWhy" + n;
      String know = "goalKnow" + n;
      if (n > 1 && !inputs.has(goal) && !inputs.has(why) && !inputs.has(know)) {
        continue;
      }
      goals.add(new Goal(inputs.text(goal, MAX_TEXT), inputs.text(why, MAX_TEXT), inputs.text(know, MAX_TEXT)));
    }
    return goals;
  }

  /** Stores the coach's review of each current goal in the session; a goal reviewed there already keeps its first review. */
  public void review(long programmeId, long settingId, long sessionId, int sessionNumber, List<ReviewInput> reviews,
      String by) {
    Timestamp now = EngineTime.now();
    List<StoredGoal> goals = current(programmeId, settingId);
    for (ReviewInput review : reviews) {
      StoredGoal goal = goals.stream().filter(g -> g.position() == review.position()).findFirst()
          .orElseThrow(() -> new InvalidInputException("progress" + review.position(), "there is no goal " + review.position()));
      if (jdbc.sql("select count(*) from coaching_goal_review where goal_id = ? and session_number = ?")
          .params(goal.id(), sessionNumber).query(Integer.class).single() > 0) {
        continue;
      }
      jdbc.sql("insert into coaching_goal_review (goal_id, session_id, session_number, progress, reflection, goal_reviewed,"
              + " reviewed_by, reviewed_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
          .params(goal.id(), sessionId, sessionNumber, review.progress(), review.reflection(), goal.goal(), by, now).update();
    }
  }

  /** Whether any goal of the manager's was reviewed in session {@code number}. */
  @Transactional(readOnly = true)
  public boolean reviewed(long programmeId, long settingId, int number) {
    return jdbc.sql("select count(*) from coaching_goal_review r join coaching_goal g on g.id = r.goal_id"
            + " where g.programme_id = ? and g.setting_id = ? and r.session_number = ?")
        .params(programmeId, settingId, number).query(Integer.class).single() > 0;
  }

  /**
   * Per coaching group of the programme: how many managers set goals, how many goals are set now, and how many of them
   * were marked achieved by session 3 (in their last review up to session 3). Counts only, for the coordinator's dashboard.
   */
  @Transactional(readOnly = true)
  public List<GroupCounts> countsPerGroup(long programmeId) {
    return jdbc.sql("select cg.id as group_id, cg.number as group_number,"
            + " count(distinct g.setting_id) as managers_with_goals, count(g.id) as goals_set,"
            + " count(distinct case when exists (select 1 from coaching_goal_review r where r.goal_id = g.id"
            + "   and r.progress = 'ACHIEVED' and r.session_number <= 3) then g.id end) as goals_achieved_by_session3"
            + " from coaching_group cg join group_member m on m.group_id = cg.id"
            + " left join coaching_goal g on g.programme_id = cg.programme_id and g.setting_id = m.setting_id and not g.removed"
            + " where cg.programme_id = ? group by cg.id, cg.number order by cg.number")
        .param(programmeId).query(Rows.of(GroupCounts.class)).list();
  }

  /**
   * The impact report's answers, goal by goal ({@code byPosition}): what changed for the children. A revised report
   * replaces the grant's earlier answers; each keeps the goal's words as they were when it was reported.
   */
  public void reportImpact(long programmeId, long settingId, long grantId, Map<Integer, String> byPosition) {
    jdbc.sql("delete from coaching_goal_impact where grant_id = ?").param(grantId).update();
    Timestamp now = EngineTime.now();
    for (StoredGoal goal : current(programmeId, settingId)) {
      String answer = byPosition.get(goal.position());
      if (answer != null) {
        jdbc.sql("insert into coaching_goal_impact (goal_id, grant_id, what_changed, goal_then, reported_at) values (?, ?, ?, ?, ?)")
            .params(goal.id(), grantId, answer, goal.goal(), now).update();
      }
    }
  }

  /** The grant's impact answers by the goal's position. */
  @Transactional(readOnly = true)
  public Map<Integer, String> impactAnswers(long grantId) {
    Map<Integer, String> answers = new LinkedHashMap<>();
    jdbc.sql("select g.position, i.what_changed from coaching_goal_impact i join coaching_goal g on g.id = i.goal_id"
            + " where i.grant_id = ? order by g.position").param(grantId)
        .query((rs, row) -> answers.put(rs.getInt("position"), rs.getString("what_changed"))).list();
    return answers;
  }

  /** The goal at {@code position}, if the manager has one there now. */
  @Transactional(readOnly = true)
  public Optional<StoredGoal> at(long programmeId, long settingId, int position) {
    return current(programmeId, settingId).stream().filter(g -> g.position() == position).findFirst();
  }

  static String words(String progress) {
    return switch (Objects.requireNonNullElse(progress, "")) {
      case "NOT_STARTED" -> "Not started";
      case "UNDER_WAY" -> "Under way";
      case "ACHIEVED" -> "Achieved";
      default -> progress;
    };
  }
}
