package org.coachgrant.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.admin.Roles;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Erases a person on request (issue 22, point 3): their user id, name and email become one stable pseudonym in every
 * table, Coachgrant's and the engine's ({@link DatabaseText}); what they wrote about their setting is removed; their
 * account goes, so nobody signs in as them. The grants, amounts, dates, URNs, decisions and the ledger stay, so the
 * programme's figures do not change. Someone with running work is refused until it is finished or withdrawn, except
 * their own coaching goals process: nothing waits for it (the plan works without goals), so it ends with the erasure.
 */
@Service
public class Erasure {

  private static final Logger LOG = LoggerFactory.getLogger(Erasure.class);

  /** What replaces text a person wrote about their setting. */
  static final String REMOVED = "[removed on erasure]";

  /** Engine variables that hold ids, decisions, amounts and dates, not text a person wrote: kept, ids pseudonymised. */
  private static final Set<String> KEPT_VARIABLES = Set.of("programmeCode", "settingUrn", "planId", "programmeId",
      "managerId", "coachId", "firstApprover", "reviewDecision", "seniorDecision", "overdueDecision", "budgetDecision",
      "impactDecision", "impactOverdueDecision", "requestedAmount", "previousGrants", "seniorApprovalRequired", "groupId",
      "sessionId", "sessionNumber", "settingId", "importId", "moreRows", "overdueAt", "impactOverdueAt", "followUpAt");

  /** The delete reason of a goals process ended by an erasure, followed by the pseudonym (kept in the engine's history). */
  static final String ENDED_GOALS = "Ended on the erasure of its manager: ";

  private static final SecureRandom RANDOM = new SecureRandom();

  public record Result(String pseudonym, Instant erasedAt) {}

  private final JdbcClient jdbc;
  private final Callers callers;
  private final IdentityService identity;
  private final PersonalData data;
  private final DatabaseText text;
  private final RuntimeService runtime;

  Erasure(JdbcClient jdbc, Callers callers, IdentityService identity, PersonalData data, DatabaseText text,
      RuntimeService runtime) {
    this.jdbc = jdbc;
    this.callers = callers;
    this.identity = identity;
    this.data = data;
    this.text = text;
    this.runtime = runtime;
  }

  /** The longest reason kept (the column holds 4,000). */
  static final int MAX_REASON = 1000;

  @Transactional
  public Result erase(String userId, String reason) {
    Authentication caller = callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators erase a person");
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason", "is required: say why this person is erased (their request, its date)");
    }
    if (reason.strip().length() > MAX_REASON) {
      throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters");
    }
    if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw new InvalidInputException("reason", "must be plain text, without control characters");
    }
    if (userId.equals(caller.getUserId())) {
      throw new InvalidInputException("userId", "you cannot erase yourself: another administrator must");
    }
    // a pseudonym is what an erasure left: erasing it again would only record the same person twice
    if (alreadyErased(userId) || jdbc.sql("select count(*) from erasure where pseudonym = ?").param(userId)
        .query(Integer.class).single() > 0) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, userId + " is already erased");
    }
    return callers.asSystem(() -> {
      data.read(userId);
      Person person = person(userId);
      if (person.tokens("").stream().anyMatch(t -> Erasure.bounded(t.value(), true).matcher(reason).find())) {
        throw new InvalidInputException("reason", "must not name the person erased (their user id, name or email):"
            + " the record of the erasure keeps nothing of them");
      }
      runningWork(person).ifPresent(work -> {
        throw new ResponseStatusException(HttpStatus.CONFLICT, work);
      });
      return eraseNow(person, caller.getUserId(), reason.strip());
    });
  }

  /**
   * Erases a person as the application (the retention job), in the caller's transaction: the erased person's result,
   * or empty, saying why in {@code refused}, when they are already erased, hold nothing or have running work.
   */
  Optional<Result> eraseAsApplication(String userId, String reason, String by, Consumer<String> refused) {
    if (alreadyErased(userId)) {
      refused.accept("already erased");
      return Optional.empty();
    }
    Person person = person(userId);
    Optional<String> work = runningWork(person);
    if (work.isPresent()) {
      refused.accept(work.get());
      return Optional.empty();
    }
    return Optional.of(eraseNow(person, by, reason));
  }

  /** Who the person is, as the tables name them. */
  private record Person(String userId, Set<String> emails, Set<String> names, List<Long> settings, List<String> urns) {
    List<DatabaseText.Token> tokens(String pseudonym) {
      List<DatabaseText.Token> tokens = new ArrayList<>();
      emails.forEach(email -> tokens.add(DatabaseText.Token.ignoringCase(email, pseudonym + "@erased.invalid")));
      names.forEach(name -> tokens.add(DatabaseText.Token.ignoringCase(name, pseudonym)));
      tokens.add(DatabaseText.Token.exact(userId, pseudonym));
      // the longest first: an email holds the user id, a full name holds a shorter one
      tokens.sort((a, b) -> b.value().length() - a.value().length());
      return tokens;
    }
  }

  private Person person(String userId) {
    User account = identity.createUserQuery().userId(userId).singleResult();
    // the account's email, and the one each setting was enrolled with, should the two differ
    Set<String> emails = new LinkedHashSet<>();
    if (account != null && account.getEmail() != null && !account.getEmail().isBlank()) {
      emails.add(account.getEmail().toLowerCase(Locale.ROOT));
    }
    jdbc.sql("select manager_email from setting where manager_user_id = ?").param(userId).query(String.class).list()
        .forEach(email -> emails.add(email.toLowerCase(Locale.ROOT)));
    Set<String> names = new LinkedHashSet<>();
    if (account != null) {
      String full = ((account.getFirstName() == null ? "" : account.getFirstName()) + " "
          + (account.getLastName() == null ? "" : account.getLastName())).strip();
      names.add(full);
    }
    names.addAll(jdbc.sql("select manager_name from setting where manager_user_id = ?").param(userId).query(String.class).list());
    if (!emails.isEmpty()) {
      names.addAll(jdbc.sql("select manager_name from enrolment_import_row where lower(email) in (:emails)"
          + " and manager_name is not null").param("emails", emails).query(String.class).list());
      names.addAll(jdbc.sql("select contact_name from programme where lower(contact_email) in (:emails)"
          + " and contact_name is not null").param("emails", emails).query(String.class).list());
    }
    // a name of one or two letters would match words of other people's text
    names.removeIf(name -> name.strip().length() < 3);
    List<Long> settings = jdbc.sql("select id from setting where manager_user_id = ?").param(userId).query(Long.class).list();
    List<String> urns = jdbc.sql("select urn from setting where manager_user_id = ?").param(userId).query(String.class).list();
    return new Person(userId, emails, names, settings, urns);
  }

  /**
   * Each open task the person holds and each running process of their settings or groups, in words; empty if none.
   * Their own coaching goals processes are not running work: they end with the erasure ({@link #ownGoals}).
   */
  private Optional<String> runningWork(Person person) {
    List<String> running = new ArrayList<>();
    Set<String> goals = ownGoals(person);
    jdbc.sql("select t.name_, e.business_key_, t.proc_inst_id_ from act_ru_task t join act_ru_execution e"
            + " on e.id_ = t.proc_inst_id_ where t.assignee_ = ?").param(person.userId())
        .query((rs, n) -> Map.entry(rs.getString(3), "the task \"" + rs.getString(1) + "\" (" + rs.getString(2) + ")"))
        .list().stream().filter(task -> !goals.contains(task.getKey())).map(Map.Entry::getValue).forEach(running::add);
    Set<String> processes = ownProcesses(person, "act_ru_variable");
    processes.removeAll(goals);
    if (!processes.isEmpty()) {
      jdbc.sql("select d.key_, e.business_key_ from act_ru_execution e join act_re_procdef d on d.id_ = e.proc_def_id_"
              + " where e.id_ in (:ids) and e.parent_id_ is null").param("ids", processes)
          .query((rs, n) -> "the process " + rs.getString(1) + " (" + rs.getString(2) + ")").list().forEach(running::add);
    }
    return running.isEmpty() ? Optional.empty() : Optional.of(person.userId()
        + " has running work: finish or withdraw " + String.join(", ", new LinkedHashSet<>(running)) + " first");
  }

  /**
   * The running coaching goals processes in which the person is the manager (by their user id or their settings): a
   * goals process waits for the manager's goals or the coach's reviews of them, and nothing else waits for it, so an
   * erasure ends it rather than waiting for someone to finish it. A coach's review in another manager's process stays
   * running work.
   */
  private Set<String> ownGoals(Person person) {
    String ofThem = "(name_ = 'managerId' and text_ = :user)"
        + (person.settings().isEmpty() ? "" : " or (name_ = 'settingId' and long_ in (:settings))");
    var query = jdbc.sql("select e.id_ from act_ru_execution e join act_re_procdef d on d.id_ = e.proc_def_id_"
            + " where d.key_ = :key and e.parent_id_ is null and e.id_ in (select proc_inst_id_ from act_ru_variable where "
            + ofThem + ")")
        .param("key", CoachingGoalsProcess.KEY).param("user", person.userId());
    if (!person.settings().isEmpty()) {
      query = query.param("settings", person.settings());
    }
    return new LinkedHashSet<>(query.query(String.class).list());
  }

  /** The process instances of the person's settings, and those that name them as manager or coach. */
  private Set<String> ownProcesses(Person person, String variables) {
    Set<String> ids = new LinkedHashSet<>(jdbc.sql("select proc_inst_id_ from " + variables
            + " where name_ in ('managerId', 'coachId') and text_ = ? and proc_inst_id_ is not null")
        .param(person.userId()).query(String.class).list());
    if (!person.urns().isEmpty()) {
      ids.addAll(jdbc.sql("select proc_inst_id_ from " + variables + " where name_ = 'settingUrn' and text_ in (:urns)"
          + " and proc_inst_id_ is not null").param("urns", person.urns()).query(String.class).list());
      ids.addAll(jdbc.sql("select proc_inst_id_ from " + variables + " where name_ = 'settingId' and long_ in (:ids)"
          + " and proc_inst_id_ is not null").param("ids", person.settings()).query(String.class).list());
    }
    return ids;
  }

  private Result eraseNow(Person person, String erasedBy, String reason) {
    String pseudonym = "erased-" + HexFormat.of().formatHex(randomBytes(5));
    Instant now = ClockUtil.getCurrentTime().toInstant();
    // first, so that the ended process's engine copies are emptied and pseudonymised with the rest
    for (String goals : ownGoals(person)) {
      runtime.deleteProcessInstance(goals, ENDED_GOALS + pseudonym);
    }
    removeWhatTheyWrote(person);
    closeAccount(person.userId());
    text.replace(person.tokens(pseudonym));
    byte[] salt = randomBytes(16);
    jdbc.sql("insert into erasure (pseudonym, subject_salt, subject_hash, erased_by, erased_at, reason)"
            + " values (?, ?, ?, ?, ?, ?)")
        .params(pseudonym, HexFormat.of().formatHex(salt), hash(salt, person.userId()), erasedBy, Timestamp.from(now), reason)
        .update();
    LOG.info("Erased a person as {}, by {}", pseudonym, erasedBy);
    return new Result(pseudonym, now);
  }

  /** Text the person wrote about their setting, in Coachgrant's tables and the engine's copies of it, and their emails' words. */
  private void removeWhatTheyWrote(Person person) {
    if (!person.settings().isEmpty()) {
      Map<String, Object> ids = Map.of("settings", person.settings());
      String plans = "select id from training_plan where setting_id in (:settings)";
      String grants = "select g.id from training_grant g join training_plan p on p.id = g.plan_id where p.setting_id in (:settings)";
      jdbc.sql("update training_plan_version set identified_needs = :r, expected_outcomes = :r, cascading_plan = :r"
          + " where plan_id in (" + plans + ")").params(ids).param("r", REMOVED).update();
      jdbc.sql("update impact_report set changes_for_children = :r, changes_in_practice = :r, cascade_how = :r,"
          + " cascade_when = :r where grant_id in (" + grants + ")").params(ids).param("r", REMOVED).update();
      jdbc.sql("update learning_follow_up set comment_text = null where grant_id in (" + grants + ")").params(ids).update();
      jdbc.sql("update session_feedback set comment = null where setting_id in (:settings)").params(ids).update();
      // the coaching goals: the manager's words, every earlier version of them, and what the coach and the impact report said of each
      String goals = "select id from coaching_goal where setting_id in (:settings)";
      jdbc.sql("update coaching_goal set goal = :r, why_it_matters = :r, how_we_know = :r where setting_id in (:settings)")
          .params(ids).param("r", REMOVED).update();
      jdbc.sql("update coaching_goal_history set goal = :r, why_it_matters = :r, how_we_know = :r where goal_id in (" + goals + ")")
          .params(ids).param("r", REMOVED).update();
      jdbc.sql("update coaching_goal_review set goal_reviewed = :r, reflection = :r where goal_id in (" + goals + ")")
          .params(ids).param("r", REMOVED).update();
      jdbc.sql("update coaching_goal_impact set goal_then = :r, what_changed = :r where goal_id in (" + goals + ")")
          .params(ids).param("r", REMOVED).update();
    }
    jdbc.sql("delete from task_draft where user_id = ?").param(person.userId()).update();
    // a coach's private notes about the person go with them: they were about the person, for the person and the coach
    jdbc.sql("delete from coaching_note where manager_id = ?").param(person.userId()).update();
    // a coach's notes on their own time are their words, as a manager's comments are: the hours stay, the words go
    jdbc.sql("update coach_time set note = null where coach_id = ? and note is not null").param(person.userId()).update();
    Set<String> processes = ownProcesses(person, "act_hi_varinst");
    if (!processes.isEmpty()) {
      for (String table : List.of("act_hi_varinst", "act_hi_detail")) {
        jdbc.sql("update act_ge_bytearray set bytes_ = :empty where id_ in (select bytearray_id_ from " + table
                + " where proc_inst_id_ in (:ids) and name_ not in (:kept))")
            .param("empty", "null".getBytes(StandardCharsets.UTF_8)).param("ids", processes).param("kept", KEPT_VARIABLES)
            .update();
        jdbc.sql("update " + table + " set text_ = null, text2_ = null where proc_inst_id_ in (:ids) and name_ not in (:kept)"
                + " and (text_ is not null or text2_ is not null)")
            .param("ids", processes).param("kept", KEPT_VARIABLES).update();
      }
    }
    // every email to them, and every email of their settings' processes: kept as sent (template, when), without words
    List<String> conditions = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (!person.emails().isEmpty()) {
      conditions.add("lower(recipient) in (:emails)");
      params.put("emails", person.emails());
    }
    if (!processes.isEmpty()) {
      conditions.add("process_instance_id in (:ids)");
      params.put("ids", processes);
    }
    if (!conditions.isEmpty()) {
      jdbc.sql("update email_outbox set body_text = :r, body_html = :r, attachments = null, secret = null where "
          + String.join(" or ", conditions)).params(params).param("r", REMOVED).update();
    }
  }

  /** The account goes (groups first, so that membership_change records each removal), with its grants and sessions. */
  private void closeAccount(String userId) {
    if (identity.createUserQuery().userId(userId).count() > 0) {
      for (Group group : identity.createGroupQuery().groupMember(userId).list()) {
        identity.deleteMembership(userId, group.getId());
      }
      identity.deleteUser(userId);
    }
    jdbc.sql("delete from act_ru_authorization where user_id_ = ?").param(userId).update();
    jdbc.sql("delete from act_id_info where user_id_ = ?").param(userId).update();
    jdbc.sql("delete from spring_session where principal_name = ?").param(userId).update();
  }

  private boolean alreadyErased(String userId) {
    return jdbc.sql("select subject_salt, subject_hash from erasure").query((rs, n) ->
        hash(HexFormat.of().parseHex(rs.getString(1)), userId).equals(rs.getString(2))).list().contains(true);
  }

  /** An erasure as its record keeps it: nothing of the person erased. */
  public record Done(String pseudonym, String erasedBy, Instant erasedAt, String reason) {}

  /** Every erasure, newest first (administrators). */
  @Transactional(readOnly = true)
  public List<Done> record() {
    callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators see the erasures");
    return jdbc.sql("select pseudonym, erased_by, erased_at, reason from erasure order by erased_at desc, id desc")
        .query((rs, n) -> new Done(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4))).list();
  }

  private static String hash(byte[] salt, String userId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return HexFormat.of().formatHex(sha.digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** {@code value} as a whole token: not inside a longer word, id or email address ({@code m1} is not in {@code m10} or {@code m1@other.org}). */
  static Pattern bounded(String value, boolean ignoringCase) {
    return Pattern.compile("(?<![\\p{L}\\p{N}_@-])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}_@-])",
        ignoringCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }
}
