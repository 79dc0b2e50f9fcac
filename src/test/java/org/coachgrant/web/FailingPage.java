package org.coachgrant.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A page whose POST fails while rendering, as a broken view would: top level, so that it is scanned into the
 * tests' shared context (a class nested in a test is left out).
 */
@Controller
class FailingPage {
  static final String PATH = "/test-only/failing-page";

  @PostMapping(PATH)
  String failing() {
    return "test-only/no-such-view";
  }
}
