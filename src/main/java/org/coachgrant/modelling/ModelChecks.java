package org.coachgrant.modelling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.dmn.Dmn;
import org.coachgrant.notification.CommonEmailModel;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.notification.EmailTemplates;
import org.coachgrant.security.ScriptRules;
import org.coachgrant.forms.Json;
import org.coachgrant.system.ModelBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Everything Coachgrant checks before a process, decision table, form or email template is deployed,
 * whichever door it comes through (the administrators' page, or {@code /engine-rest/deployment/create}
 * from Camunda Modeler: see {@link DeploymentChecks}). Each problem names the file, the element (its
 * name and id) and the rule, in plain words.
 */
@Component
public class ModelChecks {

  static final String CAMUNDA_BPMN = "http://camunda.org/schema/1.0/bpmn";
  static final String CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn";

  /** What every email has, whatever its step: see notification/SendEmailDelegate. */

  /** A modeller's generated id used as a name ({@code Activity_0x9f3kd}): not something a person can read. */
  private static final Pattern GENERATED = Pattern.compile("^[A-Za-z]+_[0-9a-z]{7}$");
  private static final Pattern ROOT = Pattern.compile("\\$\\{\\s*!?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*([.(}])");
  private static final Pattern CALL_ON_EXECUTION = Pattern.compile(
      "([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\.\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\(\\s*(?:execution|task)\\b");
  private static final Pattern VELOCITY_REFERENCE = Pattern.compile("(?<!\\\\)\\$!?\\{?([a-zA-Z][a-zA-Z0-9_-]*)");
  private static final Pattern VELOCITY_LOCAL = Pattern.compile("#\\{?(?:foreach|set)\\}?\\s*\\(\\s*\\$!?\\{?([a-zA-Z][a-zA-Z0-9_-]*)");
  /** Names the engine itself gives every expression. */
  private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "authenticatedUserId", "variableScope",
      "true", "false", "null", "empty", "not");

  /**
   * One problem: where, which rule, and what to do, in plain words. Serializable: a rollback's problems reach the next
   * page as a flash attribute, kept in the session, which is in the database.
   */
  public record Problem(String file, String elementId, String rule, String message) implements java.io.Serializable {}

  private final ApplicationContext context;
  private final ProcessEngine engine;
  private final EmailTemplates templates;
  private final List<EmailModelContributor> contributors;

  ModelChecks(ApplicationContext context, @Lazy ProcessEngine engine, EmailTemplates templates,
      @Lazy List<EmailModelContributor> contributors) {
    this.context = context;
    this.engine = engine;
    this.templates = templates;
    this.contributors = contributors;
  }

  /** Checks files deployed together: a form in the same deployment counts as deployed for a formRef. */
  public List<Problem> check(Map<String, byte[]> files) {
    List<Problem> problems = new ArrayList<>();
    Set<String> includedForms = new HashSet<>();
    files.forEach((name, bytes) -> {
      if (name.endsWith(".form")) {
        form(name, bytes, problems).ifPresent(includedForms::add);
      }
    });
    files.forEach((name, bytes) -> {
      if (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml")) {
        bpmn(name, bytes, includedForms, problems);
      } else if (name.endsWith(".dmn") || name.endsWith(".dmn11.xml")) {
        dmn(name, bytes, problems);
      }
    });
    return problems;
  }

  /**
   * Checks a template's parts before they are saved: they parse and render with the emails' own engine (so
   * {@code #parse} and {@code #include} name only template parts), and use only names that every step
   * sending this template provides (the steps of the latest deployed processes that name it).
   */
  public List<Problem> checkTemplate(String template, Map<String, String> parts) {
    List<Problem> problems = new ArrayList<>();
    String file = "templates/" + template;
    for (String part : EmailTemplates.PARTS) {
      String text = parts.get(part);
      if (text == null || text.isBlank()) {
        problems.add(new Problem(file + "/" + part, null, "template-part",
            "Template \"" + template + "\", " + part + ": is empty; every template needs a subject, a text body and an HTML body."));
        continue;
      }
      templates.problem(template, part, text).ifPresent(problem ->
          problems.add(new Problem(file + "/" + part, null, problem.rule(), problem.getMessage())));
    }
    Map<String, Set<String>> senders = sendersOf(template);
    for (Map.Entry<String, Set<String>> sender : senders.entrySet()) {
      Set<String> provided = provides(sender.getValue());
      for (String part : EmailTemplates.PARTS) {
        for (String name : velocityNames(parts.getOrDefault(part, ""))) {
          if (!provided.contains(name)) {
            problems.add(new Problem(file + "/" + part, sender.getKey(), "template-variable", "Template \"" + template
                + "\", " + part + ": uses $" + name + ", which the step " + sender.getKey() + " does not provide (it has: "
                + String.join(", ", new TreeSet<>(provided)) + ")."));
          }
        }
      }
    }
    return problems;
  }

  // ---- BPMN

  private void bpmn(String file, byte[] bytes, Set<String> includedForms, List<Problem> problems) {
    Document xml;
    try {
      Bpmn.readModelFromStream(new ByteArrayInputStream(bytes));
      xml = ScriptRules.dom(bytes);
    } catch (Exception e) {
      problems.add(new Problem(file, null, "parses", file + " does not parse as BPMN 2.0: " + reason(e)));
      return;
    }
    scriptRules(file, bytes, problems);
    enginesOwnParse(file, bytes, problems);
    Set<String> beans = Set.of(context.getBeanNamesForAnnotation(ModelBean.class));
    NodeList processes = xml.getElementsByTagNameNS("*", "process");
    for (int p = 0; p < processes.getLength(); p++) {
      Element process = (Element) processes.item(p);
      if ("false".equals(process.getAttribute("isExecutable"))) {
        continue;
      }
      String key = process.getAttribute("id");
      if (process.getAttributeNS(CAMUNDA_BPMN, "historyTimeToLive").isBlank()) {
        problems.add(new Problem(file, key, "history-time-to-live", "Process " + describe(process)
            + ": has no history time-to-live; set how many days its history is kept (Coachgrant's models keep 1825)."));
      }
      readableName(file, process, "process", problems);
      walk(file, key, process, beans, includedForms, problems);
    }
  }

  private void walk(String file, String processKey, Element element, Set<String> beans, Set<String> includedForms,
      List<Problem> problems) {
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        element(file, processKey, e, beans, includedForms, problems);
        walk(file, processKey, e, beans, includedForms, problems);
      }
    }
  }

  private void element(String file, String processKey, Element e, Set<String> beans, Set<String> includedForms,
      List<Problem> problems) {
    String tag = e.getLocalName();
    if ("userTask".equals(tag)) {
      readableName(file, e, "user task", problems);
      boolean someone = !e.getAttributeNS(CAMUNDA_BPMN, "assignee").isBlank()
          || !e.getAttributeNS(CAMUNDA_BPMN, "candidateGroups").isBlank()
          || !e.getAttributeNS(CAMUNDA_BPMN, "candidateUsers").isBlank()
          || e.getElementsByTagNameNS("*", "potentialOwner").getLength() > 0
          || e.getElementsByTagNameNS("*", "humanPerformer").getLength() > 0;
      if (!someone) {
        problems.add(new Problem(file, e.getAttribute("id"), "assignment", "User task " + describe(e)
            + ": nobody would see it in Tasklist; give it an assignee (such as ${managerId}) or a candidate group (such as reviewers)."));
      }
    } else if (tag.endsWith("Event") && !tag.equals("escalationEventDefinition")
        && (!e.getAttributeNS(CAMUNDA_BPMN, "formRef").isBlank() || "startEvent".equals(tag)
            && "process".equals(((Element) e.getParentNode()).getLocalName()))) {
      // a start event is what Tasklist's "Start process" shows; an event with a form is shown to a person
      readableName(file, e, "event", problems);
    }
    String formRef = e.getAttributeNS(CAMUNDA_BPMN, "formRef");
    if (!formRef.isBlank() && !formRef.contains("${") && !includedForms.contains(formRef) && !formDeployed(formRef)) {
      problems.add(new Problem(file, e.getAttribute("id"), "form", describeKind(e) + ": its form \"" + formRef
          + "\" is not deployed and not in this deployment; deploy the .form file with this id first, or include it."));
    }
    for (String attribute : List.of("delegateExpression", "expression")) {
      String expression = e.getAttributeNS(CAMUNDA_BPMN, attribute);
      beanNames(expression, "delegateExpression".equals(attribute)).stream().filter(name -> !beans.contains(name))
          .forEach(name -> problems.add(new Problem(file, e.getAttribute("id"), "bean", describeKind(e) + ": ${" + name
              + "} names no bean Coachgrant has; the beans a model may name are: " + String.join(", ", new TreeSet<>(beans)) + ".")));
    }
    if (Set.of("conditionExpression", "timeDate", "timeDuration", "timeCycle", "loopCardinality").contains(e.getLocalName())
        || "inputParameter".equals(tag) || "outputParameter".equals(tag)) {
      Element owner = owner(e);
      beanNames(e.getTextContent(), false).stream().filter(name -> !beans.contains(name))
          .forEach(name -> problems.add(new Problem(file, owner.getAttribute("id"), "bean", describeKind(owner) + ": ${"
              + name + "} names no bean Coachgrant has; the beans a model may name are: "
              + String.join(", ", new TreeSet<>(beans)) + ".")));
    }
    if ("inputParameter".equals(tag) && "template".equals(e.getAttribute("name")) && !e.getTextContent().contains("${")) {
      template(file, processKey, owner(e), e.getTextContent().strip(), problems);
    }
  }

  private void template(String file, String processKey, Element step, String template, List<Problem> problems) {
    if (!template.matches("[a-z0-9-]+") || !templates.exists(template)) {
      problems.add(new Problem(file, step.getAttribute("id"), "template", describeKind(step) + ": its email template \""
          + template + "\" has no files; add templates/" + template + "/ (subject.vm, body.txt.vm, body.html.vm) first."));
      return;
    }
    Set<String> provided = provides(Set.of(processKey));
    Set<String> missing = new TreeSet<>();
    for (String part : EmailTemplates.PARTS) {
      templates.text(template, part).ifPresent(text -> velocityNames(text).stream()
          .filter(name -> !provided.contains(name)).forEach(missing::add));
    }
    if (!missing.isEmpty()) {
      problems.add(new Problem(file, step.getAttribute("id"), "template-variable", describeKind(step) + ": its template \""
          + template + "\" uses " + String.join(", ", missing.stream().map(n -> "$" + n).toList())
          + ", which this step does not provide (it has: " + String.join(", ", new TreeSet<>(provided)) + ")."));
    }
  }

  /** Scripts, classes and expressions: the trust boundary's rules ({@link ScriptRules}), with the other problems. */
  private static void scriptRules(String file, byte[] bytes, List<Problem> problems) {
    try {
      ScriptRules.check(file, bytes).forEach(r -> problems.add(new Problem(file, r.elementId(), r.rule(), r.message())));
    } catch (Exception e) {
      problems.add(new Problem(file, null, "parses", file + " does not parse: " + reason(e)));
    }
  }

  /**
   * The engine's own parse of the BPMN, as at deployment but without deploying: what the engine would refuse
   * (an expression that does not parse, a timer without a definition), listed with the other problems.
   */
  private void enginesOwnParse(String file, byte[] bytes, List<Problem> problems) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    var parser = configuration.getDeployers().stream()
        .filter(org.camunda.bpm.engine.impl.bpmn.deployer.BpmnDeployer.class::isInstance)
        .map(d -> ((org.camunda.bpm.engine.impl.bpmn.deployer.BpmnDeployer) d).getBpmnParser()).findFirst().orElseThrow();
    try {
      // its own transaction: a refusal must not mark the deployment's transaction for rollback
      configuration.getCommandExecutorTxRequiresNew().execute(command -> parser.createParse()
          .sourceInputStream(new ByteArrayInputStream(bytes))
          .deployment(new org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity()).name(file).execute());
    } catch (org.camunda.bpm.engine.ParseException e) {
      e.getResorceReports().forEach(report -> report.getErrors().forEach(error -> problems.add(new Problem(file,
          error.getMainElementId(), "engine", file + ": the engine refuses it: " + reason(new IllegalStateException(error.getMessage()))))));
    } catch (RuntimeException e) {
      problems.add(new Problem(file, null, "engine", file + ": the engine refuses it: " + reason(e)));
    }
  }

  /** The element a parameter or condition belongs to: the nearest ancestor with an id. */
  private static Element owner(Element e) {
    Node node = e;
    while (node instanceof Element element) {
      if (!element.getAttribute("id").isBlank() && !"conditionExpression".equals(element.getLocalName())) {
        return element;
      }
      node = node.getParentNode();
    }
    return e;
  }

  /**
   * Bean names in an expression: the whole of a delegate expression, or a name whose method is called
   * with the execution or task ({@code ${planDeadline.overdue(execution)}}). Other names are process
   * variables ({@code ${reviewDecision == 'approve'}}).
   */
  static Set<String> beanNames(String expression, boolean delegate) {
    Set<String> names = new LinkedHashSet<>();
    if (expression == null || expression.isBlank()) {
      return names;
    }
    if (delegate) {
      Matcher root = ROOT.matcher(expression);
      if (root.find() && !ENGINE_NAMES.contains(root.group(1))) {
        names.add(root.group(1));
      }
    }
    Matcher call = CALL_ON_EXECUTION.matcher(expression);
    while (call.find()) {
      if (!ENGINE_NAMES.contains(call.group(1))) {
        names.add(call.group(1));
      }
    }
    return names;
  }

  private void readableName(String file, Element e, String kind, List<Problem> problems) {
    String name = e.getAttribute("name").strip();
    String id = e.getAttribute("id");
    if (name.isEmpty() || name.equals(id) || GENERATED.matcher(name).matches() || !name.matches(".*\\p{L}.*")) {
      problems.add(new Problem(file, id, "readable-name", capital(kind) + " " + describe(e) + ": has no readable name; "
          + "people see it in Tasklist and in emails, so give it a name in plain words, such as \"Review training plan\"."));
    }
  }

  private boolean formDeployed(String key) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(command ->
        command.getCamundaFormDefinitionManager().findLatestDefinitionByKey(key)) != null;
  }

  // ---- DMN and forms

  private void dmn(String file, byte[] bytes, List<Problem> problems) {
    Document xml;
    try {
      Dmn.readModelFromStream(new ByteArrayInputStream(bytes));
      // the engine's own DMN parser needs a command context (history time-to-live settings)
      var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
      configuration.getCommandExecutorTxRequiresNew().execute(command ->
          configuration.getDmnEngine().parseDecisionRequirementsGraph(new ByteArrayInputStream(bytes)));
      xml = ScriptRules.dom(bytes);
    } catch (Exception e) {
      problems.add(new Problem(file, null, "parses", file + " does not parse as a DMN decision table: " + reason(e)));
      return;
    }
    scriptRules(file, bytes, problems);
    expressions(file, xml, problems);
    NodeList decisions = xml.getElementsByTagNameNS("*", "decision");
    for (int i = 0; i < decisions.getLength(); i++) {
      Element decision = (Element) decisions.item(i);
      if (decision.getAttributeNS(CAMUNDA_DMN, "historyTimeToLive").isBlank()) {
        problems.add(new Problem(file, decision.getAttribute("id"), "history-time-to-live", "Decision "
            + describe(decision) + ": has no history time-to-live; set how many days its history is kept (Coachgrant's models keep 1825)."));
      }
      readableName(file, decision, "decision", problems);
    }
  }

  private static final org.camunda.feel.api.FeelEngineApi FEEL_PARSER = org.camunda.feel.api.FeelEngineBuilder.forJava().build();

  /**
   * Every cell and expression of a decision table is FEEL that parses. The engine reads them only when a decision is
   * evaluated, so without this a broken cell deploys and stops every plan that reaches the table.
   */
  private void expressions(String file, Document xml, List<Problem> problems) {
    NodeList all = xml.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (!ScriptRules.isFeel(element.getAttribute("expressionLanguage"))) {
        continue; // refused by the script rules
      }
      boolean unaryTests = element.getLocalName().equals("inputEntry");
      if (!unaryTests && !element.getLocalName().equals("outputEntry") && !element.getLocalName().equals("inputExpression")) {
        continue;
      }
      NodeList texts = element.getElementsByTagNameNS("*", "text");
      String text = texts.getLength() == 0 ? "" : texts.item(0).getTextContent().strip();
      if (text.isEmpty() || (unaryTests && text.equals("-"))) {
        continue;
      }
      org.camunda.feel.api.ParseResult parsed = unaryTests ? FEEL_PARSER.parseUnaryTests(text) : FEEL_PARSER.parseExpression(text);
      if (parsed.isFailure()) {
        problems.add(new Problem(file, elementId(element), "feel-parses", "Decision table element " + elementId(element)
            + ": the expression \"" + text + "\" is not valid FEEL (" + parsed.failure().message() + ")."));
      }
    }
  }

  /** The id of the element, or of the nearest element above it that has one (a rule, an input). */
  private static String elementId(Element element) {
    for (org.w3c.dom.Node node = element; node instanceof Element e; node = node.getParentNode()) {
      if (!e.getAttribute("id").isBlank()) {
        return e.getAttribute("id");
      }
    }
    return element.getLocalName();
  }

  /** The form's id, if the file is a Camunda Form. */
  private java.util.Optional<String> form(String file, byte[] bytes, List<Problem> problems) {
    try {
      JsonNode form = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new String(bytes, StandardCharsets.UTF_8));
      String id = form.path("id").asText("");
      if (id.isBlank() || !form.path("components").isArray()) {
        problems.add(new Problem(file, null, "parses", file + " is not a Camunda Form: it needs an \"id\" and \"components\"."));
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(id);
    } catch (Exception e) {
      problems.add(new Problem(file, null, "parses", file + " does not parse as a Camunda Form (JSON): " + reason(e)));
      return java.util.Optional.empty();
    }
  }

  // ---- templates and the names their steps provide

  /** The names a step of these processes gives its emails. */
  Set<String> provides(Set<String> processKeys) {
    Set<String> names = new TreeSet<>(CommonEmailModel.NAMES);
    for (String key : processKeys) {
      contributors.forEach(c -> names.addAll(c.provides(key)));
    }
    return names;
  }

  /** The steps (process key/element id) of the latest deployed processes that send this template, by step. */
  Map<String, Set<String>> sendersOf(String template) {
    Map<String, Set<String>> senders = new LinkedHashMap<>();
    for (ProcessDefinition definition : engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list()) {
      var model = engine.getRepositoryService().getBpmnModelInstance(definition.getId());
      for (var parameter : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter.class)) {
        if ("template".equals(parameter.getCamundaName()) && template.equals(parameter.getTextContent().strip())) {
          var step = parameter.getParentElement().getParentElement().getParentElement();
          senders.put(definition.getKey() + "/" + step.getAttributeValue("id"), Set.of(definition.getKey()));
        }
      }
    }
    return senders;
  }

  static Set<String> velocityNames(String text) {
    Set<String> locals = new HashSet<>(Set.of("foreach", "velocityCount", "velocityHasNext"));
    Matcher local = VELOCITY_LOCAL.matcher(text);
    while (local.find()) {
      locals.add(local.group(1));
    }
    Set<String> names = new TreeSet<>();
    Matcher reference = VELOCITY_REFERENCE.matcher(text);
    while (reference.find()) {
      if (!locals.contains(reference.group(1))) {
        names.add(reference.group(1));
      }
    }
    return names;
  }

  // ---- wording

  static String describe(Element e) {
    String name = e.getAttribute("name").strip();
    String id = e.getAttribute("id");
    return name.isEmpty() ? id : "\"" + name + "\" (" + id + ")";
  }

  static String describeKind(Element e) {
    String tag = e.getLocalName();
    String kind = switch (tag) {
      case "userTask" -> "User task";
      case "serviceTask" -> "Service task";
      case "sendTask" -> "Email step";
      case "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent" -> "Event";
      case "sequenceFlow" -> "Flow";
      case "process" -> "Process";
      default -> capital(tag.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT));
    };
    return kind + " " + describe(e);
  }

  private static String capital(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The parser's own words, without class names; the XML schema validator's, said plainly with the line. */
  static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof org.xml.sax.SAXParseException) {
        break;
      }
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "the file is not well-formed" : cause.getMessage();
    message = message.replaceAll("\\b(?:java|javax|jakarta|org|com)\\.[\\w$.]*\\w:?\\s*", "").replaceAll("\\s+", " ").strip();
    if (cause instanceof org.xml.sax.SAXParseException parse) {
      String plain = plain(message);
      return parse.getLineNumber() > 0 ? "line " + parse.getLineNumber() + ": " + plain : plain;
    }
    // the model API reports the validator's errors as "Error: URI=null Line=18: cvc-..."
    java.util.regex.Matcher validator = VALIDATOR_REPORT.matcher(message);
    return validator.matches() ? "line " + validator.group(1) + ": " + plain(validator.group(2)) : message;
  }

  private static final Pattern VALIDATOR_REPORT = Pattern.compile("(?:Fatal )?(?:Error|Warning): URI=\\S* Line=(\\d+): (.*)");

  private static final List<Map.Entry<Pattern, String>> VALIDATOR = List.of(
      Map.entry(Pattern.compile("cvc-complex-type\\.2\\.4\\.[ab]: Invalid content was found starting with element '(.+?)'\\..*"),
          "the element <$1> is not allowed there, or is out of order"),
      Map.entry(Pattern.compile("cvc-complex-type\\.2\\.4\\.[bc]?: The content of element '(.+?)' is not complete\\..*"),
          "the element <$1> is missing a part it needs"),
      Map.entry(Pattern.compile("cvc-complex-type\\.2\\.4\\.d: Invalid content was found starting with element '(.+?)'\\..*"),
          "the element <$1> is not allowed there"),
      Map.entry(Pattern.compile("cvc-complex-type\\.3\\.2\\.2: Attribute '(.+?)' is not allowed to appear in element '(.+?)'\\..*"),
          "the element <$2> cannot have the attribute $1"),
      Map.entry(Pattern.compile("cvc-complex-type\\.4: Attribute '(.+?)' must appear on element '(.+?)'\\..*"),
          "the element <$2> needs the attribute $1"),
      Map.entry(Pattern.compile("cvc-id\\.2: There are multiple occurrences of ID value '(.+?)'\\..*"),
          "the id \"$1\" is used by more than one element"),
      Map.entry(Pattern.compile("cvc-elt\\.1(?:\\.a)?: Cannot find the declaration of element '(.+?)'\\..*"),
          "<$1> is not a DMN or BPMN element: check the namespace of the file"),
      Map.entry(Pattern.compile("cvc-(?:datatype-valid|attribute|enumeration-valid|pattern-valid)[\\w.-]*: (?:Value )?'(.*?)'.*"),
          "the value \"$1\" is not allowed there"));

  /** The schema validator's message in plain words: which element and what is wrong, without its rule codes. */
  private static String plain(String message) {
    String bare = message.replaceAll("\"[^\"]*\":", "").replaceAll("[{}\"]", "");
    for (Map.Entry<Pattern, String> rule : VALIDATOR) {
      java.util.regex.Matcher m = rule.getKey().matcher(bare);
      if (m.matches()) {
        return m.replaceFirst(rule.getValue());
      }
    }
    return bare.replaceFirst("^cvc-[\\w.-]+:\\s*", "the file does not follow the standard: ");
  }
}
