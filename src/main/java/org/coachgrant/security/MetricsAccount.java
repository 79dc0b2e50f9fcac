package org.coachgrant.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.coachgrant.admin.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Prometheus's account, from the environment: with {@code COACHGRANT_METRICS_PASSWORD} set, the user
 * {@code COACHGRANT_METRICS_USER} ({@code prometheus}) is created at start, or given that password, in the monitoring
 * group, so a deployment's Prometheus scrapes without an administrator's password. Without the password nothing is
 * created (an administrator may add a member of monitoring in Admin instead). The password keeps the administrator's
 * rules ({@link AdminPasswordGuard}) in every profile; a user name whose account is in any other group is refused,
 * never turned into Prometheus's account. Runs after {@code admin/AccessSetup}, which creates the group.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class MetricsAccount implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsAccount.class);

  private final ProcessEngine engine;
  private final String userId;
  private final String password;

  MetricsAccount(ProcessEngine engine, @Value("${coachgrant.metrics.user:prometheus}") String userId,
      @Value("${coachgrant.metrics.password:}") String password) {
    this.engine = engine;
    this.userId = userId == null ? "" : userId.strip();
    this.password = password;
    if (password == null || password.isEmpty()) {
      return;
    }
    if (!this.userId.matches("[A-Za-z0-9]{1,64}")) {
      throw refused("COACHGRANT_METRICS_USER must be 1 to 64 letters and digits (was '" + this.userId + "')");
    }
    UserEntity account = new UserEntity();
    account.setId(this.userId);
    account.setFirstName(FIRST_NAME);
    account.setLastName(LAST_NAME);
    String problem = AdminPasswordGuard.problem(account, password);
    if (problem != null) {
      throw refused("the metrics account's password (COACHGRANT_METRICS_PASSWORD) " + problem + ". Set it to a strong"
          + " password (at least 10 characters with upper and lower case letters, a digit and a special character)");
    }
  }

  /** How Admin's list of users shows the account: a machine's, not a person's. */
  static final String FIRST_NAME = "Prometheus";
  static final String LAST_NAME = "(metrics only)";

  @Override
  public void run(ApplicationArguments args) {
    if (password == null || password.isEmpty()) {
      return;
    }
    IdentityService identity = engine.getIdentityService();
    User user = identity.createUserQuery().userId(userId).singleResult();
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    if (groups.stream().anyMatch(group -> !group.equals(Roles.MONITORING))) {
      throw refused("COACHGRANT_METRICS_USER names '" + userId + "', an account in " + String.join(", ", groups)
          + ": give Prometheus's account a user name of its own");
    }
    if (user == null) {
      user = identity.newUser(userId);
      user.setFirstName(FIRST_NAME);
      user.setLastName(LAST_NAME);
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("Created the metrics account {} (monitoring)", userId);
    } else if (!hasPassword((UserEntity) user)) {
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("Changed the metrics account {}'s password (COACHGRANT_METRICS_PASSWORD)", userId);
    }
    if (groups.isEmpty()) {
      identity.createMembership(userId, Roles.MONITORING);
    }
  }

  /** Whether the stored password is this one: compared here, so that no sign-in is counted, wrong or right. */
  private boolean hasPassword(UserEntity user) {
    if (user.getPassword() == null) {
      return false;
    }
    var configuration = ((ProcessEngineImpl) engine).getProcessEngineConfiguration();
    return configuration.getPasswordManager().check(EncryptionUtil.saltPassword(password, user.getSalt()), user.getPassword());
  }

  private static IllegalStateException refused(String why) {
    return new IllegalStateException("Coachgrant will not start: " + why + " (docs/operations.md, \"Metrics and alerts\").");
  }
}
