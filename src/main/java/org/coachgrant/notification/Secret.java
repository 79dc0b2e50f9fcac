package org.coachgrant.notification;

/** A value an email carries but the outbox's stored copy must not, such as a first password. */
public record Secret(String value) {

  static final String MASK = "(not stored)";

  @Override
  public String toString() {
    return MASK;
  }
}
