package org.coachgrant.notification;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** A feature's part of what an email template can say, e.g. {@code $plan}, {@code $grant}. */
public interface EmailModelContributor {

  void contribute(DelegateExecution execution, Map<String, Object> model);
}
