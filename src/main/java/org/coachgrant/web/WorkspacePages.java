package org.coachgrant.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page, and "/" that sends each person to their home. */
@Controller
class WorkspacePages {

  @GetMapping("/login")
  String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
      HttpServletRequest request, Model model) {
    model.addAttribute("failed", error != null);
    model.addAttribute("problem", error == null ? null : problem(request.getSession(false)));
    model.addAttribute("signedOut", signedOut != null);
    return "signin";
  }

  /** Why the last sign-in of this browser failed, in the words the sign-in chose ({@code security/SignIn}). */
  private static String problem(HttpSession session) {
    return session != null && session.getAttribute(Workspace.SIGN_IN_PROBLEM) instanceof String words
        ? words : "The user name or password is not right";
  }

  @GetMapping("/")
  String home() {
    Viewer viewer = Viewer.current();
    if (viewer.coordinates() || viewer.reviews()) {
      return "redirect:/programmes";
    }
    return "redirect:/my";
  }

  /** Who is looking, for the layout's navigation and the pages' read-only mode. */
  public record Viewer(String id, Set<String> groups) {

    public static Viewer current() {
      Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
      if (signedIn == null || !signedIn.isAuthenticated() || "anonymousUser".equals(signedIn.getPrincipal())) {
        return new Viewer(null, Set.of());
      }
      return new Viewer(signedIn.getName(),
          signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet()));
    }

    public boolean signedIn() {
      return id != null;
    }

    public boolean administers() {
      return groups.contains("camunda-admin");
    }

    /** Coordinators and administrators see and act on programmes. */
    public boolean coordinates() {
      return groups.contains("coordinators") || administers();
    }

    /** Everyone but managers works in Tasklist; managers do their tasks on Coachgrant's pages. */
    public boolean usesTasklist() {
      return org.coachgrant.admin.Roles.usesTasklist(groups);
    }

    /** Reviewers (not also coordinating) see programmes read-only. */
    public boolean reviews() {
      return !coordinates() && (groups.contains("reviewers") || groups.contains("senior-reviewers"));
    }

    /** Reviewers whose Tasklist filter is "Plans to review". */
    public boolean reviewsPlans() {
      return reviews() && groups.contains("reviewers");
    }

    /** Senior reviewers, whose Tasklist filter is "Senior approvals". */
    public boolean givesSeniorApprovals() {
      return reviews() && groups.contains("senior-reviewers");
    }
  }

  @ControllerAdvice(annotations = Controller.class)
  static class Layout {

    @ModelAttribute("viewer")
    Viewer viewer() {
      return Viewer.current();
    }
  }
}
