package org.coachgrant.modelling;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrators' pages under {@code /admin/models}: the catalogue of processes, decision tables,
 * forms and templates with their versions; an editor for each (bpmn-js with the Camunda 7 properties
 * panel, dmn-js, a form upload, a template editor with a live preview) that checks and deploys through
 * {@link ModelsApi}; rollback, migration and the record of changes. Administrators only: anyone else
 * gets the 403 page.
 */
@Controller
class ModelsPages {

  private final Models models;
  private final Migrations migrations;
  private final ModelChanges changes;
  private final TemplateVersions templateVersions;

  ModelsPages(Models models, Migrations migrations, ModelChanges changes, TemplateVersions templateVersions) {
    this.models = models;
    this.migrations = migrations;
    this.changes = changes;
    this.templateVersions = templateVersions;
  }

  @GetMapping("/admin/models")
  String catalogue(Model model) {
    List<Models.Item> items = models.catalogue();
    model.addAttribute("processes", items.stream().filter(i -> i.kind().equals("PROCESS")).toList());
    model.addAttribute("decisions", items.stream().filter(i -> i.kind().equals("DECISION")).toList());
    model.addAttribute("forms", items.stream().filter(i -> i.kind().equals("FORM")).toList());
    model.addAttribute("templates", items.stream().filter(i -> i.kind().equals("TEMPLATE")).toList());
    model.addAttribute("changes", changes.latest(20));
    return "admin/models";
  }

  /** Uploads a .bpmn, .dmn or .form made in Camunda Modeler: checked, then deployed as a new version. */
  @PostMapping("/admin/models/upload")
  String upload(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String reason,
      Model model, RedirectAttributes redirect) throws IOException {
    models.administrator();
    try {
      if (file == null || file.isEmpty()) {
        throw new InvalidInputException("file", "choose a .bpmn, .dmn or .form file");
      }
      Models.Outcome outcome = models.deploy(file.getOriginalFilename(), file.getBytes(), reason);
      if (!outcome.deployed()) {
        model.addAttribute("problems", outcome.problems());
        model.addAttribute("reason", reason);
        return catalogue(model);
      }
      redirect.addFlashAttribute("notice", deployedNotice(outcome));
      return "redirect:/admin/models/" + outcome.kind().toLowerCase() + "/" + outcome.key();
    } catch (InvalidInputException e) {
      model.addAttribute("errors", Map.of(e.getField(), e.getMessage().replaceFirst("^\\w+: ", "")));
      model.addAttribute("reason", reason);
      return catalogue(model);
    }
  }

  @GetMapping("/admin/models/{kind}/{key}")
  String edit(@PathVariable String kind, @PathVariable String key, Model model) {
    String upper = kind.toUpperCase(java.util.Locale.ROOT);
    Models.Item item = models.catalogue().stream().filter(i -> i.kind().equals(upper) && i.key().equals(key)).findFirst()
        .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
    model.addAttribute("item", item);
    model.addAttribute("kind", kind.toLowerCase(java.util.Locale.ROOT));
    model.addAttribute("changes", changes.of(upper, key));
    if (upper.equals("PROCESS")) {
      model.addAttribute("migrations", changes.of("MIGRATION", key));
    }
    if (upper.equals("TEMPLATE")) {
      model.addAttribute("parts", templateVersions.current(key).parts());
      return "admin/template";
    }
    return "admin/model";
  }

  @PostMapping("/admin/models/{kind}/{key}/rollback")
  String rollback(@PathVariable String kind, @PathVariable String key, @RequestParam(required = false) String reason,
      RedirectAttributes redirect) {
    String upper = kind.toUpperCase(java.util.Locale.ROOT);
    try {
      Models.Outcome outcome = upper.equals("TEMPLATE") ? models.rollbackTemplate(key, reason) : models.rollback(upper, key, reason);
      if (outcome.deployed()) {
        redirect.addFlashAttribute("notice", "Rolled back: version " + outcome.toVersion() + " has the content of version "
            + (outcome.fromVersion() - 1) + "." + (upper.equals("PROCESS") ? " Move the running instances below if you want them on it." : ""));
      } else {
        redirect.addFlashAttribute("problems", outcome.problems());
      }
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("rollbackError", e.getMessage().replaceFirst("^\\w+: ", ""));
    }
    return "redirect:/admin/models/" + kind.toLowerCase(java.util.Locale.ROOT) + "/" + key;
  }

  @GetMapping("/admin/models/process/{key}/migration")
  String migration(@PathVariable String key, @RequestParam int fromVersion, Model model) {
    model.addAttribute("preview", migrations.preview(key, fromVersion, null));
    return "admin/migration";
  }

  @PostMapping("/admin/models/process/{key}/migration")
  String migrate(@PathVariable String key, @RequestParam int fromVersion, @RequestParam(required = false) String reason,
      Model model, RedirectAttributes redirect) {
    try {
      Migrations.Started started = migrations.migrate(key, fromVersion, null, reason);
      redirect.addFlashAttribute("notice", started.instances() + " running instance" + (started.instances() == 1 ? " is" : "s are")
          + " moving to version " + started.toVersion() + " as a batch; " + started.left().size() + " stay on version "
          + fromVersion + " and finish there.");
      return "redirect:/admin/models/process/" + key;
    } catch (InvalidInputException e) {
      model.addAttribute("preview", migrations.preview(key, fromVersion, null));
      model.addAttribute("errors", Map.of(e.getField(), e.getMessage().replaceFirst("^\\w+: ", "")));
      return "admin/migration";
    }
  }

  private static String deployedNotice(Models.Outcome outcome) {
    return "Deployed: " + outcome.key() + " is now at version " + outcome.toVersion() + ". New work uses it at once."
        + (outcome.kind().equals("PROCESS") ? " Running instances of older versions stay on them until you move them below." : "");
  }
}
