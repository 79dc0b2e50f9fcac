package org.coachgrant.modelling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Moves the running instances of an older version of a process to a newer one, with the engine's
 * migration API: Coachgrant builds the plan (steps with the same id map to each other), tries each
 * instance in a transaction it then rolls back, so the administrator sees which can move and, for the
 * others, why not in plain words; then migrates those that can as a batch. The others finish on their
 * version. (Cockpit's migration is an enterprise feature; this is Coachgrant's.)
 */
@Service
public class Migrations {

  record InstanceCheck(String processInstanceId, String businessKey, boolean canMove, List<String> reasons) {}

  record Preview(String key, int fromVersion, int toVersion, List<String> planProblems, List<InstanceCheck> instances) {
    public long movable() {
      return instances.stream().filter(InstanceCheck::canMove).count();
    }
  }

  record Started(String batchId, int instances, int toVersion, List<InstanceCheck> left) {}

  private static final int MAX_INSTANCES = 2000;

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final TransactionTemplate transactions;
  private final Models models;
  private final ModelChanges changes;

  Migrations(RuntimeService runtime, RepositoryService repository, TransactionTemplate transactions, Models models,
      ModelChanges changes) {
    this.runtime = runtime;
    this.repository = repository;
    this.transactions = transactions;
    this.models = models;
    this.changes = changes;
  }

  /** Which instances of {@code fromVersion} can move to the latest version (or {@code toVersion}), and why not. */
  public Preview preview(String key, int fromVersion, Integer toVersion) {
    models.administrator();
    ProcessDefinition source = version(key, fromVersion);
    ProcessDefinition target = toVersion == null ? latest(key) : version(key, toVersion);
    if (source.getId().equals(target.getId())) {
      throw new InvalidInputException("fromVersion", "is the version to move to: choose an older version");
    }
    List<String> planProblems = new ArrayList<>();
    MigrationPlan plan = plan(source, target, planProblems);
    List<InstanceCheck> checks = new ArrayList<>();
    List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processDefinitionId(source.getId())
        .listPage(0, MAX_INSTANCES);
    BpmnModelInstance sourceModel = repository.getBpmnModelInstance(source.getId());
    for (ProcessInstance instance : instances) {
      if (plan == null) {
        checks.add(new InstanceCheck(instance.getId(), instance.getBusinessKey(), false, planProblems));
      } else {
        checks.add(tryMoving(plan, instance, sourceModel, target.getVersion()));
      }
    }
    return new Preview(key, source.getVersion(), target.getVersion(), planProblems, checks);
  }

  /** Migrates, as a batch, every instance of {@code fromVersion} that can move; the others stay. */
  public Started migrate(String key, int fromVersion, Integer toVersion, String reason) {
    String user = models.administrator();
    String why = Models.reason(reason);
    Preview preview = preview(key, fromVersion, toVersion);
    List<String> movable = preview.instances().stream().filter(InstanceCheck::canMove).map(InstanceCheck::processInstanceId).toList();
    List<InstanceCheck> left = preview.instances().stream().filter(i -> !i.canMove()).toList();
    if (movable.isEmpty()) {
      throw new InvalidInputException("fromVersion", "no running instance of version " + fromVersion + " can move to version "
          + preview.toVersion());
    }
    ProcessDefinition source = version(key, fromVersion);
    ProcessDefinition target = version(key, preview.toVersion());
    MigrationPlan plan = plan(source, target, new ArrayList<>());
    Batch batch = runtime.newMigration(plan).processInstanceIds(movable).skipCustomListeners().executeAsync();
    changes.record("MIGRATION", key, "MIGRATE", fromVersion, preview.toVersion(), null, user, ClockUtil.now().toInstant(), why,
        "Moving " + movable.size() + " running instance" + (movable.size() == 1 ? "" : "s") + " of " + key + " from version "
            + fromVersion + " to version " + preview.toVersion() + " (batch " + batch.getId() + "); " + left.size()
            + " left to finish on version " + fromVersion, null, null);
    return new Started(batch.getId(), movable.size(), preview.toVersion(), left);
  }

  private MigrationPlan plan(ProcessDefinition source, ProcessDefinition target, List<String> problems) {
    try {
      return runtime.createMigrationPlan(source.getId(), target.getId()).mapEqualActivities().updateEventTriggers().build();
    } catch (MigrationPlanValidationException e) {
      for (MigrationInstructionValidationReport report : e.getValidationReport().getInstructionReports()) {
        report.getFailures().forEach(f -> problems.add("The step " + report.getMigrationInstruction().getSourceActivityId()
            + " cannot be mapped to version " + target.getVersion() + ": " + plain(f)));
      }
      if (problems.isEmpty()) {
        problems.add("Version " + source.getVersion() + " cannot be mapped to version " + target.getVersion() + ".");
      }
      return null;
    }
  }

  /** Migrates one instance in a transaction that is always rolled back: the engine says whether it could move. */
  private InstanceCheck tryMoving(MigrationPlan plan, ProcessInstance instance, BpmnModelInstance sourceModel, int toVersion) {
    List<String> reasons = new ArrayList<>();
    try {
      transactions.executeWithoutResult(status -> {
        status.setRollbackOnly();
        runtime.newMigration(plan).processInstanceIds(instance.getId()).skipCustomListeners().skipIoMappings().execute();
      });
    } catch (MigratingProcessInstanceValidationException e) {
      Set<String> words = new LinkedHashSet<>();
      for (MigratingActivityInstanceValidationReport report : e.getValidationReport().getActivityInstanceReports()) {
        report.getFailures().forEach(f -> words.add(step(sourceModel, report.getSourceScopeId(), toVersion, f)));
      }
      for (MigratingTransitionInstanceValidationReport report : e.getValidationReport().getTransitionInstanceReports()) {
        report.getFailures().forEach(f -> words.add(step(sourceModel, report.getSourceScopeId(), toVersion, f)));
      }
      e.getValidationReport().getFailures().forEach(f -> words.add(plain(f)));
      reasons.addAll(words);
    } catch (RuntimeException e) {
      reasons.add(plain(e.getMessage() == null ? "the engine refused to move it" : e.getMessage()));
    }
    return new InstanceCheck(instance.getId(), instance.getBusinessKey(), reasons.isEmpty(), reasons);
  }

  private static String step(BpmnModelInstance model, String activityId, int toVersion, String failure) {
    FlowElement element = model.getModelElementById(activityId);
    String name = element == null || element.getName() == null ? activityId : "\"" + element.getName() + "\" (" + activityId + ")";
    if (failure.contains("no migration instruction") || failure.contains("There is no migration instruction")) {
      return "It waits at the step " + name + ", which version " + toVersion + " does not have: it can finish on its own version.";
    }
    return "At the step " + name + ": " + plain(failure);
  }

  private static String plain(String failure) {
    return failure.replaceAll("\\b(?:java|javax|jakarta|org|com)\\.[\\w$.]*\\w:?\\s*", "").replaceAll("ENGINE-\\d+\\s*", "").strip();
  }

  private ProcessDefinition version(String key, int version) {
    ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key)
        .processDefinitionVersion(version).singleResult();
    if (definition == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Process " + key + " has no version " + version + ".");
    }
    return definition;
  }

  private ProcessDefinition latest(String key) {
    ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
    if (definition == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No process is called " + key + ".");
    }
    return definition;
  }
}
