package org.coachgrant.grant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.system.Inputs;
import org.coachgrant.system.InvalidInputException;
import org.coachgrant.system.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** {@code /programmes/{code}/budget}: a coordinator tops up a programme's budget, which wakes its wait-listed plans. */
@Controller
class BudgetPages {

  private static final BigDecimal LARGEST_TOP_UP = new BigDecimal("1000000000");

  private final GrantService grants;
  private final ProgrammeRepository programmes;
  private final Workspace workspace;

  BudgetPages(GrantService grants, ProgrammeRepository programmes, Workspace workspace) {
    this.grants = grants;
    this.programmes = programmes;
    this.workspace = workspace;
  }

  @GetMapping("/programmes/{code}/budget")
  String page(@PathVariable String code, Model model) {
    workspace.coordinator();
    model.addAttribute("programme", programme(code));
    model.addAttribute("form", Map.of());
    return "programmes/budget";
  }

  @PostMapping("/programmes/{code}/budget")
  String topUp(@PathVariable String code, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
    String by = workspace.coordinator().getUserId();
    Programme programme = programme(code);
    try {
      BigDecimal amount = Inputs.money("amount", form.get("amount"), LARGEST_TOP_UP);
      if (amount.signum() == 0) {
        throw new InvalidInputException("amount", "must be more than zero");
      }
      String note = form.get("note") == null || form.get("note").isBlank() ? "Top-up"
          : Inputs.textValue("note", form.get("note"), Inputs.SHORT_TEXT);
      workspace.asSystem(() -> {
        grants.topUp(programme.id(), amount, by, note);
        return null;
      });
      redirect.addFlashAttribute("notice", "The budget is topped up; wait-listed plans are committed again.");
      return "redirect:/programmes/" + code;
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(e));
      model.addAttribute("programme", programme);
      model.addAttribute("form", form);
      return "programmes/budget";
    }
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound("No programme " + code));
  }
}
