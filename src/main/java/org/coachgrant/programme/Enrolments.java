package org.coachgrant.programme;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.admin.Roles;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrols a setting and its manager in a programme. A new manager gets a Camunda user in {@code managers}
 * and a welcome email with a first password. Enrolment never changes an existing account: a manager who
 * has one is linked to the programme as they are, and an address that belongs to anyone else (a
 * coordinator, reviewer, coach or administrator) is refused. Enrolling again what is enrolled changes nothing.
 */
@Service
public class Enrolments {

  public record Row(String settingName, String urn, String managerName, String email) {}

  public enum Outcome { ENROLLED, ALREADY_ENROLLED }

  static final int URN_LENGTH = 20;
  static final int NAME_LENGTH = 200;
  static final int EMAIL_LENGTH = 254;

  private final ProgrammeRepository programmes;
  private final IdentityService identity;
  private final RuntimeService runtime;

  Enrolments(ProgrammeRepository programmes, IdentityService identity, RuntimeService runtime) {
    this.programmes = programmes;
    this.identity = identity;
    this.runtime = runtime;
  }

  /** Enrols one setting and its manager; refuses a row that breaks a rule, naming the field. */
  @Transactional(noRollbackFor = InvalidInputException.class)
  public Outcome enrol(String programmeCode, Row row) {
    return enrol(programmes.findProgrammeByCode(programmeCode).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + programmeCode + "'")), row);
  }

  /**
   * Every refusal comes before the first write, so a refused row leaves the caller's transaction (an
   * import's batch) as it was and the batch goes on.
   */
  @Transactional(noRollbackFor = InvalidInputException.class)
  public Outcome enrol(Programme programme, Row row) {
    String urn = required("urn", row.urn(), URN_LENGTH);
    if (!urn.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
      throw new InvalidInputException("urn", "must be letters, digits and hyphens, like EY123456 (was '" + urn + "')");
    }
    String settingName = required("settingName", row.settingName(), NAME_LENGTH);
    String managerName = required("managerName", row.managerName(), NAME_LENGTH);
    String email = required("email", row.email(), EMAIL_LENGTH).toLowerCase(Locale.ROOT);
    if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw new InvalidInputException("email", "is not an email address ('" + email + "')");
    }
    Optional<Setting> existing = programmes.findSettingByUrn(urn);
    if (existing.isPresent() && !existing.get().managerEmail().equalsIgnoreCase(email)) {
      throw new InvalidInputException("urn", urn + " is already enrolled with another manager ("
          + existing.get().managerEmail() + ")");
    }
    Optional<Setting> managed = programmes.findSettingByManagerEmail(email);
    if (managed.isPresent() && !managed.get().urn().equals(urn)) {
      throw new InvalidInputException("email", email + " already manages " + managed.get().name()
          + " (" + managed.get().urn() + "): a duplicate manager");
    }
    String managerId = existing.isPresent() ? existing.get().managerUserId() : managerUser(email, managerName);
    long settingId = existing.isPresent() ? existing.get().id()
        : programmes.createSetting(urn, settingName, managerId, managerName, email);
    if (programmes.isEnrolled(programme.id(), settingId)) {
      return Outcome.ALREADY_ENROLLED;
    }
    programmes.enrol(programme.id(), settingId);
    SystemAccess.run(() -> runtime.createProcessInstanceByKey(EnrolmentProcesses.WELCOME_KEY)
        .businessKey(programme.code() + "/" + urn)
        .setVariable(EnrolmentProcesses.PROGRAMME_ID.name(), programme.id())
        .setVariable(EnrolmentProcesses.SETTING_ID.name(), settingId)
        .setVariable(EnrolmentProcesses.MANAGER_ID.name(), managerId)
        .execute());
    return Outcome.ENROLLED;
  }

  private static String required(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    return Inputs.textValue(field, value, maxLength);
  }

  /**
   * The manager's Camunda user: the existing one, taken as it is, if the address belongs to a manager and
   * to nobody else; otherwise a new one (Camunda ids are letters and digits). Its first password comes
   * with the welcome email.
   */
  private String managerUser(String email, String name) {
    List<User> users = identity.createUserQuery().userEmail(email).list();
    for (User user : users) {
      List<String> groups = identity.createGroupQuery().groupMember(user.getId()).list().stream()
          .map(Group::getId).toList();
      if (!groups.equals(List.of(Roles.MANAGERS))) {
        throw new InvalidInputException("email", "belongs to an account that is not a setting manager's (a"
            + " coordinator, reviewer, coach or administrator): enrolment never changes such an account; use the"
            + " manager's own address");
      }
    }
    if (!users.isEmpty()) {
      return users.get(0).getId();
    }
    String base = email.substring(0, email.indexOf('@')).replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    base = base.isEmpty() ? "manager" : base.substring(0, Math.min(base.length(), 40));
    String id = base;
    for (int n = 2; identity.createUserQuery().userId(id).count() > 0; n++) {
      id = base + n;
    }
    User user = identity.newUser(id);
    int space = name.lastIndexOf(' ');
    user.setFirstName(space > 0 ? name.substring(0, space) : name);
    user.setLastName(space > 0 ? name.substring(space + 1) : "");
    user.setEmail(email);
    identity.saveUser(user);
    identity.createMembership(id, Roles.MANAGERS);
    return id;
  }
}
