package org.coachgrant.modelling;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.coachgrant.admin.Roles;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.Json;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * What administrators do with the models: see every process, decision table, form and template with
 * its versions; check and deploy a change as a new version; roll back to the previous version in one
 * step (a new version with the old content). Every change is recorded in {@link ModelChanges}.
 * Only administrators: everyone else gets 403, whichever door they come through.
 */
@Service
public class Models {

  /** A model or template and its versions, newest first. */
  record Item(String kind, String key, String name, String file, List<VersionRow> versions) {
    public long running() {
      return versions.stream().mapToLong(VersionRow::running).sum();
    }
  }

  record VersionRow(int version, String id, String deploymentId, Instant deployedAt, String deployedBy, long running) {}

  /** The answer to a deployment: the new version, or the problems that stopped it. */
  record Outcome(boolean deployed, String kind, String key, Integer fromVersion, Integer toVersion, String deploymentId,
      List<ModelChecks.Problem> problems, String diff) {}

  private static final int MAX_REASON = 2000;

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final ModelChecks checks;
  private final ModelChanges changes;
  private final TemplateVersions templateVersions;
  private final EmailTemplates templates;
  private final Callers callers;
  private final JdbcClient jdbc;
  private final String templateLocation;

  Models(RepositoryService repository, RuntimeService runtime, ModelChecks checks, ModelChanges changes,
      TemplateVersions templateVersions, EmailTemplates templates, Callers callers, JdbcClient jdbc,
      @Value("${coachgrant.mail.templates:classpath:/templates/}") String templateLocation) {
    this.repository = repository;
    this.runtime = runtime;
    this.checks = checks;
    this.changes = changes;
    this.templateVersions = templateVersions;
    this.templates = templates;
    this.callers = callers;
    this.jdbc = jdbc;
    this.templateLocation = templateLocation.endsWith("/") ? templateLocation : templateLocation + "/";
  }

  /** The signed-in administrator's id; 403 for anyone else. */
  String administrator() {
    return callers.requireAnyOf(Set.of(Roles.ADMINISTRATORS), "Only administrators change the process models and templates")
        .getUserId();
  }

  // ---- the catalogue

  List<Item> catalogue() {
    administrator();
    List<Item> items = new ArrayList<>();
    Map<String, List<ProcessDefinition>> processes = new java.util.TreeMap<>();
    repository.createProcessDefinitionQuery().list().forEach(d -> processes.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
    processes.forEach((key, definitions) -> {
      definitions.sort(Comparator.comparingInt(ProcessDefinition::getVersion).reversed());
      ProcessDefinition latest = definitions.get(0);
      items.add(new Item("PROCESS", key, latest.getName(), fileOnly(latest.getResourceName()), definitions.stream()
          .map(d -> new VersionRow(d.getVersion(), d.getId(), d.getDeploymentId(), deployedAt(d.getDeploymentId()),
              deployedBy(d.getDeploymentId()), runtime.createProcessInstanceQuery().processDefinitionId(d.getId()).count()))
          .toList()));
    });
    Map<String, List<org.camunda.bpm.engine.repository.DecisionDefinition>> decisions = new java.util.TreeMap<>();
    repository.createDecisionDefinitionQuery().list().forEach(d -> decisions.computeIfAbsent(d.getKey(), k -> new ArrayList<>()).add(d));
    decisions.forEach((key, definitions) -> {
      definitions.sort(Comparator.comparingInt(org.camunda.bpm.engine.repository.DecisionDefinition::getVersion).reversed());
      var latest = definitions.get(0);
      items.add(new Item("DECISION", key, latest.getName(), fileOnly(latest.getResourceName()), definitions.stream()
          .map(d -> new VersionRow(d.getVersion(), d.getId(), d.getDeploymentId(), deployedAt(d.getDeploymentId()),
              deployedBy(d.getDeploymentId()), 0)).toList()));
    });
    Map<String, List<VersionRow>> forms = new java.util.TreeMap<>();
    Map<String, String> formFiles = new LinkedHashMap<>();
    jdbc.sql("select ID_, KEY_, VERSION_, DEPLOYMENT_ID_, RESOURCE_NAME_ from ACT_RE_CAMFORMDEF order by KEY_, VERSION_ desc")
        .query(rs -> {
          formFiles.putIfAbsent(rs.getString(2), fileOnly(rs.getString(5)));
          forms.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new VersionRow(rs.getInt(3), rs.getString(1),
              rs.getString(4), deployedAt(rs.getString(4)), deployedBy(rs.getString(4)), 0));
        });
    forms.forEach((key, versions) -> items.add(new Item("FORM", key, key, formFiles.get(key), versions)));
    for (String template : templateNames()) {
      items.add(new Item("TEMPLATE", template, template, "templates/" + template, templateVersions.history(template).stream()
          .map(v -> new VersionRow(v.version(), template + "/" + v.version(), null, v.savedAt(), v.savedBy(), 0)).toList()));
    }
    return items;
  }

  private Instant deployedAt(String deploymentId) {
    Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
    return deployment == null || deployment.getDeploymentTime() == null ? null : deployment.getDeploymentTime().toInstant();
  }

  private String deployedBy(String deploymentId) {
    String by = jdbc.sql("select changed_by from model_change where deployment_id = ? order by id desc limit 1")
        .param(deploymentId).query(String.class).optional().orElse(null);
    if (by != null) {
      return by;
    }
    Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
    String source = deployment == null ? null : deployment.getSource();
    return source == null || source.isBlank() ? "the application at start-up" : source;
  }

  Set<String> templateNames() {
    Set<String> names = new TreeSet<>(jdbc.sql("select distinct template from template_version").query(String.class).list());
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver().getResources(templateLocation.replace("classpath:", "classpath*:") + "*/subject.vm")) {
        String path = resource.getURL().getPath();
        String[] parts = path.split("/");
        names.add(parts[parts.length - 2]);
      }
    } catch (IOException e) {
      throw new IllegalStateException("The email templates cannot be listed", e);
    }
    return names;
  }

  /** The content of a version of a model, as deployed. */
  String content(String kind, String key, Integer version) {
    administrator();
    return switch (kind) {
      case "TEMPLATE" -> Json.write(version == null ? templateVersions.current(key).parts()
          : templateVersions.history(key).stream().filter(v -> v.version() == version).findFirst()
              .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "version: template " + key + " has no version " + version))
              .parts());
      default -> new String(resourceBytes(kind, key, version), StandardCharsets.UTF_8);
    };
  }

  private byte[] resourceBytes(String kind, String key, Integer version) {
    String[] found = definition(kind, key, version);
    try (InputStream in = repository.getResourceAsStream(found[0], found[1])) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("Resource " + found[1] + " cannot be read", e);
    }
  }

  /** {deploymentId, resourceName, version} of a model's version (the latest if none is given). */
  private String[] definition(String kind, String key, Integer version) {
    String[] found = switch (kind) {
      case "PROCESS" -> {
        var query = repository.createProcessDefinitionQuery().processDefinitionKey(key);
        var d = version == null ? query.latestVersion().singleResult() : query.processDefinitionVersion(version).singleResult();
        yield d == null ? null : new String[] {d.getDeploymentId(), d.getResourceName(), String.valueOf(d.getVersion())};
      }
      case "DECISION" -> {
        var query = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key);
        var d = version == null ? query.latestVersion().singleResult() : query.decisionDefinitionVersion(version).singleResult();
        yield d == null ? null : new String[] {d.getDeploymentId(), d.getResourceName(), String.valueOf(d.getVersion())};
      }
      case "FORM" -> jdbc.sql("select DEPLOYMENT_ID_, RESOURCE_NAME_, VERSION_ from ACT_RE_CAMFORMDEF where KEY_ = ?"
          + (version == null ? "" : " and VERSION_ = " + version.intValue()) + " order by VERSION_ desc limit 1").param(key)
          .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).optional().orElse(null);
      default -> throw new InvalidInputException("kind", "must be PROCESS, DECISION, FORM or TEMPLATE");
    };
    if (found == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + kind.toLowerCase() + " " + key
          + (version == null ? "" : " version " + version) + " is deployed.");
    }
    return found;
  }

  // ---- checks and deployments

  List<ModelChecks.Problem> check(String file, byte[] content) {
    administrator();
    return checks.check(Map.of(fileName(file), content));
  }

  /** Checks and deploys one file as a new version of its model, and records the change. */
  @Transactional
  public Outcome deploy(String file, byte[] content, String reason) {
    String user = administrator();
    String name = fileName(file);
    String why = reason(reason);
    List<ModelChecks.Problem> problems = checks.check(Map.of(name, content));
    String kind = kindOf(name);
    String key = keyOf(kind, content);
    if (!problems.isEmpty()) {
      return new Outcome(false, kind, key, null, null, null, problems, null);
    }
    return deployChecked(kind, key, name, content, why, user, "DEPLOY");
  }

  /** Deploys the version before the latest again, as a new version. */
  @Transactional
  public Outcome rollback(String kind, String key, String reason) {
    String user = administrator();
    String why = reason(reason);
    String[] latest = definition(kind, key, null);
    int version = Integer.parseInt(latest[2]);
    if (version < 2) {
      throw new InvalidInputException("version", key + " has only one version: there is nothing to roll back to");
    }
    byte[] previous = resourceBytes(kind, key, version - 1);
    List<ModelChecks.Problem> problems = checks.check(Map.of(fileOnly(latest[1]), previous));
    if (!problems.isEmpty()) {
      return new Outcome(false, kind, key, version, null, null, problems, null);
    }
    return deployChecked(kind, key, fileOnly(latest[1]), previous, why, user, "ROLLBACK");
  }

  private Outcome deployChecked(String kind, String key, String file, byte[] content, String why, String user, String action) {
    String before = null;
    Integer fromVersion = null;
    try {
      String[] latest = definition(kind, key, null);
      fromVersion = Integer.parseInt(latest[2]);
      before = new String(resourceBytes(kind, key, fromVersion), StandardCharsets.UTF_8);
    } catch (ResponseStatusException nothingYet) {
      // a new model: its first version
    }
    String after = new String(content, StandardCharsets.UTF_8);
    if (after.equals(before)) {
      throw new InvalidInputException("file", "is the same as version " + fromVersion + " of " + key + ": nothing to deploy");
    }
    DeploymentWithDefinitions deployment = repository.createDeployment().name(DeploymentChecks.SOURCE + ": " + file)
        .source(DeploymentChecks.SOURCE).enableDuplicateFiltering(true)
        .addInputStream(file, new ByteArrayInputStream(content)).deployWithResult();
    Integer toVersion = Integer.valueOf(definition(kind, key, null)[2]);
    String diff = ModelChanges.diff(file, before, after);
    changes.record(kind, key, action, fromVersion, toVersion, deployment.getId(), user, ClockUtil.now().toInstant(), why,
        ("ROLLBACK".equals(action) ? "Rolled back " : "Deployed ") + kind.toLowerCase() + " " + key + " as version " + toVersion
            + ("ROLLBACK".equals(action) ? " (the content of version " + (fromVersion - 1) + ")" : ""), diff,
        ModelChanges.modelChanges(before, after));
    return new Outcome(true, kind, key, fromVersion, toVersion, deployment.getId(), List.of(), diff);
  }

  // ---- templates

  List<ModelChecks.Problem> checkTemplate(String template, Map<String, String> parts) {
    administrator();
    return checks.checkTemplate(templateName(template), parts);
  }

  /** Saves a checked template as its next version: the next email uses it. */
  @Transactional
  public Outcome saveTemplate(String template, Map<String, String> parts, String reason) {
    String user = administrator();
    String name = templateName(template);
    String why = reason(reason);
    List<ModelChecks.Problem> problems = checks.checkTemplate(name, parts);
    if (!problems.isEmpty()) {
      return new Outcome(false, "TEMPLATE", name, null, null, null, problems, null);
    }
    return saveChecked(name, parts, why, user, "DEPLOY");
  }

  @Transactional
  public Outcome rollbackTemplate(String template, String reason) {
    String user = administrator();
    String name = templateName(template);
    String why = reason(reason);
    List<TemplateVersions.Version> history = templateVersions.history(name);
    if (history.size() < 2) {
      throw new InvalidInputException("version", "template " + name + " has only one version: there is nothing to roll back to");
    }
    return saveChecked(name, history.get(1).parts(), why, user, "ROLLBACK");
  }

  private Outcome saveChecked(String name, Map<String, String> parts, String why, String user, String action) {
    TemplateVersions.Version current = templateVersions.current(name);
    if (current.parts().equals(parts)) {
      throw new InvalidInputException("template", "is the same as version " + current.version() + " of " + name + ": nothing to save");
    }
    int version = templateVersions.save(name, parts, user, ClockUtil.now().toInstant());
    StringBuilder diff = new StringBuilder();
    List<String> changed = new ArrayList<>();
    for (String part : EmailTemplates.PARTS) {
      String d = ModelChanges.diff(name + "/" + part, current.parts().get(part), parts.get(part));
      if (!d.isBlank()) {
        diff.append(d).append('\n');
        changed.add("Changed its " + switch (part) {
          case "subject.vm" -> "subject";
          case "body.txt.vm" -> "plain-text body";
          default -> "HTML body";
        });
      }
    }
    changes.record("TEMPLATE", name, action, current.version(), version, null, user, ClockUtil.now().toInstant(), why,
        ("ROLLBACK".equals(action) ? "Rolled back" : "Changed") + " template " + name + ": version " + version
            + ("ROLLBACK".equals(action) ? " (the content of version " + (current.version() - 1) + ")" : ""), diff.toString(),
        changed);
    return new Outcome(true, "TEMPLATE", name, current.version(), version, null, List.of(), diff.toString());
  }

  String requireTemplate(String template) {
    return templateName(template);
  }

  private String templateName(String template) {
    if (template == null || !template.matches("[a-z0-9-]{1,100}") || !templates.exists(template)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No email template is called " + template + ".");
    }
    return template;
  }

  // ---- rules of the input

  static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason", "is required: say why you make this change");
    }
    if (reason.length() > MAX_REASON) {
      throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters");
    }
    return reason.strip();
  }

  static String fileName(String file) {
    String name = file == null ? "" : file.replaceAll(".*[/\\\\]", "").strip();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,150}\\.(bpmn|dmn|form)")) {
      throw new InvalidInputException("file", "must be a .bpmn, .dmn or .form file whose name has letters, digits, dots, hyphens or underscores");
    }
    return name;
  }

  /** A resource's file name: the start-up deployment names resources by their place on disk, which nobody needs to see. */
  static String fileOnly(String resourceName) {
    return resourceName == null ? null : resourceName.replaceAll(".*[/\\\\]", "");
  }

  static String kindOf(String file) {
    return file.endsWith(".bpmn") ? "PROCESS" : file.endsWith(".dmn") ? "DECISION" : "FORM";
  }

  /** The key of the model in a file that passed the checks (the first process or decision, the form's id). */
  static String keyOf(String kind, byte[] content) {
    try {
      return switch (kind) {
        case "PROCESS" -> Bpmn.readModelFromStream(new ByteArrayInputStream(content)).getModelElementsByType(Process.class)
            .stream().filter(Process::isExecutable).findFirst().map(Process::getId).orElse(null);
        case "DECISION" -> Dmn.readModelFromStream(new ByteArrayInputStream(content)).getModelElementsByType(Decision.class)
            .stream().findFirst().map(Decision::getId).orElse(null);
        default -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(content).path("id").asText(null);
      };
    } catch (Exception unreadable) {
      return null;
    }
  }

  static List<String> kinds() {
    return Arrays.asList("PROCESS", "DECISION", "FORM", "TEMPLATE");
  }
}
