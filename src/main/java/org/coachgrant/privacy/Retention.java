package org.coachgrant.privacy;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.resources.SessionResources;
import org.coachgrant.web.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each programme's retention periods after it closes (issue 22, point 4): contact details and free text for
 * {@code contactMonths}, grant records, without a name, for {@code recordYears}. Each night {@link #runDue} anonymises
 * the managers of every programme whose contact period has ended, as an erasure does ({@link Erasure}), unless they
 * manage a setting in a programme whose period has not, or have running work (tried again the next night), and removes
 * the programme's engine history, which copies their names and text; once none waits, it removes the programme's
 * coaching words and its sessions' resources ({@link #removeCoaching}).
 */
@Service
public class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  static final String BY = "retention";

  /** A programme's periods and the dates they give; {@code closesOn} null: not closed, nothing due. */
  public record Period(String programmeCode, String programmeName, LocalDate closesOn, int contactMonths, int recordYears,
      LocalDate contactsDue, LocalDate recordsDue, Timestamp contactsDoneAt, int managers) {}

  private final JdbcClient jdbc;
  private final Callers callers;
  private final Erasure erasure;
  private final HistoryService history;
  private final SessionResources resources;
  private final TransactionTemplate transaction;

  Retention(JdbcClient jdbc, Callers callers, Erasure erasure, HistoryService history, SessionResources resources,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.callers = callers;
    this.erasure = erasure;
    this.history = history;
    this.resources = resources;
    this.transaction = new TransactionTemplate(transactions);
  }

  /** Every programme's periods, the next date due first, programmes not closed last (administrators). */
  @Transactional(readOnly = true)
  public List<Period> schedule() {
    callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators see the retention schedule");
    return jdbc.sql("select p.code, p.name, r.closes_on, coalesce(r.contact_months, 24), coalesce(r.record_years, 6),"
            + " r.contacts_done_at, (select count(distinct s.manager_user_id) from enrolment e join setting s"
            + " on s.id = e.setting_id where e.programme_id = p.id)"
            + " from programme p left join programme_retention r on r.programme_id = p.id")
        .query((rs, n) -> {
          LocalDate closes = rs.getObject(3, LocalDate.class);
          int months = rs.getInt(4);
          int years = rs.getInt(5);
          return new Period(rs.getString(1), rs.getString(2), closes, months, years,
              closes == null ? null : closes.plusMonths(months), closes == null ? null : closes.plusYears(years),
              rs.getTimestamp(6), rs.getInt(7));
        }).list().stream()
        .sorted(Comparator.comparing((Period p) -> p.contactsDoneAt() != null)
            .thenComparing(Period::contactsDue, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }

  /** Sets when a programme closes and its periods (administrators); a reason is not asked: the change is recorded. */
  @Transactional
  public Period set(String programmeCode, LocalDate closesOn, Integer contactMonths, Integer recordYears) {
    String by = callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators set retention periods").getUserId();
    long programmeId = jdbc.sql("select id from programme where code = ?").param(programmeCode).query(Long.class).optional()
        .orElseThrow(() -> Workspace.notFound("No programme " + programmeCode));
    int months = contactMonths == null ? 24 : contactMonths;
    int years = recordYears == null ? 6 : recordYears;
    if (months < 1 || months > 120) {
      throw new InvalidInputException("contactMonths", "must be from 1 to 120 months (was " + months + ")");
    }
    if (years < 1 || years > 30) {
      throw new InvalidInputException("recordYears", "must be from 1 to 30 years (was " + years + ")");
    }
    if (closesOn != null && (closesOn.getYear() < 2000 || closesOn.getYear() > 2200)) {
      throw new InvalidInputException("closesOn", "must be a date between the years 2000 and 2200 (was " + closesOn + ")");
    }
    if (years * 12 < months) {
      throw new InvalidInputException("recordYears", "must be at least as long as the contact details are kept");
    }
    Timestamp now = new Timestamp(ClockUtil.getCurrentTime().getTime());
    int updated = jdbc.sql("update programme_retention set closes_on = ?, contact_months = ?, record_years = ?,"
            + " changed_by = ?, changed_at = ? where programme_id = ?")
        .params(closesOn, months, years, by, now, programmeId).update();
    if (updated == 0) {
      jdbc.sql("insert into programme_retention (programme_id, closes_on, contact_months, record_years, changed_by, changed_at)"
          + " values (?, ?, ?, ?, ?, ?)").params(programmeId, closesOn, months, years, by, now).update();
    }
    return schedule().stream().filter(p -> p.programmeCode().equals(programmeCode)).findFirst().orElseThrow();
  }

  /** What the nightly job did for one programme. */
  public record Outcome(String programmeCode, int anonymised, List<String> waiting) {}

  /**
   * The nightly job: for each programme whose contact period ended by {@code today}, anonymises its managers and
   * removes its ended processes' engine history; a programme is done once none of its managers waits. Runs as the
   * application; each programme in a transaction of its own, its row locked, so two nodes never do one twice.
   */
  public List<Outcome> runDue(LocalDate today) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Long programmeId : jdbc.sql("select programme_id from programme_retention where closes_on is not null"
        + " and contacts_done_at is null").query(Long.class).list()) {
      Outcome outcome = transaction.execute(status -> runProgramme(programmeId, today));
      if (outcome != null) {
        outcomes.add(outcome);
      }
    }
    return outcomes;
  }

  private Outcome runProgramme(long programmeId, LocalDate today) {
    var row = jdbc.sql("select closes_on, contact_months from programme_retention where programme_id = ?"
            + " and contacts_done_at is null for update")
        .param(programmeId).query((rs, n) -> new Object[] {rs.getObject(1, LocalDate.class), rs.getInt(2)})
        .optional().orElse(null);
    if (row == null || ((LocalDate) row[0]).plusMonths((Integer) row[1]).isAfter(today)) {
      return null;
    }
    String code = jdbc.sql("select code from programme where id = ?").param(programmeId).query(String.class).single();
    int anonymised = 0;
    List<String> waiting = new ArrayList<>();
    for (String manager : jdbc.sql("select distinct s.manager_user_id from enrolment e join setting s on s.id = e.setting_id"
        + " where e.programme_id = ?").param(programmeId).query(String.class).list()) {
      if (manager.startsWith("erased-")) {
        continue;
      }
      if (inAProgrammeNotDue(manager, today)) {
        // their contact details are still needed by another programme: kept, and this one is done with them
        continue;
      }
      var erased = erasure.eraseAsApplication(manager, "Retention: programme " + code + " closed on " + row[0]
          + "; contact details and free text kept " + org.coachgrant.format.Formats.count(((Number) row[1]).longValue(), "month", "months"), BY, waiting::add);
      if (erased.isPresent()) {
        anonymised++;
      }
    }
    List<String> ended = history.createHistoricProcessInstanceQuery().processInstanceBusinessKeyLike(code + "/%")
        .finished().list().stream().map(HistoricProcessInstance::getId).toList();
    if (!ended.isEmpty()) {
      history.deleteHistoricProcessInstancesIfExists(ended);
    }
    if (waiting.isEmpty()) {
      removeCoaching(programmeId);
      jdbc.sql("update programme_retention set contacts_done_at = ? where programme_id = ?")
          .params(new Timestamp(ClockUtil.getCurrentTime().getTime()), programmeId).update();
    } else {
      LOG.info("Retention of programme {}: {} manager(s) wait for their running work", code, waiting.size());
    }
    return new Outcome(code, anonymised, waiting);
  }

  /**
   * The programme's coaching, whoever it is about, once none of its managers waits (a running plan starts from the
   * goals): its sessions' resources (a file or title may name a child; the folder's files too), the coaches' private
   * notes at its sessions, the notes on its coaches' recorded time, and the words of its coaching goals, their earlier
   * wordings, reviews and impact answers. A manager kept for a programme not yet due keeps only what that programme
   * holds. The figures stay: goals' positions and progress, the coaches' hours.
   */
  private void removeCoaching(long programmeId) {
    String sessions = "select s.id from coaching_session s join coaching_group g on g.id = s.group_id where g.programme_id = :p";
    String goals = "select id from coaching_goal where programme_id = :p";
    resources.removeAllOfProgramme(programmeId);
    jdbc.sql("delete from coaching_note where session_id in (" + sessions + ")").param("p", programmeId).update();
    jdbc.sql("update coach_time set note = null where note is not null and group_id in"
        + " (select id from coaching_group where programme_id = :p)").param("p", programmeId).update();
    jdbc.sql("update coaching_goal set goal = :r, why_it_matters = :r, how_we_know = :r where programme_id = :p")
        .param("p", programmeId).param("r", Erasure.REMOVED).update();
    jdbc.sql("update coaching_goal_history set goal = :r, why_it_matters = :r, how_we_know = :r where goal_id in (" + goals + ")")
        .param("p", programmeId).param("r", Erasure.REMOVED).update();
    jdbc.sql("update coaching_goal_review set goal_reviewed = :r, reflection = :r where goal_id in (" + goals + ")")
        .param("p", programmeId).param("r", Erasure.REMOVED).update();
    jdbc.sql("update coaching_goal_impact set goal_then = :r, what_changed = :r where goal_id in (" + goals + ")")
        .param("p", programmeId).param("r", Erasure.REMOVED).update();
  }

  /** Whether the manager has a setting in a programme that is not closed or whose contact period has not ended. */
  private boolean inAProgrammeNotDue(String manager, LocalDate today) {
    return jdbc.sql("select r.closes_on, r.contact_months from setting s join enrolment e on e.setting_id = s.id"
            + " left join programme_retention r on r.programme_id = e.programme_id where s.manager_user_id = ?")
        .param(manager).query((rs, n) -> {
          LocalDate closes = rs.getObject(1, LocalDate.class);
          return closes == null || closes.plusMonths(rs.getInt(2)).isAfter(today);
        }).list().contains(true);
  }

}
