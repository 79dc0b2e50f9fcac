package org.coachgrant.notification;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/** Who an email goes to: user ids (comma-separated), or {@code group:<id>} for every member of a group. */
@Component
class Recipients {

  record Recipient(String name, String email) {}

  private final IdentityService identityService;

  Recipients(IdentityService identityService) {
    this.identityService = identityService;
  }

  List<Recipient> resolve(String to) {
    List<User> users = to.startsWith("group:")
        ? identityService.createUserQuery().memberOfGroup(to.substring("group:".length())).list()
        : identityService.createUserQuery().userIdIn(to.split("\\s*,\\s*")).list();
    if (users.isEmpty()) {
      throw new IllegalStateException("No user to email for '" + to + "'");
    }
    return users.stream()
        .filter(u -> u.getEmail() != null && !u.getEmail().isBlank())
        .map(u -> new Recipient((nullToEmpty(u.getFirstName()) + " " + nullToEmpty(u.getLastName())).strip(), u.getEmail()))
        .toList();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
