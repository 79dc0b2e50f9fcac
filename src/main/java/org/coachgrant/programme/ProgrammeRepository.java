package org.coachgrant.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.coachgrant.time.EngineTime;
import org.coachgrant.system.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class ProgrammeRepository {

  private static final String PROGRAMME = "select id, code, name, budget, committed, grant_cap, group_size_limit,"
      + " session_count, session_minutes, plan_deadline, time_zone, impact_report_weeks, follow_up_months,"
      + " review_working_days, issuing_body, contact_name, contact_email, grant_terms from programme";
  private static final String SETTING = "select id, urn, name, manager_user_id, manager_name, manager_email from setting";

  private final JdbcClient jdbc;

  ProgrammeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Programme> findProgramme(long id) {
    return jdbc.sql(PROGRAMME + " where id = ?").param(id).query(Rows.of(Programme.class)).optional();
  }

  public Optional<Programme> findProgrammeByCode(String code) {
    return jdbc.sql(PROGRAMME + " where code = ?").param(code).query(Rows.of(Programme.class)).optional();
  }

  public long createProgramme(String code, String name, BigDecimal budget, BigDecimal grantCap, LocalDate planDeadline) {
    return createProgramme(code, name, budget, grantCap, planDeadline, 6, 3, 120);
  }

  public long createProgramme(String code, String name, BigDecimal budget, BigDecimal grantCap, LocalDate planDeadline,
      int groupSizeLimit, int sessionCount, int sessionMinutes) {
    return createProgramme(code, name, budget, grantCap, planDeadline, groupSizeLimit, sessionCount, sessionMinutes, 8, 6);
  }

  public long createProgramme(String code, String name, BigDecimal budget, BigDecimal grantCap, LocalDate planDeadline,
      int groupSizeLimit, int sessionCount, int sessionMinutes, int impactReportWeeks, int followUpMonths) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into programme (code, name, budget, grant_cap, plan_deadline, group_size_limit, session_count,"
            + " session_minutes, impact_report_weeks, follow_up_months) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(code, name, budget, grantCap, planDeadline, groupSizeLimit, sessionCount, sessionMinutes,
            impactReportWeeks, followUpMonths)
        .update(keys, "id");
    return keys.getKey().longValue();
  }

  public Optional<Setting> findSetting(long id) {
    return jdbc.sql(SETTING + " where id = ?").param(id).query(Rows.of(Setting.class)).optional();
  }

  public Optional<Setting> findSettingByUrn(String urn) {
    return jdbc.sql(SETTING + " where urn = ?").param(urn).query(Rows.of(Setting.class)).optional();
  }

  /** Through the index on {@code manager_email}: emails are stored lower-case. */
  public Optional<Setting> findSettingByManagerEmail(String email) {
    return jdbc.sql(SETTING + " where manager_email = ?").param(email.toLowerCase(Locale.ROOT))
        .query(Rows.of(Setting.class)).optional();
  }

  /** The settings {@code userId} manages, by name. */
  public java.util.List<Setting> settingsManagedBy(String userId) {
    return jdbc.sql(SETTING + " where manager_user_id = ? order by name, urn").param(userId).query(Rows.of(Setting.class)).list();
  }

  /** The programmes a setting is or was enrolled in, with its enrolment's status (ENROLLED, WITHDRAWN), newest first. */
  public java.util.List<Enrolled> enrolmentsOf(long settingId) {
    return jdbc.sql("select programme_id, status from enrolment where setting_id = ? order by enrolled_at desc, id desc")
        .param(settingId)
        .query((rs, row) -> new Enrolled(findProgramme(rs.getLong("programme_id")).orElseThrow(), rs.getString("status")))
        .list();
  }

  public record Enrolled(Programme programme, String status) {}

  /** Whether {@code userId} manages a setting enrolled in the programme, now or before, or coaches one of its groups. */
  public boolean takesPart(long programmeId, String userId) {
    return jdbc.sql("select count(*) from enrolment e join setting s on s.id = e.setting_id"
            + " where e.programme_id = :p and s.manager_user_id = :u")
        .param("p", programmeId).param("u", userId).query(Long.class).single() > 0
        || jdbc.sql("select count(*) from coaching_group where programme_id = :p and coach_id = :u")
            .param("p", programmeId).param("u", userId).query(Long.class).single() > 0;
  }

  public long createSetting(String urn, String name, String managerUserId, String managerName, String managerEmail) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql("insert into setting (urn, name, manager_user_id, manager_name, manager_email) values (?, ?, ?, ?, ?)")
        .params(urn, name, managerUserId, managerName, managerEmail.toLowerCase(Locale.ROOT)).update(keys, "id");
    return keys.getKey().longValue();
  }

  public void setReviewWorkingDays(long programmeId, int days) {
    jdbc.sql("update programme set review_working_days = ? where id = ?").params(days, programmeId).update();
  }

  /** What the programme's grant letters say besides the grant (see {@link LetterSettings}). */
  public void setLetter(long programmeId, String issuingBody, String contactName, String contactEmail, String terms) {
    jdbc.sql("update programme set issuing_body = ?, contact_name = ?, contact_email = ?, grant_terms = ? where id = ?")
        .params(issuingBody, contactName, contactEmail, terms, programmeId).update();
  }

  public void setTimeZone(long programmeId, String zone) {
    jdbc.sql("update programme set time_zone = ? where id = ?").params(zone, programmeId).update();
  }

  /** Links a person to a setting (COACH, STAFF, OWNER): they may not review its plans. */
  public void link(long settingId, String userId, String relation) {
    if (linkedUsers(settingId).contains(userId)) {
      return;
    }
    jdbc.sql("insert into setting_link (setting_id, user_id, relation) values (?, ?, ?)")
        .params(settingId, userId, relation).update();
  }

  public void unlink(long settingId, String userId, String relation) {
    jdbc.sql("delete from setting_link where setting_id = ? and user_id = ? and relation = ?")
        .params(settingId, userId, relation).update();
  }

  /** Everyone linked to a setting, its manager included. */
  public java.util.Set<String> linkedUsers(long settingId) {
    java.util.Set<String> users = new java.util.HashSet<>(jdbc.sql("select user_id from setting_link where setting_id = ?")
        .param(settingId).query(String.class).list());
    findSetting(settingId).ifPresent(s -> users.add(s.managerUserId()));
    return users;
  }

  public void enrol(long programmeId, long settingId) {
    jdbc.sql("insert into enrolment (programme_id, setting_id, status, enrolled_at) values (?, ?, 'ENROLLED', ?)")
        .params(programmeId, settingId, EngineTime.now()).update();
  }

  public boolean isEnrolled(long programmeId, long settingId) {
    return jdbc.sql("select count(*) from enrolment where programme_id = ? and setting_id = ? and status = 'ENROLLED'")
        .params(programmeId, settingId).query(Integer.class).single() > 0;
  }

  public void withdraw(long programmeId, long settingId) {
    jdbc.sql("update enrolment set status = 'WITHDRAWN' where programme_id = ? and setting_id = ?")
        .params(programmeId, settingId).update();
  }

  /**
   * Commits {@code amount} against the budget in one conditional update: of two approvals racing
   * for the last of the budget, the database lets exactly one through.
   */
  public boolean commit(long programmeId, BigDecimal amount) {
    return jdbc.sql("update programme set committed = committed + ? where id = ? and budget - committed >= ?")
        .params(amount, programmeId, amount).update() == 1;
  }

  /** Gives back part of what was committed (a grant's unspent money): the remaining budget grows by it. */
  public void returnToBudget(long programmeId, BigDecimal amount) {
    jdbc.sql("update programme set committed = committed - ? where id = ?").params(amount, programmeId).update();
  }

  public void topUp(long programmeId, BigDecimal amount) {
    jdbc.sql("update programme set budget = budget + ? where id = ?").params(amount, programmeId).update();
  }

  /**
   * Adds to the budget only while it is still {@code budgetWas}, in one statement, so two confirmations of the same
   * check sent at the same moment add the money once: the second finds the budget changed. Whether it added.
   */
  public boolean topUpIfStill(long programmeId, BigDecimal amount, BigDecimal budgetWas) {
    return jdbc.sql("update programme set budget = budget + ? where id = ? and budget = ?")
        .params(amount, programmeId, budgetWas).update() == 1;
  }
}
