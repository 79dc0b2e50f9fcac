package org.coachgrant.review;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.coachgrant.admin.Roles;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may decide a plan, asked at the moment it matters: by the task when someone takes it or completes
 * it, and by the ledger before a grant is committed or released. One rule for both, so a person the task
 * list would refuse is refused by the ledger too: a member of the group the decision belongs to (now, not
 * when they were given the task), who is not an administrator (who could make themselves a reviewer), not the
 * setting's manager, not linked to it, and not its coach.
 */
@Component
public class ReviewEligibility {

  private final TrainingPlanService plans;
  private final ProgrammeRepository programmes;
  private final JdbcClient jdbc;
  private final IdentityService identity;

  ReviewEligibility(TrainingPlanService plans, ProgrammeRepository programmes, JdbcClient jdbc,
      @Lazy IdentityService identity) {
    this.plans = plans;
    this.programmes = programmes;
    this.jdbc = jdbc;
    this.identity = identity;
  }

  /**
   * Why {@code userId} may not decide plan {@code planId} as a member of one of {@code groups}, in words
   * that follow their id ("carl is not in reviewers"); empty when they may.
   */
  public Optional<String> whyNot(long planId, String userId, Collection<String> groups) {
    if (userId == null || groups.stream().noneMatch(group -> isMember(userId, group))) {
      return Optional.of(groups.isEmpty() ? "is in no group this decision is offered to"
          : "is not in " + String.join(" or ", groups));
    }
    if (isMember(userId, Roles.ADMINISTRATORS)) {
      // separation of duties: an administrator controls who is a reviewer, so never decides a plan as one
      return Optional.of("is an administrator, and administrators do not decide plans");
    }
    Setting setting = plans.context(planId).setting();
    if (userId.equals(setting.managerUserId())) {
      return Optional.of("manages this setting and may not decide its plan");
    }
    if (coaches(setting.id()).contains(userId)) {
      return Optional.of("coaches this setting and may not decide its plan");
    }
    if (programmes.linkedUsers(setting.id()).contains(userId)) {
      return Optional.of("is linked to this setting (conflict of interest) and may not decide its plan");
    }
    return Optional.empty();
  }

  /**
   * Why {@code userId} may not take the plan's {@code task} (in none of its candidate groups, or conflicted); empty
   * when they may.
   */
  public Optional<String> whyNot(DelegateTask task, String userId) {
    Set<String> groups = SystemAccess.run(() -> task.getCandidates()).stream().map(IdentityLink::getGroupId)
        .filter(Objects::nonNull).collect(Collectors.toSet());
    return whyNot(TrainingPlanProcess.PLAN_ID.require(task), userId, groups);
  }

  /**
   * Refuses {@code userId} (given a task of the plan, claiming it or completing it: {@code field} says which)
   * unless they could claim it themselves: in one of its candidate groups (a task offered to no group goes to
   * nobody this way), and not conflicted. Nobody given (a task handed back) is allowed.
   */
  public void refuse(DelegateTask task, String field, String userId) {
    refuse(task, field, userId, Set.of(), "");
  }

  /** {@link #refuse(DelegateTask, String, String)}, and refuses {@code alsoExcluded} people {@code alsoWhy}. */
  public void refuse(DelegateTask task, String field, String userId, Set<String> alsoExcluded, String alsoWhy) {
    if (userId == null) {
      return;
    }
    Optional<String> why = whyNot(task, userId)
        .or(() -> alsoExcluded.contains(userId) ? Optional.of(alsoWhy) : Optional.empty());
    if (why.isPresent()) {
      throw new InvalidInputException(field, inWords(task, userId, why.get()));
    }
  }

  /**
   * The reason to the person it is about, or to the application itself; to a colleague who tried to hand them
   * the task, only the rule: another person's conflicts of interest are not theirs to learn.
   */
  private static String inWords(DelegateTask task, String userId, String why) {
    Authentication caller = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null || caller.getUserId().equals(userId)) {
      return userId + " " + why;
    }
    return userId + " may not take this task: a task can be passed only to someone who could claim it themselves"
        + " (in its group, not linked to the setting, and not its manager or coach)";
  }

  /** Everyone who may never decide the plan, whatever their groups: its setting's manager, coaches and linked people. */
  public Set<String> conflicted(long planId) {
    long settingId = plans.context(planId).setting().id();
    Set<String> conflicted = new HashSet<>(programmes.linkedUsers(settingId));
    conflicted.addAll(coaches(settingId));
    return conflicted;
  }

  /**
   * The setting's coaches: linked as its coach, or coaching its group in any programme (read from the groups too,
   * so a link removed or never made does not make a coach a reviewer of the setting).
   */
  private Set<String> coaches(long settingId) {
    return new HashSet<>(jdbc.sql("select user_id from setting_link where setting_id = :setting and relation = 'COACH'"
            + " union select g.coach_id from group_member m join coaching_group g on g.id = m.group_id"
            + " where m.setting_id = :setting")
        .param("setting", settingId).query(String.class).list());
  }

  /** From the identity store, not the caller's authentication: a person removed from a group is out at once. */
  private boolean isMember(String userId, String group) {
    return SystemAccess.run(() -> identity.createUserQuery().userId(userId).memberOfGroup(group).count() > 0);
  }
}
