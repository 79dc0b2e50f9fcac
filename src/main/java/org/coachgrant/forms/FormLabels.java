package org.coachgrant.forms;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The labels people read on the Camunda Forms, by field key, so that a refusal says "Total grant
 * requested: must equal …" rather than "totalRequested: …". Read once from the forms the application
 * carries ({@code forms/}), by form: the task's form says which label; without a task (a process start)
 * the first form's label of that key (by file name). A field inside a list reads "Training actions, row
 * 2, Cost per person".
 */
public final class FormLabels {

  private static final Pattern LIST_FIELD = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");
  /** By form id, its fields' labels; under "" every form's, the first form's label for a key they share. */
  private static final Map<String, Map<String, String>> LABELS = load();

  private FormLabels() {}

  /** The label of a field key on the form {@code formId} (or on any form when null), or null when none has it. */
  public static String of(String formId, String key) {
    Map<String, String> labels = formId != null && LABELS.containsKey(formId) ? LABELS.get(formId) : LABELS.get("");
    Matcher item = LIST_FIELD.matcher(key);
    if (item.matches()) {
      String list = labels.get(item.group(1));
      String field = labels.get(item.group(3));
      return list == null || field == null ? null : list + ", row " + item.group(2) + ", " + field;
    }
    return labels.get(key);
  }

  private static Map<String, Map<String, String>> load() {
    Map<String, Map<String, String>> byForm = new HashMap<>();
    Map<String, String> all = new HashMap<>();
    try {
      Resource[] forms = new PathMatchingResourcePatternResolver().getResources("classpath*:forms/**/*.form");
      Arrays.sort(forms, Comparator.comparing(Resource::getFilename));
      for (Resource form : forms) {
        try (InputStream in = form.getInputStream()) {
          JsonNode json = Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          Map<String, String> labels = new HashMap<>();
          collect(json.path("components"), labels);
          byForm.put(json.path("id").asText(""), Map.copyOf(labels));
          labels.forEach(all::putIfAbsent);
        }
      }
    } catch (IOException e) {
      // no labels: refusals keep naming the field by its key
    }
    byForm.put("", Map.copyOf(all));
    return Map.copyOf(byForm);
  }

  private static void collect(JsonNode components, Map<String, String> labels) {
    for (JsonNode component : components) {
      String key = component.path("key").asText(component.path("path").asText(""));
      String label = component.path("label").asText("").strip();
      if (!key.isEmpty() && !label.isEmpty() && !"button".equals(component.path("type").asText())) {
        labels.putIfAbsent(key, label);
      }
      collect(component.path("components"), labels);
    }
  }
}
