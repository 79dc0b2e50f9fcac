package org.coachgrant.programme;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.InvalidInputException;
import org.coachgrant.system.SystemAccess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enrols settings and their managers in a programme, one by one or from a CSV export (setting name,
 * URN, manager name, email). Each manager gets a Camunda user in {@code managers} and a welcome email.
 * A bad row is reported with its line number and the good rows are kept; enrolling again what is
 * enrolled already changes nothing.
 */
@Service
public class Enrolments {

  public record Row(String settingName, String urn, String managerName, String email) {}

  public record Problem(long line, String message) {}

  public record Report(int enrolled, int alreadyEnrolled, List<Problem> problems) {}

  public enum Outcome { ENROLLED, ALREADY_ENROLLED }

  static final String WELCOME_PROCESS = "welcomeManager";

  private static final Map<String, String> COLUMNS = Map.of(
      "setting name", "settingName", "setting", "settingName", "urn", "urn", "manager name", "managerName",
      "manager", "managerName", "email", "email", "manager email", "email", "email address", "email");
  private static final Set<String> REQUIRED = Set.of("settingName", "urn", "managerName", "email");

  private final ProgrammeRepository programmes;
  private final IdentityService identity;
  private final RuntimeService runtime;
  private final TransactionTemplate eachRow;

  Enrolments(ProgrammeRepository programmes, IdentityService identity, RuntimeService runtime,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.programmes = programmes;
    this.identity = identity;
    this.runtime = runtime;
    this.eachRow = new TransactionTemplate(transactions);
    this.eachRow.setPropagationBehavior(Propagation.REQUIRES_NEW.value());
  }

  /** Enrols one setting and its manager; refuses a row that breaks a rule, naming the field. */
  @Transactional
  public Outcome enrol(String programmeCode, Row row) {
    Programme programme = programmes.findProgrammeByCode(programmeCode).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + programmeCode + "'"));
    String urn = required("urn", row.urn(), 20);
    String settingName = required("settingName", row.settingName(), 200);
    String managerName = required("managerName", row.managerName(), 200);
    String email = required("email", row.email(), 254).toLowerCase(Locale.ROOT);
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
    long settingId = existing.map(Setting::id).orElseGet(() ->
        programmes.createSetting(urn, settingName, managerUser(email, managerName), managerName, email));
    if (programmes.isEnrolled(programme.id(), settingId)) {
      return Outcome.ALREADY_ENROLLED;
    }
    programmes.enrol(programme.id(), settingId);
    SystemAccess.run(() -> runtime.startProcessInstanceByKey(WELCOME_PROCESS, programme.code() + "/" + urn,
        Map.of("programmeId", programme.id(), "settingId", settingId,
            "managerId", programmes.findSetting(settingId).orElseThrow().managerUserId())));
    return Outcome.ENROLLED;
  }

  /** Imports a CSV file: every row on its own, every problem with its line number. */
  public Report importCsv(String programmeCode, Reader csv) {
    List<Problem> problems = new ArrayList<>();
    int enrolled = 0;
    int already = 0;
    Map<String, Long> emailsSeen = new HashMap<>();
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get().parse(csv)) {
      Map<String, String> columns = new HashMap<>();
      for (String header : parser.getHeaderNames()) {
        String field = COLUMNS.get(header.toLowerCase(Locale.ROOT).replace('_', ' ').strip());
        if (field == null) {
          problems.add(new Problem(1, "unknown column '" + header + "' (expected: setting name, URN, manager name, email)"));
        } else {
          columns.put(field, header);
        }
      }
      List<String> missing = REQUIRED.stream().filter(f -> !columns.containsKey(f)).sorted().toList();
      if (!missing.isEmpty()) {
        problems.add(new Problem(1, "missing column(s) " + String.join(", ", missing) + ": nothing imported"));
        return new Report(0, 0, problems);
      }
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        Row row = new Row(value(record, columns, "settingName"), value(record, columns, "urn"),
            value(record, columns, "managerName"), value(record, columns, "email"));
        String email = row.email() == null ? "" : row.email().toLowerCase(Locale.ROOT);
        if (!email.isBlank() && emailsSeen.containsKey(email)) {
          problems.add(new Problem(line, "email: " + email + " is already on line " + emailsSeen.get(email)
              + ": a duplicate manager"));
          continue;
        }
        try {
          Outcome outcome = eachRow.execute(tx -> enrol(programmeCode, row));
          if (outcome == Outcome.ENROLLED) {
            enrolled++;
          } else {
            already++;
          }
          emailsSeen.put(email, line);
        } catch (InvalidInputException e) {
          problems.add(new Problem(line, e.getMessage()));
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      problems.add(new Problem(0, "not a CSV file this can read: " + e.getMessage()));
    }
    return new Report(enrolled, already, problems);
  }

  private static String value(CSVRecord record, Map<String, String> columns, String field) {
    String header = columns.get(field);
    return header != null && record.isSet(header) ? record.get(header) : null;
  }

  private static String required(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    if (value.strip().length() > maxLength) {
      throw new InvalidInputException(field, "must be at most " + maxLength + " characters");
    }
    return value.strip();
  }

  /** The manager's Camunda user: found by email, or made from it (Camunda ids are letters and digits). */
  private String managerUser(String email, String name) {
    List<User> users = identity.createUserQuery().userEmail(email).list();
    String id;
    if (!users.isEmpty()) {
      id = users.get(0).getId();
    } else {
      String base = email.substring(0, email.indexOf('@')).replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
      base = base.isEmpty() ? "manager" : base.substring(0, Math.min(base.length(), 40));
      id = base;
      for (int n = 2; identity.createUserQuery().userId(id).count() > 0; n++) {
        id = base + n;
      }
      User user = identity.newUser(id);
      int space = name.lastIndexOf(' ');
      user.setFirstName(space > 0 ? name.substring(0, space) : name);
      user.setLastName(space > 0 ? name.substring(space + 1) : "");
      user.setEmail(email);
      identity.saveUser(user);
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(Roles.MANAGERS).count() == 0) {
      identity.createMembership(id, Roles.MANAGERS);
    }
    return id;
  }

}
