package org.coachgrant.web;

import org.coachgrant.forms.InvalidInputException;

import java.util.Map;
import org.coachgrant.security.BodyTooLargeException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Coachgrant's own endpoints answer refused input as the REST API does: a 4xx, the field and the rule. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(InvalidInputException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Map<String, String> invalid(InvalidInputException e) {
    return Map.of("type", "InvalidInput", "field", e.getField(), "message", e.getMessage());
  }

  /** An upload read past the gateway's limit (sent in chunks, so it could not be refused before it was read). */
  @ExceptionHandler(BodyTooLargeException.class)
  @ResponseStatus(HttpStatus.PAYLOAD_TOO_LARGE)
  Map<String, String> tooLarge(BodyTooLargeException e) {
    return Map.of("type", "InvalidInput", "field", "body", "message", e.getMessage());
  }
}
