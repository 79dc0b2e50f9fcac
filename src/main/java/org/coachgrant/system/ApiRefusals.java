package org.coachgrant.system;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
}
