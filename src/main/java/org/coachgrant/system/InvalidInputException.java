package org.coachgrant.system;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * Input that breaks a rule: names the field and the rule, so the person (or the REST client) knows what
 * to fix. Being a {@link BadUserRequestException}, the REST API answers it with 400 and this message.
 */
public class InvalidInputException extends BadUserRequestException {

  private final String field;

  public InvalidInputException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
  }

  public String getField() {
    return field;
  }
}
