package org.coachgrant.system;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Coachgrant's own endpoints answer refused input as the REST API does: 400, the field and the rule. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(InvalidInputException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Map<String, String> invalid(InvalidInputException e) {
    return Map.of("type", "InvalidInput", "field", e.getField(), "message", e.getMessage());
  }
}
