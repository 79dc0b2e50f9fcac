package org.coachgrant.trainingplan;

import org.coachgrant.web.NextTask;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /plans/{id}/next}: the link in every email about a plan that asks someone to act (write or
 * revise it, review it, report its impact, handle it when overdue). It stays the same for the plan's
 * whole life; it opens whatever the signed-in person has to do on it now.
 */
@Controller
class PlanLinks {

  private final TrainingPlanRepository plans;
  private final NextTask next;

  PlanLinks(TrainingPlanRepository plans, NextTask next) {
    this.plans = plans;
    this.next = next;
  }

  @GetMapping("/plans/{id}/next")
  String next(@PathVariable String id) {
    if (!id.matches("\\d{1,18}")) {
      return next.open(null);
    }
    // the plan's process is only where to look: the task is looked for as the person
    return next.open(plans.find(Long.parseLong(id)).map(TrainingPlan::processInstanceId).orElse(null));
  }
}
