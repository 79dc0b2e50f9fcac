package org.coachgrant.trainingplan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Description;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.coachgrant.security.SystemAccess;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Which rule of the approval rules (processes/approvalRules.dmn, the latest deployed, as the process evaluates it)
 * asks for a plan's senior approval, in the words of that rule's description: the thresholds stay in the table
 * alone. The engine's own evaluation does not say which rule matched, so the deployed table is evaluated here by
 * a DMN engine of its own that listens for the matching rule, on the inputs the process gives it.
 */
@Component
public class ApprovalRules {

  static final String DECISION = "approvalRules";

  /** The table evaluated last on this thread: the listener is called within {@link DmnEngine#evaluateDecision}. */
  private static final ThreadLocal<DmnDecisionTableEvaluationEvent> EVALUATED = new ThreadLocal<>();

  private final RepositoryService repository;
  private final TrainingPlanService plans;
  private final org.springframework.beans.factory.ObjectProvider<org.camunda.bpm.engine.ProcessEngine> processEngine;
  private volatile DmnEngine engine;

  ApprovalRules(@Lazy RepositoryService repository, TrainingPlanService plans,
      org.springframework.beans.factory.ObjectProvider<org.camunda.bpm.engine.ProcessEngine> processEngine) {
    this.repository = repository;
    this.plans = plans;
    this.processEngine = processEngine;
  }

  /**
   * A DMN engine that tells which rule matched, evaluating as the process engine's own does: the same sandboxed
   * expressions, no script engine, the same FEEL.
   */
  private DmnEngine engine() {
    if (engine == null) {
      DefaultDmnEngineConfiguration own = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
          processEngine.getObject().getProcessEngineConfiguration()).getDmnEngineConfiguration();
      DefaultDmnEngineConfiguration configuration =
          (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
      configuration.elProvider(own.getElProvider()).scriptEngineResolver(own.getScriptEngineResolver())
          .feelEngineFactory(own.getFeelEngineFactory())
          .defaultInputExpressionExpressionLanguage(own.getDefaultInputExpressionExpressionLanguage())
          .defaultInputEntryExpressionLanguage(own.getDefaultInputEntryExpressionLanguage())
          .defaultOutputEntryExpressionLanguage(own.getDefaultOutputEntryExpressionLanguage())
          .defaultLiteralExpressionLanguage(own.getDefaultLiteralExpressionLanguage());
      configuration.customPostDecisionTableEvaluationListeners(List.of(EVALUATED::set));
      engine = configuration.buildEngine();
    }
    return engine;
  }

  /** The table's inputs for a version of a plan: its total, and how many grants the setting had from other plans. */
  public Map<String, Object> inputs(TrainingPlan plan, PlanContent version) {
    return Map.of(TrainingPlanProcess.REQUESTED_AMOUNT.name(), version.totalRequested().doubleValue(),
        TrainingPlanProcess.PREVIOUS_GRANTS.name(), plans.previousGrants(plan));
  }

  /**
   * Why the plan's current version needs a senior approval: the description of the rule that asks for it; empty
   * when the rule that matched asks for none.
   */
  public Optional<String> whySeniorApproval(long planId) {
    TrainingPlan plan = plans.findPlan(planId).orElseThrow();
    Optional<PlanContent> current = plans.currentVersion(planId).map(PlanVersion::content);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    DmnModelInstance model = SystemAccess.run(() -> {
      DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION)
          .latestVersion().singleResult();
      return repository.getDmnModelInstance(latest.getId());
    });
    DmnEngine engine = engine();
    DmnDecision decision = engine.parseDecision(DECISION, model);
    DmnDecisionTableEvaluationEvent evaluated;
    try {
      engine.evaluateDecision(decision, inputs(plan, current.get()));
      evaluated = EVALUATED.get();
    } finally {
      EVALUATED.remove();
    }
    if (evaluated == null || evaluated.getMatchingRules().isEmpty()) {
      return Optional.empty();
    }
    DmnEvaluatedDecisionRule matched = evaluated.getMatchingRules().get(0);
    DmnEvaluatedOutput required = matched.getOutputEntries().get(TrainingPlanProcess.SENIOR_APPROVAL_REQUIRED.name());
    if (required == null || Boolean.FALSE.equals(required.getValue().getValue())) {
      return Optional.empty();
    }
    Rule rule = model.getModelElementById(matched.getId());
    Description description = rule == null ? null : rule.getDescription();
    return Optional.of(description == null || description.getTextContent().isBlank()
        ? "The approval rules' rule " + matched.getId() + " asks for it"
        : description.getTextContent().strip());
  }
}
