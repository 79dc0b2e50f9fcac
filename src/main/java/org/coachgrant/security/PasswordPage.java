package org.coachgrant.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.web.Workspace;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /my/password}: a person changes their own password, after giving the current one (counted by the
 * {@link SignInThrottle} as a sign-in is, so this page cannot be used to guess it). A new password ends the person's
 * other sessions, on every node (they are in the database). Managers have no webapp, so this is where their welcome
 * email sends them to replace their first password; the policy's rules are {@link PasswordRules}'.
 */
@Controller
class PasswordPage {

  private static final int MAX = 200;

  private final IdentityService identity;
  private final SignInThrottle throttle;
  private final Callers callers;
  private final FindByIndexNameSessionRepository<? extends Session> sessions;

  PasswordPage(IdentityService identity, SignInThrottle throttle, Callers callers,
      FindByIndexNameSessionRepository<? extends Session> sessions) {
    this.identity = identity;
    this.throttle = throttle;
    this.callers = callers;
    this.sessions = sessions;
  }

  @GetMapping("/my/password")
  String form(@RequestParam(required = false) String changed, Model model) {
    callers.current();
    model.addAttribute("changed", changed != null);
    return "my/password";
  }

  @PostMapping("/my/password")
  String change(@RequestParam(defaultValue = "") String current, @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String confirm, HttpServletRequest request, Model model) {
    String me = callers.current().getUserId();
    List<InvalidInputException> problems = new ArrayList<>();
    if (current.isEmpty() || current.length() > MAX) {
      problems.add(new InvalidInputException("current", "Enter your current password"));
    } else {
      SignInThrottle.Outcome outcome = throttle.attempt(request.getRemoteAddr(), me, () -> identity.checkPassword(me, current));
      switch (outcome.kind()) {
        case SIGNED_IN -> { }
        case WAIT -> problems.add(new InvalidInputException("current", "Too many wrong passwords: wait "
            + SignIn.inWords(outcome.waitSeconds()) + ", then try again"));
        case LOCKED -> problems.add(new InvalidInputException("current", SignIn.LOCKED));
        default -> problems.add(new InvalidInputException("current", "This is not your current password"));
      }
    }
    if (password.isEmpty() || password.length() > MAX) {
      problems.add(new InvalidInputException("password", "Enter a new password of at most " + MAX + " characters"));
    } else if (!password.equals(confirm)) {
      problems.add(new InvalidInputException("confirm", "Type the same new password again"));
    }
    if (problems.isEmpty()) {
      try {
        callers.asSystem(() -> {
          User user = identity.createUserQuery().userId(me).singleResult();
          user.setPassword(password);
          identity.saveUser(user);
          return null;
        });
        endOtherSessions(me, request);
        return "redirect:/my/password?changed";
      } catch (BadUserRequestException e) {
        String rule = e.getMessage().startsWith("password: ") ? e.getMessage().substring("password: ".length()) : e.getMessage();
        problems.add(new InvalidInputException("password", "Your new password " + rule));
      }
    }
    model.addAttribute("changed", false);
    Workspace.errors(model, problems);
    return "my/password";
  }

  /** A new password signs the person out everywhere else: whoever knew the old one keeps no session of theirs. */
  private void endOtherSessions(String me, HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    String current = session == null ? null : session.getId();
    sessions.findByPrincipalName(me).keySet().stream().filter(id -> !id.equals(current)).forEach(sessions::deleteById);
  }
}
