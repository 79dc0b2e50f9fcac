package org.coachgrant.resources;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
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
 * {@code /programmes/{code}/sessions/{id}/resources}: a coordinator or the group's coach attaches links and files to
 * a session, renames and removes them, through {@link SessionResources} as the API does.
 */
@Controller
class SessionResourcePages {

  private final SessionResources resources;
  private final ProgrammeRepository programmes;

  SessionResourcePages(SessionResources resources, ProgrammeRepository programmes) {
    this.resources = resources;
    this.programmes = programmes;
  }

  @GetMapping("/programmes/{code}/sessions/{id}/resources")
  String page(@PathVariable String code, @PathVariable long id, Model model) {
    return render(code, id, model, Map.of());
  }

  @PostMapping("/programmes/{code}/sessions/{id}/resources/links")
  String attachLink(@PathVariable String code, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    session(code, id);
    try {
      SessionResources.Resource added = resources.attachLink(id, form.get("linkTitle"), form.get("url"));
      redirect.addFlashAttribute("notice", "The link \u201c" + added.title() + "\u201d is attached.");
      return back(code, id);
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(field(e, "link")));
      return render(code, id, model, form);
    }
  }

  @PostMapping("/programmes/{code}/sessions/{id}/resources/files")
  String attachFile(@PathVariable String code, @PathVariable long id, @RequestParam(name = "fileTitle", required = false) String title,
      @RequestParam(name = "resourceFile", required = false) MultipartFile file, HttpServletRequest request, Model model,
      RedirectAttributes redirect) {
    session(code, id);
    try {
      try {
        SessionResourceApi.onlyParts(request, "fileTitle", "resourceFile");
      } catch (InvalidInputException e) {
        // beside the file: a part the page does not have is no field of its own to show it by
        throw e.getField().equals("fileTitle") || e.getField().equals("resourceFile") ? e
            : new InvalidInputException("resourceFile", "only a title and one file can be sent (the form also sent \u201c"
                + e.getField() + "\u201d)");
      }
      SessionResources.Resource added = SessionResourceApi.attach(resources, id, title, file);
      redirect.addFlashAttribute("notice", "The file \u201c" + added.title() + "\u201d is attached (" + added.describe() + ").");
      return back(code, id);
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(field(e, "file")));
      return render(code, id, model, title == null ? Map.of() : Map.of("fileTitle", title));
    }
  }

  @PostMapping("/programmes/{code}/sessions/{id}/resources/{resource}/rename")
  String rename(@PathVariable String code, @PathVariable long id, @PathVariable long resource, @RequestParam Map<String, String> form,
      Model model, RedirectAttributes redirect) {
    ownResource(code, id, resource);
    String field = "title-" + resource;
    try {
      SessionResources.Resource renamed = resources.rename(resource, form.get(field));
      redirect.addFlashAttribute("notice", "Renamed \u201c" + renamed.title() + "\u201d.");
      return back(code, id);
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(new InvalidInputException(field, Workspace.rule(e))));
      return render(code, id, model, form);
    }
  }

  @PostMapping("/programmes/{code}/sessions/{id}/resources/{resource}/remove")
  String remove(@PathVariable String code, @PathVariable long id, @PathVariable long resource, RedirectAttributes redirect) {
    ownResource(code, id, resource);
    SessionResources.Resource removed = resources.remove(resource);
    redirect.addFlashAttribute("notice", "Removed \u201c" + removed.title() + "\u201d: it is no longer stored.");
    return back(code, id);
  }

  private String render(String code, long id, Model model, Map<String, String> form) {
    Sessions.Session session = session(code, id);
    Programme programme = programmes.findProgrammeByCode(code).orElseThrow();
    model.addAttribute("programme", programme);
    model.addAttribute("coachingSession", session);
    model.addAttribute("sessionTitle", "session " + session.number() + " of " + programme.sessionCount() + ", group "
        + session.groupNumber());
    model.addAttribute("resources", resources.ofSession(id));
    model.addAttribute("coordinates", resources.coordinates());
    model.addAttribute("accept", FileTypes.ENDINGS.replace(" ", ""));
    model.addAttribute("form", form);
    return "resources/session";
  }

  /** The session, if it is the programme's and the caller manages its resources; 404 otherwise (403 for a delegate). */
  private Sessions.Session session(String code, long id) {
    Programme programme = programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound(Workspace.NOT_FOUND));
    Sessions.Session session = resources.readable(id);
    if (session.programmeId() != programme.id()) {
      throw Workspace.notFound(Workspace.NOT_FOUND);
    }
    resources.manageable(id);
    return session;
  }

  private void ownResource(String code, long id, long resource) {
    session(code, id);
    if (resources.find(resource).filter(r -> r.sessionId() == id).isEmpty()) {
      throw Workspace.notFound(Workspace.NOT_FOUND);
    }
  }

  /** The service's fields as the page's inputs: linkTitle and url, fileTitle and resourceFile. */
  private static InvalidInputException field(InvalidInputException e, String form) {
    String field = e.getField().equals("title") ? form + "Title" : e.getField().equals("file") ? "resourceFile" : e.getField();
    return new InvalidInputException(field, Workspace.rule(e));
  }

  private static String back(String code, long id) {
    return "redirect:/programmes/" + code + "/sessions/" + id + "/resources";
  }
}
