package org.coachgrant.programme;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.coachgrant.format.WebFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a programme's grant letter says besides the grant: the body that issues it, the person a manager
 * contacts (name and email) and the terms. A programme names its own when it is created; one that names
 * none (created before they existed, or through the repository) gets {@code coachgrant.letter.*} and the
 * standard terms, so no letter goes out unsigned.
 */
@Component
public class LetterSettings {

  /** The terms of a programme that sets none, one per line: what every grant of the scheme asks. */
  public static final String STANDARD_TERMS = String.join("\n",
      "Use the grant only for the training actions listed in this letter, for staff working in your setting.",
      "If a course is cancelled, or you need a different course or provider, ask us before you spend the grant"
          + " on anything else.",
      "Keep the invoices and receipts for the training, and quote the grant reference whenever you contact us"
          + " about this grant.",
      "Share the learning in your setting as set out in your cascading learning plan, so it stays with your team"
          + " when staff move on.",
      "Send the impact report by its due date; grant not spent on the approved training is returned to the programme.");

  static final int NAME_LENGTH = 200;
  static final int EMAIL_LENGTH = 254;
  static final int TERMS_LENGTH = 4000;

  /** The letter's part that is the programme's: who signs it, whom to contact, on which terms, and its zone. */
  public record Letterhead(String issuingBody, String contactName, String contactEmail, List<String> terms, ZoneId zone) {

    /** The day a moment fell on where the programme is: a letter's date is the programme's, not the server's. */
    public LocalDate day(Instant at) {
      return at == null ? null : at.atZone(zone).toLocalDate();
    }
  }

  private final String issuingBody;
  private final String contactName;
  private final String contactEmail;
  private final WebFormat fmt;

  LetterSettings(@Value("${coachgrant.letter.issuing-body:Coachgrant}") String issuingBody,
      @Value("${coachgrant.letter.contact-name:The programme team}") String contactName,
      @Value("${coachgrant.letter.contact-email:coachgrant@example.org}") String contactEmail,
      WebFormat fmt) {
    this.issuingBody = issuingBody;
    this.contactName = contactName;
    this.contactEmail = contactEmail;
    this.fmt = fmt;
  }

  public Letterhead of(Programme programme) {
    String terms = programme.grantTerms() == null ? STANDARD_TERMS : programme.grantTerms();
    return new Letterhead(or(programme.issuingBody(), issuingBody), or(programme.contactName(), contactName),
        or(programme.contactEmail(), contactEmail),
        Arrays.stream(terms.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList(),
        fmt.zone(programme.timeZone()));
  }

  /** The defaults, as the programme form says them ("leave empty for …"). */
  public String issuingBody() {
    return issuingBody;
  }

  public String contactName() {
    return contactName;
  }

  public String contactEmail() {
    return contactEmail;
  }

  private static String or(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }
}
