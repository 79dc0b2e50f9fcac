package org.coachgrant.grant;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeFigures;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.format.WebFormat;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /programmes/{code}/budget}: a coordinator tops up a programme's budget, which wakes its wait-listed plans.
 * Money moves only after a check of the answers: the first post shows what the budget will be, the second (which
 * carries the budget it was checked against) adds it. A second click, or someone else's top-up in between, finds
 * the budget changed and shows the check again instead of adding the money twice.
 */
@Controller
class BudgetPages {

  private static final BigDecimal LARGEST_TOP_UP = new BigDecimal("1000000000");

  private final GrantService grants;
  private final ProgrammeRepository programmes;
  private final ProgrammeFigures figures;
  private final Workspace workspace;
  private final WebFormat fmt;

  BudgetPages(GrantService grants, ProgrammeRepository programmes, ProgrammeFigures figures, Workspace workspace,
      WebFormat fmt) {
    this.grants = grants;
    this.programmes = programmes;
    this.figures = figures;
    this.workspace = workspace;
    this.fmt = fmt;
  }

  /** The form; "Change" on the check page comes back here with the answers filled in. */
  @GetMapping("/programmes/{code}/budget")
  String page(@PathVariable String code, @RequestParam(required = false) String amount,
      @RequestParam(required = false) String note, Model model) {
    workspace.coordinator();
    model.addAttribute("programme", programme(code));
    model.addAttribute("form", Map.of("amount", amount == null ? "" : amount, "note", note == null ? "" : note));
    return "programmes/budget";
  }

  @PostMapping("/programmes/{code}/budget")
  String topUp(@PathVariable String code, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
    String by = workspace.coordinator().getUserId();
    Programme programme = programme(code);
    model.addAttribute("programme", programme);
    model.addAttribute("form", form);
    try {
      BigDecimal amount = Inputs.money("amount", form.get("amount"), LARGEST_TOP_UP);
      if (amount.signum() == 0) {
        throw new InvalidInputException("amount", "must be more than zero");
      }
      String note = form.get("note") == null || form.get("note").isBlank() ? "Top-up"
          : Inputs.textValue("note", form.get("note"), Inputs.SHORT_TEXT);
      BigDecimal budgetWas = budgetWas(form.get("budgetWas"));
      boolean confirmed = "yes".equals(form.get("confirmed")) && budgetWas != null;
      if (!confirmed || !workspace.asSystem(() -> grants.topUpIfStill(programme.id(), amount, budgetWas, by, note))) {
        Programme now = programme(code);
        model.addAttribute("programme", now);
        model.addAttribute("changedSinceCheck", confirmed);
        model.addAttribute("amount", amount);
        model.addAttribute("note", note);
        model.addAttribute("waitListed", figures.waitListed(now.id()));
        return "programmes/budget-check";
      }
      redirect.addFlashAttribute("notice", "The budget is topped up by " + fmt.money(amount)
          + "; wait-listed plans are committed again.");
      return "redirect:/programmes/" + code;
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(e));
      return "programmes/budget";
    }
  }

  /** The budget the coordinator saw on the check page, or null when the form carries none. */
  private static BigDecimal budgetWas(String value) {
    try {
      return value == null ? null : new BigDecimal(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound("No programme " + code));
  }
}
