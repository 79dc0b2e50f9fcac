package org.coachgrant.modelling;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.coachgrant.security.ScriptRules;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The record of every change administrators make: who, when, what changed (a readable diff) and why. */
@Component
class ModelChanges {

  enum Kind { PROCESS, DECISION, FORM, TEMPLATE }

  record Change(long id, String kind, String name, String action, Integer fromVersion, Integer toVersion,
      String deploymentId, String changedBy, Instant changedAt, String reason, String summary, String diff, String changes) {

    /** The model's changes, one a line ("Renamed user task ..."), for the page to list above the XML diff. */
    public List<String> changeList() {
      return changes == null || changes.isBlank() ? List.of() : List.of(changes.split("\n"));
    }

    public long diffLines() {
      return diff == null ? 0 : diff.lines().count();
    }
  }

  private final JdbcClient jdbc;

  ModelChanges(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(String kind, String name, String action, Integer fromVersion, Integer toVersion, String deploymentId,
      String user, Instant at, String reason, String summary, String diff, List<String> changes) {
    jdbc.sql("insert into model_change (kind, name, action, from_version, to_version, deployment_id, changed_by, changed_at, "
        + "reason, summary, diff, changes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(kind, name, action, fromVersion, toVersion, deploymentId, user, Timestamp.from(at), reason, summary, diff,
            changes == null || changes.isEmpty() ? null : String.join("\n", changes))
        .update();
  }

  List<Change> of(String kind, String name) {
    return jdbc.sql("select * from model_change where kind = ? and name = ? order by changed_at desc, id desc")
        .params(kind, name).query(ModelChanges::row).list();
  }

  List<Change> latest(int limit) {
    return jdbc.sql("select * from model_change order by changed_at desc, id desc limit " + Math.max(1, Math.min(limit, 500)))
        .query(ModelChanges::row).list();
  }

  private static Change row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Change(rs.getLong("id"), rs.getString("kind"), rs.getString("name"), rs.getString("action"),
        (Integer) rs.getObject("from_version", Integer.class), (Integer) rs.getObject("to_version", Integer.class),
        rs.getString("deployment_id"), rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
        rs.getString("reason"), rs.getString("summary"), rs.getString("diff"), rs.getString("changes"));
  }

  /** A unified diff, as {@code diff -u} prints it: lines starting "-" were removed, "+" added. */
  static String diff(String name, String before, String after) {
    List<String> old = lines(before);
    List<String> now = lines(after);
    var patch = DiffUtils.diff(old, now);
    return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(name + " (before)", name + " (after)", old, patch, 2));
  }

  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.replace("\r\n", "\n").split("\n", -1));
  }

  private static final Set<String> DIAGRAM = Set.of("http://www.omg.org/spec/BPMN/20100524/DI",
      "https://www.omg.org/spec/DMN/20191111/DMNDI/");

  /**
   * What changed in the model, in plain English: elements added, removed and renamed, and the attributes and
   * expressions changed, matched by id. The XML diff of a file saved by the editor is mostly its reformatting;
   * this is what a reader wants. A moved shape is one line, "The diagram's layout changed". Empty when either
   * side does not parse (the first version, or a form).
   */
  static List<String> modelChanges(String before, String after) {
    Map<String, Element> old;
    Map<String, Element> now;
    try {
      old = elements(before);
      now = elements(after);
    } catch (Exception notXml) {
      return List.of();
    }
    List<String> changes = new ArrayList<>();
    boolean layout = false;
    for (Map.Entry<String, Element> entry : now.entrySet()) {
      Element was = old.get(entry.getKey());
      Element is = entry.getValue();
      if (DIAGRAM.contains(is.getNamespaceURI())) {
        layout |= was == null || !content(was).equals(content(is));
      } else if (was == null) {
        changes.add("Added " + lower(ModelChecks.describeKind(is)));
      } else {
        compare(was, is, changes);
      }
    }
    for (Map.Entry<String, Element> entry : old.entrySet()) {
      if (!now.containsKey(entry.getKey())) {
        if (DIAGRAM.contains(entry.getValue().getNamespaceURI())) {
          layout = true;
        } else {
          changes.add("Removed " + lower(ModelChecks.describeKind(entry.getValue())));
        }
      }
    }
    if (layout) {
      changes.add("The diagram's layout changed");
    }
    return changes;
  }

  private static void compare(Element was, Element is, List<String> changes) {
    String what = ModelChecks.describeKind(is);
    String oldName = was.getAttribute("name");
    String newName = is.getAttribute("name");
    if (!oldName.equals(newName)) {
      String kind = ModelChecks.describeKind(was);
      changes.add("Renamed " + lower(kind.substring(0, kind.length() - ModelChecks.describe(was).length()).strip()) + " "
          + is.getAttribute("id") + " from " + quote(oldName) + " to " + quote(newName));
    }
    Map<String, String> a = attributes(was);
    Map<String, String> b = attributes(is);
    Set<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      String x = a.get(name);
      String y = b.get(name);
      if (name.equals("name") || java.util.Objects.equals(x == null ? DEFAULTS.get(name) : x, y == null ? DEFAULTS.get(name) : y)) {
        continue;
      }
      changes.add(what + ": " + (x == null ? name + " set to " + quote(y) : y == null ? name + " removed (was " + quote(x) + ")"
          : name + " changed from " + quote(x) + " to " + quote(y)));
    }
    if (!ownText(was, true).equals(ownText(is, true))) {
      String x = ownText(was, false);
      String y = ownText(is, false);
      changes.add(what + ": its content changed"
          + (!x.equals(y) && x.length() + y.length() <= 200 ? " from " + quote(x) + " to " + quote(y) : ""));
    }
  }

  /** Attributes the editor leaves out when they have their default value: leaving one out changes nothing. */
  private static final Map<String, String> DEFAULTS = Map.of("camunda:decisionRefBinding", "latest",
      "camunda:calledElementBinding", "latest", "camunda:caseRefBinding", "latest", "camunda:formRefBinding", "latest");

  /** Every element with an id, in document order. */
  private static Map<String, Element> elements(String xml) throws Exception {
    if (xml == null || xml.isBlank()) {
      throw new IllegalArgumentException("no model");
    }
    Map<String, Element> byId = new LinkedHashMap<>();
    NodeList all = ScriptRules.dom(xml.getBytes(StandardCharsets.UTF_8)).getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (!e.getAttribute("id").isBlank()) {
        byId.putIfAbsent(e.getAttribute("id"), e);
      }
    }
    return byId;
  }

  private static Map<String, String> attributes(Element e) {
    Map<String, String> map = new TreeMap<>();
    NamedNodeMap attributes = e.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node attribute = attributes.item(i);
      if (!"http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI())) {
        map.put(attribute.getNodeName(), attribute.getNodeValue());
      }
    }
    return map;
  }

  /** The text and attributes of the element's parts that have no id of their own (an expression, a condition). */
  private static String ownText(Element e, boolean withAttributes) {
    StringBuilder text = new StringBuilder();
    for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element part && part.getAttribute("id").isBlank()) {
        text.append(withAttributes ? part.getLocalName() + attributes(part) : "").append(ownText(part, withAttributes));
      } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(child.getNodeValue().strip());
      }
    }
    return text.toString().strip();
  }

  private static String content(Element e) {
    return attributes(e) + ownText(e, true);
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private static String lower(String text) {
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
