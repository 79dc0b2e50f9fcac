package org.coachgrant.programme;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.Secret;
import org.coachgrant.system.Formats;
import org.springframework.stereotype.Component;

/**
 * {@code $setting}, {@code $programme} and {@code $login} for the welcome email. A new account's first
 * password is set as the email is sent, in the same transaction, so it is never kept anywhere but in the
 * email. An account that has a password already is never given another: its owner signs in as before,
 * and {@code $login.password} is absent.
 */
@Component
class WelcomeEmailModel implements EmailModelContributor {

  private static final SecureRandom RANDOM = new SecureRandom();

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
      String password = firstPassword();
      user.setPassword(password);
      identity.saveUser(user);
      login.put("password", new Secret(password));
    }
    model.put("login", login);
  }

  private static String firstPassword() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "Cg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "-7a";
  }
}
