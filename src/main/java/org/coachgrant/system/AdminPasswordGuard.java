package org.coachgrant.system;

import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
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

  private final String userId;
  private final String password;

  AdminPasswordGuard(@Value("${camunda.bpm.admin-user.id:admin}") String userId,
      @Value("${camunda.bpm.admin-user.password:}") String password) {
    this.userId = userId;
    this.password = password;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    String problem = problem(userId, password);
    if (problem != null) {
      throw new IllegalStateException("Coachgrant will not start: the administrator's password " + problem
          + ". Set COACHGRANT_ADMIN_PASSWORD to a strong password (at least 10 characters with upper and lower"
          + " case letters, a digit and a special character).");
    }
  }

  static String problem(String userId, String password) {
    if (password == null || password.isBlank()) {
      return "is missing";
    }
    String folded = password.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (password.equalsIgnoreCase(userId) || WELL_KNOWN.stream().anyMatch(w -> folded.equals(w) || folded.startsWith(w)
        && folded.substring(w.length()).matches("\\d*"))) {
      return "is a well-known one";
    }
    for (PasswordPolicyRule rule : new DefaultPasswordPolicyImpl().getRules()) {
      // the rule on user data needs the user, and the user id is checked above
      if (!rule.getPlaceholder().endsWith("USER_DATA") && !rule.execute(password)) {
        return "breaks the password policy (" + rule.getPlaceholder() + " " + rule.getParameters() + ")";
      }
    }
    return null;
  }
}
