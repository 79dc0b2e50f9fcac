package org.coachgrant.web;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.admin.Roles;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The links in emails that ask someone to act: after the sign-in (which brings the person back to
 * the link), the open task of that process that is theirs to do, on Coachgrant's task page for a manager
 * ({@code /tasks/{id}}), in Tasklist for everyone else, or a page that says
 * nothing is waiting and where to go. The task is found as the signed-in person, with their
 * authorizations, so a reviewer linked to the setting (whose review task is revoked for them), a
 * manager of another setting or a claimed task of someone else's is never found: they all get the
 * same page, which says nothing about what exists.
 */
@Controller
public class NextTask {

  private final TaskService tasks;
  private final IdentityService identity;

  NextTask(TaskService tasks, IdentityService identity) {
    this.tasks = tasks;
    this.identity = identity;
  }

  /** {@code /next/{processInstanceId}}: the emails of processes that are not a plan's (session feedback). */
  @GetMapping("/next/{processInstanceId}")
  String next(@PathVariable String processInstanceId) {
    return open(processInstanceId);
  }

  /** The redirect to the person's open task in the process instance, or the "nothing waiting" view. */
  public String open(String processInstanceId) {
    Authentication person = identity.getCurrentAuthentication();
    if (person == null || processInstanceId == null || !processInstanceId.matches("[\\w-]{1,64}")) {
      return "next/nothing";
    }
    // theirs: assigned to them, or offered to them (or their group) and not yet claimed by anyone
    List<Task> open = tasks.createTaskQuery().processInstanceId(processInstanceId).active()
        .or().taskAssignee(person.getUserId()).taskCandidateUser(person.getUserId()).endOr()
        .orderByTaskCreateTime().desc().listPage(0, 1);
    if (open.isEmpty()) {
      return "next/nothing";
    }
    String taskId = open.get(0).getId();
    return "redirect:" + (Roles.usesTasklist(person.getGroupIds()) ? tasklist(taskId) : "/tasks/" + taskId);
  }

  static String tasklist(String taskId) {
    return "/camunda/app/tasklist/default/#/?task=" + taskId;
  }
}
