package org.coachgrant.security;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What code a process model or decision table may make the engine run: none of its own. Read from the
 * parsed XML, element by element, never from the text: no script in any language (a script task, a
 * {@code camunda:script} in a listener or an input/output, a script from a resource, a
 * {@code language="…"} on a condition, JUEL-as-script included), no Java class the engine would
 * instantiate ({@code camunda:class}, a listener's {@code class}, {@code formHandlerClass},
 * {@code variableMappingClass}, a form field's validator named by class), no embedded or external form
 * ({@code camunda:formKey}: its scripts would run in the browser of whoever opens the task), decision tables in FEEL only, and every {@code ${…}} or {@code #{…}}
 * passed to the {@link ExpressionSandbox}'s own check. A model may name beans and use expressions; the
 * beans are where code lives.
 *
 * <p>{@code modelling/ModelChecks} lists these problems with the others before a person's deployment;
 * {@link ScriptsOff} refuses any new deployment that breaks them, whichever door it came through; and
 * should a script still reach the engine, the engine has no script engine to run it.
 */
public final class ScriptRules {

  /** One refusal: the element (its id, or the nearest id above it), the rule, and what to do, in plain words. */
  public record Refusal(String elementId, String rule, String message) {}

  static final String SCRIPTS = "scripts";
  static final String CLASSES = "classes";
  static final String EXPRESSIONS = "expressions";
  static final String FEEL_ONLY = "feel-only";
  static final String FORMS = "forms";

  /** FEEL, the only expression language a decision table may use: JUEL and scripts would reach Java. */
  private static final Set<String> FEEL = Set.of("", "feel", "http://www.omg.org/spec/feel/20140401",
      "https://www.omg.org/spec/dmn/20191111/feel");

  /** Elements whose text the engine never evaluates: a person's notes. */
  private static final Set<String> NOTES = Set.of("documentation", "textAnnotation");

  private ScriptRules() {}

  /** The refusals for a BPMN file ({@code .bpmn}, {@code .bpmn20.xml}) or a DMN file ({@code .dmn}, {@code .dmn11.xml}). */
  public static List<Refusal> check(String file, byte[] bytes) throws Exception {
    boolean dmn = file.endsWith(".dmn") || file.endsWith(".dmn11.xml");
    List<Refusal> refusals = new ArrayList<>();
    walk(dom(bytes).getDocumentElement(), dmn, refusals);
    return refusals;
  }

  /** Whether a decision table's expression language is FEEL (empty is FEEL). */
  public static boolean isFeel(String expressionLanguage) {
    return FEEL.contains(expressionLanguage.strip().toLowerCase(Locale.ROOT));
  }

  /** Whether the engine reads this file as a model (and so whether these rules apply to it). */
  public static boolean isModel(String file) {
    return file.endsWith(".bpmn") || file.endsWith(".bpmn20.xml") || file.endsWith(".dmn") || file.endsWith(".dmn11.xml");
  }

  private static void walk(Element element, boolean dmn, List<Refusal> refusals) {
    String tag = element.getLocalName();
    if ("scriptTask".equals(tag) || "script".equals(tag)) {
      refusals.add(new Refusal(elementId(element), SCRIPTS, describe(element) + ": scripts are not allowed in Coachgrant's "
          + "models, in any language, JUEL included; name a bean instead (camunda:delegateExpression=\"${bean}\", or ${bean.method(execution)})."));
    }
    if ("constraint".equals(tag) && "validator".equals(element.getAttribute("name"))
        && !element.getAttribute("config").strip().matches("[$#]\\{.*\\}")) {
      refusals.add(new Refusal(modelElementId(element), CLASSES, describe(element) + " of " + modelElementId(element)
          + ": has a validator \""
          + element.getAttribute("config") + "\", a class the engine would create, which is not allowed; name a bean with"
          + " ${bean} instead, or check the field in the form's handler."));
    }
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      attribute(element, (Attr) attributes.item(i), dmn, refusals);
    }
    if (!dmn && !NOTES.contains(tag)) {
      for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
        if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
          expressions(element, child.getNodeValue(), refusals);
        }
      }
    }
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e) {
        walk(e, dmn, refusals);
      }
    }
  }

  private static void attribute(Element element, Attr attribute, boolean dmn, List<Refusal> refusals) {
    if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
      return;
    }
    String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("language") || lower.equals("scriptformat") || lower.equals("resource")) {
      refusals.add(new Refusal(elementId(element), SCRIPTS, describe(element) + ": has " + attribute.getName() + "=\""
          + attribute.getValue() + "\", which would run a script; scripts are not allowed in Coachgrant's models, in any "
          + "language, JUEL included. Write the condition as an expression without a language (such as ${reviewDecision == 'approve'}), "
          + "or name a bean."));
    } else if (lower.equals("formkey")) {
      refusals.add(new Refusal(elementId(element), FORMS, describe(element) + ": has " + attribute.getName() + "=\""
          + attribute.getValue() + "\"; an embedded or external form is not allowed: it runs its own scripts in the browser"
          + " of whoever opens the task. Use a Camunda Form instead (camunda:formRef=\"form-id\", a .form file)."));
    } else if (lower.endsWith("class")) {
      refusals.add(new Refusal(elementId(element), CLASSES, describe(element) + ": has " + attribute.getName() + "=\""
          + attribute.getValue() + "\"; a class (camunda:class, or class on a listener) is not allowed: name a bean with "
          + "${bean} or delegateExpression instead."));
    } else if (dmn && lower.equals("expressionlanguage") && !isFeel(attribute.getValue())) {
      refusals.add(new Refusal(elementId(element), FEEL_ONLY, "Decision table element " + elementId(element)
          + ": uses the expression language \"" + attribute.getValue()
          + "\"; Coachgrant's decision tables use FEEL only (leave the expression language empty)."));
    } else if (!dmn) {
      expressions(element, attribute.getValue(), refusals);
    }
  }

  private static void expressions(Element element, String text, List<Refusal> refusals) {
    for (String problem : ExpressionSandbox.problems(text)) {
      refusals.add(new Refusal(elementId(element), EXPRESSIONS, describe(element) + ": " + problem));
    }
  }

  /** The id of the nearest BPMN element at or above this one: a form field's id is a variable's name, not a step's. */
  private static String modelElementId(Element element) {
    for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
      if (BPMN.equals(e.getNamespaceURI()) && !e.getAttribute("id").isBlank()) {
        return e.getAttribute("id");
      }
    }
    return elementId(element);
  }

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";

  /** The id of the element, or of the nearest element above it that has one (a flow, a task, a rule). */
  static String elementId(Element element) {
    for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
      if (!e.getAttribute("id").isBlank()) {
        return e.getAttribute("id");
      }
    }
    return element.getLocalName();
  }

  /** "Flow \"Approved\" (Flow_Approved)", for the element or the nearest one above it with an id. */
  private static String describe(Element element) {
    Element named = element;
    while (named.getAttribute("id").isBlank() && named.getParentNode() instanceof Element parent) {
      named = parent;
    }
    String kind = "sequenceFlow".equals(named.getLocalName()) ? "flow"
        : named.getLocalName().replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
    kind = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    String name = named.getAttribute("name").strip();
    String id = named.getAttribute("id");
    String where = kind + " " + (name.isEmpty() ? id : "\"" + name + "\" (" + id + ")");
    return named == element ? where.strip() : where.strip() + ", in its " + element.getLocalName();
  }

  /** The XML as a tree: no DOCTYPE (so no entities and no outside files), as the engine's own parser. */
  public static Document dom(byte[] bytes) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setExpandEntityReferences(false);
    factory.setXIncludeAware(false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
  }
}
