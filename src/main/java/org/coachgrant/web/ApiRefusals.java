package org.coachgrant.web;

import org.coachgrant.system.ConflictRetries;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * A refusal of Coachgrant's own API says why, in the same shape as the REST API's
 * ({@code {"type", "message"}}), instead of Spring's bare status body. Pages keep their friendly pages.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiRefusals {

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, String>> refused(ResponseStatusException e) {
    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
    String type = switch (e.getStatusCode().value()) {
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 413 -> "TooLarge";
      default -> e.getStatusCode().is4xxClientError() ? "InvalidInput" : "ServerError";
    };
    String reason = e.getReason() != null ? e.getReason() : status != null ? status.getReasonPhrase() : "Refused";
    return ResponseEntity.status(e.getStatusCode()).body(Map.of("type", type, "message", reason));
  }

  /** A collision that outlasted {@link ConflictRetries}, or a change of Coachgrant's own that met one: nothing was saved. */
  @ExceptionHandler(org.camunda.bpm.engine.OptimisticLockingException.class)
  @ResponseStatus(HttpStatus.CONFLICT)
  Map<String, String> conflict() {
    return Map.of("type", "Conflict", "message", ConflictRetries.MESSAGE);
  }

  /** A body that is not JSON, or not of the shape the call takes: which member, where Jackson says. */
  @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  Map<String, String> unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
    String member = e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()
        && mapping.getPath().get(0).getFieldName() != null ? mapping.getPath().get(0).getFieldName() : "body";
    return Map.of("type", "InvalidInput", "field", member, "message", member + ": does not have the shape this call takes");
  }

  @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
  @ResponseStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
  Map<String, String> mediaType(org.springframework.web.HttpMediaTypeNotSupportedException e) {
    return Map.of("type", "UnsupportedMediaType", "field", "Content-Type", "message",
        "Content-Type: must be " + (e.getSupportedMediaTypes().isEmpty() ? "one this call takes"
            : e.getSupportedMediaTypes().get(0).toString()));
  }
}
