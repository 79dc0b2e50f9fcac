package org.coachgrant.trainingplan;

import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /my}: a manager's own page (each setting they manage: programme, sessions, plan with its versions and
 * decisions, grant and letter, impact report, what waits for them), or a coach's groups. Only managers and
 * coaches have one; the others' home is the programmes (403 here). A grant letter of another's setting is 404.
 */
@Controller
class MyPages {

  private static final Set<String> HAVE_MY_PAGE = Set.of(Roles.MANAGERS, Roles.COACHES);

  private final MyHome home;
  private final Callers callers;

  MyPages(MyHome home, Callers callers) {
    this.home = home;
    this.callers = callers;
  }

  @GetMapping("/my")
  String my(Model model) {
    Authentication me = callers.requireAnyOf(HAVE_MY_PAGE, "Only managers and coaches have a page of their own");
    String userId = me.getUserId();
    List<Task> waiting = callers.asSystem(() -> home.waiting(userId));
    List<MyHome.SettingPart> settings = callers.asSystem(() -> home.settings(userId, waiting));
    model.addAttribute("settings", settings);
    model.addAttribute("otherTasks", home.otherTasks(settings, waiting));
    model.addAttribute("coached", home.coached(userId));
    return "my/home";
  }

  @GetMapping("/my/plans/{planId}/letter")
  String letter(@PathVariable long planId, Model model) {
    Authentication me = callers.requireAnyOf(HAVE_MY_PAGE, "Only managers and coaches have a page of their own");
    model.addAttribute("letter", home.letter(me.getUserId(), planId)
        .orElseThrow(() -> Workspace.notFound("No grant letter " + planId + " of yours")));
    return "my/letter";
  }
}
