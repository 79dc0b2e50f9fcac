package org.coachgrant.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.Json;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /tasks/{id}}: one of the person's tasks, its own Camunda Form (the file deployed with the process)
 * drawn by the form-js viewer inside a Coachgrant page, submitted through {@link MyTasksApi}; then
 * {@code /tasks/{id}/done}, which says it was received and what happens next. Managers do all their tasks here.
 */
@Controller
class TaskPages {

  /** After each task a manager does: the heading, and what happens next. */
  private static final Map<String, String[]> RECEIVED = Map.of(
      "Task_SubmitTrainingPlan", new String[] {"Plan received",
          "A reviewer reads every plan. We will email you when your plan is approved and your grant is on its way,"
              + " or if the reviewer asks you to change something."},
      "Task_ReportImpact", new String[] {"Impact report received",
          "A reviewer or coordinator reads your report. We will email you when it is accepted, or if they need to"
              + " know more; when it is accepted, your grant is closed."},
      "Task_FollowUpLearning", new String[] {"Follow-up received",
          "Thank you: what you told us helps the programme see whether the learning lasts. There is nothing more to do."},
      "Task_GiveSessionFeedback", new String[] {"Feedback received",
          "Thank you: your coach and the programme team read every answer."},
      "Task_SetCoachingGoals", new String[] {"Coaching goals saved",
          "Your coach reviews them with you in sessions 2 and 3. You can change them on your page at any time."});

  private final MyTasks tasks;
  private final Callers callers;

  TaskPages(MyTasks tasks, Callers callers) {
    this.tasks = tasks;
    this.callers = callers;
  }

  @GetMapping("/tasks")
  String list() {
    return "redirect:/my";
  }

  @GetMapping("/tasks/{id}")
  String task(@PathVariable String id, Model model) {
    MyTasks.Form form = tasks.form(callers.current().getUserId(), id);
    model.addAttribute("task", form);
    // the form and its values travel in the page itself (one request), in an attribute the view escapes
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("taskId", form.taskId());
    page.put("schema", form.schema());
    page.put("data", form.data());
    page.put("draft", form.draft());
    model.addAttribute("formJson", Json.write(page));
    return "tasks/task";
  }

  @GetMapping("/tasks/{id}/done")
  String done(@PathVariable String id, Model model) {
    MyTasks.Finished finished = tasks.finished(callers.current().getUserId(), id);
    String[] text = RECEIVED.getOrDefault(finished.taskKey(), new String[] {"Done: " + finished.name(),
        "We have what you sent. We will email you if there is anything more to do."});
    model.addAttribute("heading", text[0]);
    model.addAttribute("next", text[1]);
    return "tasks/done";
  }
}
