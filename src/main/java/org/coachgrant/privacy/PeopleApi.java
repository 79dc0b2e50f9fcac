package org.coachgrant.privacy;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/people}: a person's data for a subject access request (administrators, or the person themselves), the
 * same answer as the page {@code /admin/people/{userId}} and the person's own download, {@code /my/data}; and the
 * person's erasure (administrators only).
 */
@RestController
class PeopleApi {

  private final PersonalData data;
  private final Erasure erasure;

  PeopleApi(PersonalData data, Erasure erasure) {
    this.data = data;
    this.erasure = erasure;
  }

  @GetMapping("/api/people/{userId}/data")
  PersonalData.Report data(@PathVariable String userId) {
    return data.of(userId);
  }

  /** The body of an erasure: why (the person's request and its date, say), naming nobody. */
  record ErasureRequest(String reason) {}

  @PostMapping("/api/people/{userId}/erasure")
  Erasure.Result erase(@PathVariable String userId, @RequestBody(required = false) ErasureRequest request) {
    return erasure.erase(userId, request == null ? null : request.reason());
  }
}
