package org.coachgrant.notification;

/**
 * A value an email carries but nothing stores, such as a first password: a model puts this in its place, the
 * outbox keeps the email with {@link #MASK} there, and the dispatcher asks the {@link SecretIssuer} of
 * {@code kind} for the value as it sends, in the transaction that marks the email sent.
 */
public record Secret(String kind, String subject) {

  static final String MASK = "(not stored)";

  /** How the outbox names this secret: {@code kind:subject}. */
  String reference() {
    return kind + ":" + subject;
  }

  static Secret of(String reference) {
    int colon = reference.indexOf(':');
    return new Secret(reference.substring(0, colon), reference.substring(colon + 1));
  }

  @Override
  public String toString() {
    return MASK;
  }
}
