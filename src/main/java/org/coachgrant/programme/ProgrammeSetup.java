package org.coachgrant.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.format.WebFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating a programme: the rules every door applies (the REST API and the workspace's form). Every
 * field is checked on its own, so a form can show each problem beside its field at once.
 */
@Service
public class ProgrammeSetup {

  static final Set<String> FIELDS = Set.of("code", "name", "budget", "grantCap", "groupSizeLimit", "sessionCount",
      "sessionMinutes", "planDeadline", "timeZone", "impactReportWeeks", "followUpMonths", "reviewWorkingDays",
      "issuingBody", "contactName", "contactEmail", "grantTerms");
  private static final BigDecimal LARGEST_BUDGET = new BigDecimal("1000000000");

  private final ProgrammeRepository programmes;
  private final LetterSettings letters;
  private final WebFormat fmt;

  ProgrammeSetup(ProgrammeRepository programmes, LetterSettings letters, WebFormat fmt) {
    this.fmt = fmt;
    this.programmes = programmes;
    this.letters = letters;
  }

  /**
   * Whom the grant letters name as the contact: an address a manager can write to, or the default's. A named
   * contact needs their own address: the default's would send the manager's questions to someone else.
   */
  private static String contactEmail(Inputs in) {
    String email = in.optionalText("contactEmail", LetterSettings.EMAIL_LENGTH);
    if (email == null && in.has("contactName")) {
      throw new InvalidInputException("contactEmail", "is required when the letter names a contact");
    }
    if (email != null && !email.matches("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+")) {
      throw new InvalidInputException("contactEmail", "must be an email address like grants@example.org (was '" + email + "')");
    }
    return email;
  }

  /** Every problem of a new programme's fields, in the form's order; empty when it may be created. */
  /** The sessions' time zone, if the programme names one; else {@code coachgrant.time-zone} applies. */
  private static String timeZone(Inputs in) {
    if (!in.has("timeZone")) {
      return null;
    }
    String zone = in.text("timeZone", 64);
    if (!ZoneId.getAvailableZoneIds().contains(zone)) {
      throw new InvalidInputException("timeZone", "must be a time zone like Europe/London (was '" + zone + "')");
    }
    return zone;
  }

  public List<InvalidInputException> problems(Map<String, Object> body) {
    List<InvalidInputException> problems = new ArrayList<>();
    body.keySet().stream().filter(field -> !FIELDS.contains(field)).sorted()
        .forEach(field -> problems.add(new InvalidInputException(field, "is not a field of a programme")));
    Inputs in = new Inputs(body);
    check(problems, () -> {
      String code = in.text("code", 40);
      if (!code.matches("[A-Za-z0-9-]+")) {
        throw new InvalidInputException("code", "may hold only letters, digits and hyphens (was '" + code + "')");
      }
      if (programmes.findProgrammeByCode(code).isPresent()) {
        throw new InvalidInputException("code", "a programme with the code '" + code + "' exists already");
      }
      return code;
    });
    check(problems, () -> in.text("name", 200));
    BigDecimal budget = check(problems, () -> in.money("budget", LARGEST_BUDGET));
    check(problems, () -> {
      BigDecimal cap = in.money("grantCap", budget == null ? LARGEST_BUDGET : budget);
      if (cap.signum() == 0) {
        throw new InvalidInputException("grantCap", "must be more than zero");
      }
      return cap;
    });
    check(problems, () -> {
      LocalDate deadline = in.date("planDeadline");
      LocalDate today = fmt.today();
      if (!deadline.isAfter(today)) {
        throw new InvalidInputException("planDeadline", "must be after today (was " + deadline + ")");
      }
      // a programme runs for months, not millennia: 9999-12-31 is a slip of the keyboard
      if (deadline.isAfter(today.plusYears(LATEST_DEADLINE_YEARS))) {
        throw new InvalidInputException("planDeadline", "must be within " + LATEST_DEADLINE_YEARS + " years, by "
            + Formats.date(today.plusYears(LATEST_DEADLINE_YEARS)) + " (was " + Formats.date(deadline) + ")");
      }
      return deadline;
    });
    check(problems, () -> whole(in, body, "groupSizeLimit", 1, 30, 6));
    check(problems, () -> whole(in, body, "sessionCount", 1, 20, 3));
    check(problems, () -> whole(in, body, "sessionMinutes", 15, 480, 120));
    check(problems, () -> whole(in, body, "impactReportWeeks", 1, 104, 8));
    check(problems, () -> whole(in, body, "followUpMonths", 1, 36, 6));
    check(problems, () -> whole(in, body, "reviewWorkingDays", 1, 60, 10));
    check(problems, () -> timeZone(in));
    check(problems, () -> in.optionalText("issuingBody", LetterSettings.NAME_LENGTH));
    check(problems, () -> in.optionalText("contactName", LetterSettings.NAME_LENGTH));
    check(problems, () -> contactEmail(in));
    check(problems, () -> in.optionalText("grantTerms", LetterSettings.TERMS_LENGTH));
    return problems;
  }

  /** Creates the programme, or refuses with its first problem, naming the field. */
  /** How far ahead a programme's plan deadline may be. */
  static final int LATEST_DEADLINE_YEARS = 3;

  @Transactional
  public Programme create(Map<String, Object> body) {
    List<InvalidInputException> problems = problems(body);
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    Inputs in = new Inputs(body);
    long id = programmes.createProgramme(in.text("code", 40), in.text("name", 200), in.money("budget", LARGEST_BUDGET),
        in.money("grantCap", LARGEST_BUDGET), in.date("planDeadline"), whole(in, body, "groupSizeLimit", 1, 30, 6),
        whole(in, body, "sessionCount", 1, 20, 3), whole(in, body, "sessionMinutes", 15, 480, 120),
        whole(in, body, "impactReportWeeks", 1, 104, 8), whole(in, body, "followUpMonths", 1, 36, 6));
    programmes.setReviewWorkingDays(id, whole(in, body, "reviewWorkingDays", 1, 60, 10));
    String zone = timeZone(in);
    if (zone != null) {
      programmes.setTimeZone(id, zone);
    }
    // the defaults are written down, so a letter reads the same after coachgrant.letter.* changes
    String issuingBody = in.optionalText("issuingBody", LetterSettings.NAME_LENGTH);
    String contactName = in.optionalText("contactName", LetterSettings.NAME_LENGTH);
    String contactEmail = contactEmail(in);
    String terms = in.optionalText("grantTerms", LetterSettings.TERMS_LENGTH);
    programmes.setLetter(id, issuingBody == null ? letters.issuingBody() : issuingBody,
        contactName == null ? letters.contactName() : contactName,
        contactEmail == null ? letters.contactEmail() : contactEmail,
        terms == null ? LetterSettings.STANDARD_TERMS : terms);
    return programmes.findProgramme(id).orElseThrow();
  }

  private static int whole(Inputs in, Map<String, Object> body, String field, int min, int max, int otherwise) {
    return in.has(field) ? Inputs.wholeNumber(field, body.get(field), min, max) : otherwise;
  }

  private static <T> T check(List<InvalidInputException> problems, Supplier<T> rule) {
    return Inputs.check(problems, rule);
  }
}
