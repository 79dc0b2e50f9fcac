package org.coachgrant.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.time.EngineTime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The engine's identity service, with three changes. A password that breaks the policy is refused as
 * {@code password: must …} naming each rule it breaks, a 400 at every door (user create,
 * {@code PUT /engine-rest/user/{id}/credentials}, Admin's change password), where the engine says only
 * "Password does not match policy", a 500. An administrator's unlock also ends every source's wait
 * for that account ({@link SignInThrottle}). And every change of a group's members is written to
 * {@code membership_change} (who, which group, by whom, when): the ledger trusts who is a reviewer at the moment
 * money moves, so who made them one is kept.
 */
@Component
class PasswordRules extends AbstractProcessEnginePlugin {

  private final ObjectProvider<SignInThrottle> throttle;
  private final ObjectProvider<JdbcClient> jdbc;

  PasswordRules(ObjectProvider<SignInThrottle> throttle, ObjectProvider<JdbcClient> jdbc) {
    this.throttle = throttle;
    this.jdbc = jdbc;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setIdentityService(new Users());
  }

  /** The rules a password breaks, in words: "must be at least 10 characters long and must contain a digit". */
  public static String broken(List<PasswordPolicyRule> rules) {
    return rules.stream().map(PasswordRules::words).collect(Collectors.joining(" and "));
  }

  private static String words(PasswordPolicyRule rule) {
    Map<String, String> p = rule.getParameters() == null ? Map.of() : rule.getParameters();
    return switch (rule.getPlaceholder()) {
      case "PASSWORD_POLICY_LENGTH" -> "must be at least " + p.getOrDefault("minLength", "10") + " characters long";
      case "PASSWORD_POLICY_LOWERCASE" -> "must contain at least " + p.getOrDefault("minLowerCase", "1") + " lower case letter";
      case "PASSWORD_POLICY_UPPERCASE" -> "must contain at least " + p.getOrDefault("minUpperCase", "1") + " upper case letter";
      case "PASSWORD_POLICY_DIGIT" -> "must contain at least " + p.getOrDefault("minDigit", "1") + " digit";
      case "PASSWORD_POLICY_SPECIAL" -> "must contain at least " + p.getOrDefault("minSpecial", "1")
          + " special character (such as - ! or #)";
      case "PASSWORD_POLICY_USER_DATA" -> "must not contain the user's id, first name, last name or email address";
      default -> "must follow the rule " + rule.getPlaceholder();
    };
  }

  /** Set while a user is saved: the engine then checks the new password through {@link Users#checkPasswordAgainstPolicy}. */
  private static final ThreadLocal<Boolean> SAVING = new ThreadLocal<>();

  final class Users extends IdentityServiceImpl {

    @Override
    public void saveUser(User user, boolean skipPasswordPolicy) {
      SAVING.set(Boolean.TRUE);
      try {
        super.saveUser(user, skipPasswordPolicy);
      } finally {
        SAVING.remove();
      }
    }

    @Override
    public PasswordPolicyResult checkPasswordAgainstPolicy(String candidatePassword, User user) {
      PasswordPolicyResult result = super.checkPasswordAgainstPolicy(candidatePassword, user);
      // Admin's live checklist asks outside a save: it gets the rule-by-rule result, as before
      if (Boolean.TRUE.equals(SAVING.get()) && !result.isValid()) {
        throw new BadUserRequestException("password: " + broken(result.getViolatedRules()));
      }
      return result;
    }

    @Override
    public void createMembership(String userId, String groupId) {
      super.createMembership(userId, groupId);
      membershipChanged(userId, groupId, "ADDED");
    }

    @Override
    public void deleteMembership(String userId, String groupId) {
      super.deleteMembership(userId, groupId);
      membershipChanged(userId, groupId, "REMOVED");
    }

    private void membershipChanged(String userId, String groupId, String change) {
      Authentication caller = getCurrentAuthentication();
      jdbc.getObject().sql("insert into membership_change (user_id, group_id, change, changed_by, changed_at)"
              + " values (?, ?, ?, ?, ?)")
          .params(userId, groupId, change, caller == null || caller.getUserId() == null ? "system" : caller.getUserId(),
              EngineTime.now())
          .update();
    }

    @Override
    public void unlockUser(String userId) {
      super.unlockUser(userId);
      throttle.getObject().forget(userId);
    }
  }
}
