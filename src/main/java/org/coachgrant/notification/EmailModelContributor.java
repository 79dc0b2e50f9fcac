package org.coachgrant.notification;

import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** A feature's part of what an email template can say, e.g. {@code $plan}, {@code $grant}. */
public interface EmailModelContributor {

  void contribute(DelegateExecution execution, Map<String, Object> model);

  /**
   * The names this contributor gives the emails of a process ({@code plan}, {@code setting}), so a
   * template change can be checked before it is deployed: a template may use only what its step has.
   */
  Set<String> provides(String processKey);
}
