package org.coachgrant.forms;

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

  private InvalidInputException(String field, String label, String rule) {
    super(field, label + ": " + rule);
    this.field = field;
  }

  /**
   * The same refusal as a person reads it, the field named by its label on the form {@code formId} ("Total grant
   * requested: must equal …"); the key stays in {@link #getField()} for integrators.
   */
  public InvalidInputException labelled(String formId) {
    String prefix = field + ": ";
    String label = FormLabels.of(formId, field);
    return label == null || !getMessage().startsWith(prefix) ? this
        : new InvalidInputException(field, label, getMessage().substring(prefix.length()));
  }

  public String getField() {
    return field;
  }
}
