package org.coachgrant.security;

import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo the administrator's password comes from COACHGRANT_ADMIN_PASSWORD, and the
 * application refuses to start (before the engine creates the administrator) when it is missing,
 * well known, or fails Camunda's password policy.
 */
@Component
@Profile("!demo")
class AdminPasswordGuard extends AbstractProcessEnginePlugin {

  private static final List<String> WELL_KNOWN = List.of("demo", "admin", "password", "camunda", "changeme",
      "secret", "coachgrant", "letmein", "welcome", "qwerty", "123456", "12345678", "123456789", "1234567890");

  private final UserEntity admin = new UserEntity();
  private final String password;

  AdminPasswordGuard(@Value("${camunda.bpm.admin-user.id:admin}") String userId,
      @Value("${camunda.bpm.admin-user.password:}") String password,
      @Value("${camunda.bpm.admin-user.first-name:}") String firstName,
      @Value("${camunda.bpm.admin-user.last-name:}") String lastName,
      @Value("${camunda.bpm.admin-user.email:}") String email) {
    admin.setId(userId);
    this.password = password;
    admin.setFirstName(firstName);
    admin.setLastName(lastName);
    admin.setEmail(email);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    String problem = problem(admin, password);
    if (problem != null) {
      throw new IllegalStateException("Coachgrant will not start: the administrator's password " + problem
          + ". Set COACHGRANT_ADMIN_PASSWORD to a strong password (at least 10 characters with upper and lower"
          + " case letters, a digit and a special character).");
    }
  }

  static String problem(User admin, String password) {
    if (password == null || password.isBlank()) {
      return "is missing";
    }
    String folded = password.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (password.equalsIgnoreCase(admin.getId()) || WELL_KNOWN.stream().anyMatch(w -> folded.equals(w) || folded.startsWith(w)
        && folded.substring(w.length()).matches("\\d*"))) {
      return "is a well-known one";
    }
    List<PasswordPolicyRule> broken = new DefaultPasswordPolicyImpl().getRules().stream()
        .filter(rule -> !rule.execute(password, admin)).toList();
    if (!broken.isEmpty()) {
      return "breaks the password policy: it " + PasswordRules.broken(broken);
    }
    return null;
  }
}
