package org.coachgrant.programme;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.Secret;
import org.coachgrant.system.Formats;
import org.springframework.stereotype.Component;

/**
 * {@code $setting}, {@code $programme} and {@code $login} for the welcome email. The first password is
 * set as the email is sent, in the same transaction, so it is never kept anywhere but in the email.
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
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    if (!execution.getProcessDefinitionId().startsWith(Enrolments.WELCOME_PROCESS + ":")) {
      return;
    }
    Setting setting = programmes.findSetting(((Number) execution.getVariable("settingId")).longValue()).orElseThrow();
    Programme programme = programmes.findProgramme(((Number) execution.getVariable("programmeId")).longValue()).orElseThrow();
    model.put("setting", Map.of("name", setting.name(), "urn", setting.urn()));
    model.put("programme", Map.of("name", programme.name(), "code", programme.code(),
        "grantCap", Formats.money(programme.grantCap())));
    User user = identity.createUserQuery().userId(setting.managerUserId()).singleResult();
    String password = firstPassword();
    user.setPassword(password);
    identity.saveUser(user);
    model.put("login", Map.of("userId", user.getId(), "password", new Secret(password)));
  }

  private static String firstPassword() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "Cg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "-7a";
  }
}
