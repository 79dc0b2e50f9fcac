package org.coachgrant.programme;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.PasswordPolicy;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.Secret;
import org.coachgrant.notification.SecretIssuer;
import org.coachgrant.format.Formats;
import org.springframework.stereotype.Component;

/**
 * {@code $setting}, {@code $programme} and {@code $login} for the welcome email. A new account's first
 * password is a {@link Secret}: the outbox keeps the email without it, and its dispatcher issues it here as it
 * sends the email, in the transaction that marks the email sent, so it is never kept anywhere but in the
 * email. An account that has a password already is never given another: its owner signs in as before, and
 * {@code $login.password} is absent.
 */
@Component
class WelcomeEmailModel implements EmailModelContributor, SecretIssuer {

  static final String FIRST_PASSWORD = "first-password";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PasswordPolicy POLICY = new DefaultPasswordPolicyImpl();
  // no 0/O, 1/l/I: a person types this from an email
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String DIGITS = "23456789";

  private final ProgrammeRepository programmes;
  private final IdentityService identity;

  WelcomeEmailModel(ProgrammeRepository programmes, IdentityService identity) {
    this.programmes = programmes;
    this.identity = identity;
  }

  @Override
  public Set<String> provides(String processKey) {
    return EnrolmentProcesses.WELCOME_KEY.equals(processKey) ? Set.of("setting", "programme", "login") : Set.of();
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    if (!execution.getProcessDefinitionId().startsWith(EnrolmentProcesses.WELCOME_KEY + ":")) {
      return;
    }
    Setting setting = programmes.findSetting(EnrolmentProcesses.SETTING_ID.require(execution)).orElseThrow();
    Programme programme = programmes.findProgramme(EnrolmentProcesses.PROGRAMME_ID.require(execution)).orElseThrow();
    model.put("setting", Map.of("name", setting.name(), "urn", setting.urn()));
    model.put("programme", Map.of("name", programme.name(), "code", programme.code(),
        "grantCap", Formats.money(programme.grantCap())));
    User user = identity.createUserQuery().userId(setting.managerUserId()).singleResult();
    Map<String, Object> login = new HashMap<>(Map.of("userId", user.getId()));
    if (user.getPassword() == null) {
      login.put("password", new Secret(FIRST_PASSWORD, user.getId()));
    }
    model.put("login", login);
  }

  @Override
  public String kind() {
    return FIRST_PASSWORD;
  }

  /** Sets the account's first password, unless it has one by now (its owner or an administrator set it). */
  @Override
  public Optional<String> issue(String userId) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null || user.getPassword() != null) {
      return Optional.empty();
    }
    String password = firstPassword(user);
    user.setPassword(password);
    identity.saveUser(user);
    return Optional.of(password);
  }

  /**
   * A random password that meets Camunda's password policy whether or not it is switched on (prod has it
   * on): 16 characters from letters and digits with one of each kind and a dash, drawn again in the rare
   * case it contains the user's id, name or email (always possible for a one-letter id like "a").
   */
  private String firstPassword(User user) {
    for (int draw = 0; draw < 1000; draw++) {
      StringBuilder password = new StringBuilder();
      password.append(pick(UPPER)).append(pick(LOWER)).append(pick(DIGITS)).append('-');
      while (password.length() < 16) {
        password.append(pick(UPPER + LOWER + DIGITS));
      }
      for (int i = password.length() - 1; i > 0; i--) {
        int j = RANDOM.nextInt(i + 1);
        char c = password.charAt(i);
        password.setCharAt(i, password.charAt(j));
        password.setCharAt(j, c);
      }
      if (identity.checkPasswordAgainstPolicy(POLICY, password.toString(), user).isValid()) {
        return password.toString();
      }
    }
    throw new IllegalStateException("No first password meeting the password policy could be drawn for " + user.getId());
  }

  private static char pick(String alphabet) {
    return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
  }
}
