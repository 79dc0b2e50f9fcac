package org.coachgrant.programme;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.format.WebFormat;
import org.coachgrant.notification.Outbox;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The coordinators' workspace: {@code /programmes} and each programme's dashboard, its settings, and
 * the set-up forms. Every action calls the same service as the REST API: one rule, two doors.
 * Reviewers read, without the settings they are linked to; coordinators and administrators act.
 */
@Controller
class ProgrammePages {

  private static final int PAGE_SIZE = 50;

  private final ProgrammeRepository programmes;
  private final ProgrammeFigures figures;
  private final ProgrammeSetup setup;
  private final Enrolments enrolments;
  private final EnrolmentImports imports;
  private final Workspace workspace;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final WebFormat fmt;
  private final LetterSettings letters;
  private final Outbox outbox;

  ProgrammePages(ProgrammeRepository programmes, ProgrammeFigures figures, ProgrammeSetup setup, Enrolments enrolments,
      EnrolmentImports imports, Workspace workspace, TaskService tasks, RuntimeService runtime, WebFormat fmt,
      LetterSettings letters, Outbox outbox) {
    this.outbox = outbox;
    this.programmes = programmes;
    this.figures = figures;
    this.setup = setup;
    this.enrolments = enrolments;
    this.imports = imports;
    this.workspace = workspace;
    this.tasks = tasks;
    this.runtime = runtime;
    this.fmt = fmt;
    this.letters = letters;
  }

  @GetMapping("/programmes")
  String list(Model model) {
    model.addAttribute("programmes", figures.headlines(workspace.viewerId()));
    return "programmes/list";
  }

  @GetMapping("/programmes/new")
  String newProgramme(Model model) {
    workspace.coordinator();
    model.addAttribute("form", Map.of());
    model.addAttribute("letter", letters);
    return "programmes/new";
  }

  @PostMapping("/programmes")
  String create(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
    workspace.coordinator();
    Map<String, Object> body = new HashMap<>();
    for (String field : ProgrammeSetup.FIELDS) {
      String value = form.get(field);
      if (value != null && !value.isBlank()) {
        body.put(field, value.strip());
      }
    }
    List<InvalidInputException> problems = setup.problems(body);
    if (!problems.isEmpty()) {
      Workspace.errors(model, problems);
      model.addAttribute("form", form);
      model.addAttribute("letter", letters);
      return "programmes/new";
    }
    Programme created = setup.create(body);
    redirect.addFlashAttribute("notice", "Programme " + created.code() + " created. Enrol its settings next.");
    return "redirect:/programmes/" + created.code();
  }

  @GetMapping("/programmes/{code}")
  String dashboard(@PathVariable String code, Model model) {
    Programme programme = programme(code);
    model.addAttribute("programme", programme);
    List<ProgrammeFigures.FunnelStep> funnel = figures.funnel(programme.id(), workspace.viewerId());
    model.addAttribute("funnel", funnel);
    model.addAttribute("funnelTop", Math.max(1, funnel.get(0).count()));
    ProgrammeFigures.Budget budget = figures.budget(programme.id());
    model.addAttribute("budget", budget);
    model.addAttribute("budgetLabel", "Budget chart: " + fmt.money(budget.released()) + " released, "
        + fmt.money(budget.committedUnreleased()) + " committed and not yet released, " + fmt.money(budget.remaining())
        + " remaining");
    model.addAttribute("ledger", figures.ledger(programme.id(), workspace.viewerId(), 20));
    model.addAttribute("attendance", figures.attendance(programme.id(), workspace.viewerId()));
    model.addAttribute("feedback", figures.feedback(programme.id(), workspace.viewerId()));
    model.addAttribute("comments", figures.comments(programme.id(), workspace.viewerId(), 10));
    model.addAttribute("coachingHours", figures.coachingHours(programme.id()));
    List<ProgrammeFigures.CoachingRow> coachingGroups = figures.coachingByGroup(programme.id(), workspace.viewerId());
    model.addAttribute("coachingGroups", coachingGroups);
    model.addAttribute("coachingGoals", ProgrammeFigures.goalsLine(coachingGroups));
    model.addAttribute("coachingCoaches", figures.coachingByCoach(programme.id(), workspace.viewerId()));
    if (workspace.coordinates()) {
      model.addAttribute("attention", attention(programme));
    }
    return "programmes/dashboard";
  }

  @GetMapping("/programmes/{code}/settings")
  String settings(@PathVariable String code, @RequestParam(defaultValue = "enrolled") String stage,
      @RequestParam(defaultValue = "1") int page, Model model) {
    Programme programme = programme(code);
    ProgrammeFigures.Stage chosen = ProgrammeFigures.Stage.of(stage)
        .orElseThrow(() -> Workspace.notFound("No stage " + stage));
    int current = Math.max(1, Math.min(page, 100_000));
    List<ProgrammeFigures.SettingRow> rows = figures.settings(programme.id(), chosen, workspace.viewerId(),
        (current - 1) * PAGE_SIZE, PAGE_SIZE + 1);
    model.addAttribute("programme", programme);
    model.addAttribute("stage", chosen);
    model.addAttribute("settings", rows.subList(0, Math.min(rows.size(), PAGE_SIZE)));
    model.addAttribute("page", current);
    model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
    return "programmes/settings";
  }

  @GetMapping("/programmes/{code}/settings/{urn}")
  String setting(@PathVariable String code, @PathVariable String urn, Model model) {
    Programme programme = programme(code);
    Setting setting = programmes.findSettingByUrn(urn).filter(s -> programmes.isEnrolled(programme.id(), s.id())
            || figures.planVersions(programme.id(), s.id()).size() > 0)
        .orElseThrow(() -> Workspace.notFound("No setting " + urn + " in " + code));
    if (figures.linked(setting.id(), workspace.viewerId())) {
      // a reviewer never sees a setting they coach or belong to; the page is as absent as any other
      throw Workspace.notFound("No setting " + urn + " in " + code);
    }
    model.addAttribute("programme", programme);
    model.addAttribute("setting", setting);
    model.addAttribute("group", figures.groupOf(programme.id(), setting.id()).orElse(null));
    model.addAttribute("attended", figures.sessionsAttended(programme.id(), setting.id()));
    model.addAttribute("versions", figures.planVersions(programme.id(), setting.id()));
    model.addAttribute("decisions", figures.decisions(programme.id(), setting.id()));
    model.addAttribute("grant", figures.grants(programme.id()).stream().filter(g -> g.urn().equals(urn)).findFirst().orElse(null));
    model.addAttribute("emails", workspace.coordinates() ? figures.emails(setting.managerEmail(), 20) : List.of());
    return "programmes/setting";
  }

  @GetMapping("/programmes/{code}/enrolments")
  String enrolPage(@PathVariable String code, Model model) {
    workspace.coordinator();
    model.addAttribute("programme", programme(code));
    model.addAttribute("form", Map.of());
    return "programmes/enrol";
  }

  @PostMapping("/programmes/{code}/enrolments")
  String enrolOne(@PathVariable String code, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    Enrolments.Row row = new Enrolments.Row(form.get("settingName"), form.get("urn"), form.get("managerName"), form.get("email"));
    try {
      Enrolments.Outcome outcome = workspace.asSystem(() -> enrolments.enrol(code, row));
      redirect.addFlashAttribute("notice", outcome == Enrolments.Outcome.ENROLLED
          ? row.settingName().strip() + " (" + row.urn().strip() + ") is enrolled; its manager gets a welcome email."
          : row.urn().strip() + " was enrolled already: nothing changed.");
      return "redirect:/programmes/" + code + "/enrolments";
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(e));
      model.addAttribute("programme", programme);
      model.addAttribute("form", form);
      return "programmes/enrol";
    }
  }

  @PostMapping("/programmes/{code}/enrolments/file")
  String importFile(@PathVariable String code, @RequestParam(name = "file", required = false) MultipartFile file,
      Model model) throws IOException {
    workspace.coordinator();
    Programme programme = programme(code);
    model.addAttribute("programme", programme);
    model.addAttribute("form", Map.of());
    if (file == null || file.isEmpty()) {
      Workspace.errors(model, List.of(new InvalidInputException("file", "choose a CSV file to upload")));
      return "programmes/enrol";
    }
    String uploadedBy = workspace.viewerId();
    byte[] bytes = file.getInputStream().readNBytes(EnrolmentImports.MAX_BYTES + 1);
    try {
      long id = workspace.asSystem(() -> imports.upload(code, bytes, uploadedBy));
      return "redirect:/programmes/" + code + "/enrolments/imports/" + id;
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(new InvalidInputException("file", Workspace.rule(e))));
    } catch (EnrolmentImports.TooLargeException e) {
      Workspace.errors(model, List.of(new InvalidInputException("file", "must be at most "
          + EnrolmentImports.MAX_BYTES / (1024 * 1024) + " MB and " + EnrolmentImports.MAX_ROWS + " rows: split it into several files")));
    }
    return "programmes/enrol";
  }

  /** An import the coordinator follows: its progress while it runs, every refused row once it is done. */
  @GetMapping("/programmes/{code}/enrolments/imports/{id}")
  String importStatus(@PathVariable String code, @PathVariable long id, Model model) {
    workspace.coordinator();
    model.addAttribute("programme", programme(code));
    model.addAttribute("form", Map.of());
    EnrolmentImports.Status status = imports.find(code, id).orElseThrow(() -> Workspace.notFound("import"));
    model.addAttribute("importStatus", status);
    if ("STOPPED".equals(status.state())) {
      model.addAttribute("stoppedInstance", imports.stoppedAt(code, id).orElse(null));
    }
    return "programmes/enrol";
  }

  /** "Send again" of an email that could not be sent: its retries start over, to the address it was stored with. */
  @PostMapping("/programmes/{code}/emails/{id}/send-again")
  String sendAgain(@PathVariable String code, @PathVariable long id, RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    Outbox.Entry email = outbox.find(id).orElse(null);
    if (email == null || !outbox.sendAgain(programme.code(), id)) {
      throw Workspace.notFound("No email " + id + " of " + code + " waits to be sent again");
    }
    redirect.addFlashAttribute("notice", "The email \u201c" + email.subject() + "\u201d to " + email.recipient()
        + " will be sent again within a minute.");
    return "redirect:/programmes/" + code + "#attention";
  }

  /** What needs a coordinator now, each with where to act on it. */
  private Map<String, Object> attention(Programme programme) {
    Map<String, Object> attention = new LinkedHashMap<>();
    attention.put("overdue", coordinatorTasks("trainingPlan", "Task_HandleOverduePlan", "programmeCode", programme.code()));
    attention.put("missed", coordinatorTasks("coachingGroup", "Task_ResolveMissedSession", "programmeId", programme.id()));
    attention.put("shortfalls", coordinatorTasks("trainingPlan", "Task_ResolveBudgetShortfall", "programmeCode", programme.code()));
    attention.put("waitListed", figures.waitListed(programme.id()));
    attention.put("lateGroups", figures.groupsAfterDeadline(programme));
    attention.put("failedEmails", outbox.failed(programme.code(), 10));
    // incidents belong to instances a coordinator has no engine grant to read: counted for them
    attention.put("incidents", workspace.asSystem(() -> runtime.createProcessInstanceQuery()
        .processInstanceBusinessKeyLike(programme.code() + "/%").withIncident().listPage(0, 10)
        .stream().map(ProcessInstance::getId).toList()));
    return attention;
  }

  private List<Task> coordinatorTasks(String processKey, String taskKey, String variable, Object value) {
    return tasks.createTaskQuery().processDefinitionKey(processKey).taskDefinitionKey(taskKey)
        .processVariableValueEquals(variable, value).orderByTaskCreateTime().asc().listPage(0, 10);
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound("No programme " + code));
  }
}
