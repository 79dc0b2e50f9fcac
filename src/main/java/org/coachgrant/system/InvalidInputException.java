package org.coachgrant.system;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Input that breaks a rule: names the field and the rule, so the person (or the REST client) knows what
 * to fix. The REST API answers a form field validation error with 400 and this message.
 */
public class InvalidInputException extends FormFieldValidationException {

  private final String field;

  public InvalidInputException(String field, String rule) {
    super(field, field + ": " + rule);
    this.field = field;
  }

  public String getField() {
    return field;
  }
}
