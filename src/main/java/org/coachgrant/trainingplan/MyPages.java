package org.coachgrant.trainingplan;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /my}: a manager's or coach's own page. For now the way to their tasks; the next issue fills it. */
@Controller
class MyPages {

  @GetMapping("/my")
  String my() {
    return "my/home";
  }
}
