package org.coachgrant.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
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
 * carries ({@code forms/}); a key whose forms label it differently takes the first form's label (by file
 * name). A field inside a list reads "Training actions, row 2, Cost per person".
 */
final class FormLabels {

  private static final Pattern LIST_FIELD = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");
  private static final Map<String, String> LABELS = load();

  private FormLabels() {}

  /** The label of a field key, or null when no form has it. */
  static String of(String key) {
    Matcher item = LIST_FIELD.matcher(key);
    if (item.matches()) {
      String list = LABELS.get(item.group(1));
      String field = LABELS.get(item.group(3));
      return list == null || field == null ? null : list + ", row " + item.group(2) + ", " + field;
    }
    return LABELS.get(key);
  }

  private static Map<String, String> load() {
    Map<String, String> labels = new HashMap<>();
    try {
      Resource[] forms = new PathMatchingResourcePatternResolver().getResources("classpath*:forms/**/*.form");
      Arrays.sort(forms, Comparator.comparing(Resource::getFilename));
      for (Resource form : forms) {
        try (InputStream in = form.getInputStream()) {
          collect(Json.tree(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).path("components"), labels);
        }
      }
    } catch (IOException e) {
      // no labels: refusals keep naming the field by its key
    }
    return Map.copyOf(labels);
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
