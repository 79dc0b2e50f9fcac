package org.coachgrant.privacy;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/people}: a person's data for a subject access request (administrators, or the person themselves). The
 * same answer as the page {@code /admin/people/{userId}} and the person's own download, {@code /my/data}.
 */
@RestController
class PeopleApi {

  private final PersonalData data;

  PeopleApi(PersonalData data) {
    this.data = data;
  }

  @GetMapping("/api/people/{userId}/data")
  PersonalData.Report data(@PathVariable String userId) {
    return data.of(userId);
  }
}
