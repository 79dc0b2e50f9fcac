package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reviewer reads about a revised plan: each changed field on a line of its own, money as £1,180.00. */
class PlanChangesTest {

  private static final YearMonth MARCH = YearMonth.of(2027, 3);

  @Test
  void aChangedActionNamesTheFieldThatChangedNotTheWholeLine() {
    PlanContent before = plan("1080", action("Makaton Foundation Workshop", "Makaton Charity", 3, "120", MARCH),
        action("Elklan Speech and Language", "Elklan Training", 2, "360", MARCH));
    PlanContent after = plan("1180", action("Makaton Foundation Workshop", "Makaton Charity", 4, "115", YearMonth.of(2027, 4)),
        action("Elklan Speech and Language", "Elklan Training", 2, "360", MARCH));

    assertThat(PlanChanges.lines(before, after)).containsExactly(
        "Makaton Foundation Workshop: staff 3 → 4",
        "Makaton Foundation Workshop: cost per person £120.00 → £115.00",
        "Makaton Foundation Workshop: planned month March 2027 → April 2027",
        "Total requested: £1,080.00 → £1,180.00");
  }

  @Test
  void anActionThatNowServesACoachingGoalSaysWhichOne() {
    TrainingAction before = action("Elklan Speech and Language", "Elklan Training", 2, "360", MARCH);
    TrainingAction after = new TrainingAction(before.course(), before.provider(), 2, before.costEach(), MARCH, 2);

    assertThat(PlanChanges.lines(plan("720", before), plan("720", after))).containsExactly(
        "Elklan Speech and Language: serves no coaching goal → coaching goal 2");
  }

  @Test
  void addedAndRemovedActionsAreNamedWithTheirLineTotals() {
    PlanContent before = plan("720", action("Elklan Speech and Language", "Elklan Training", 2, "360", MARCH));
    PlanContent after = plan("1180", action("Mental Health First Aid", "MHFA England", 4, "295", MARCH));

    assertThat(PlanChanges.lines(before, after)).containsExactly(
        "Added: Mental Health First Aid (MHFA England, 4 staff × £295.00 = £1,180.00, March 2027)",
        "Removed: Elklan Speech and Language (Elklan Training, 2 staff × £360.00 = £720.00, March 2027)",
        "Total requested: £720.00 → £1,180.00");
  }

  @Test
  void aRewrittenAnswerSaysSoAndQuotesWhatItSaid() {
    TrainingAction same = action("Elklan", "Elklan Training", 2, "300", MARCH);
    PlanContent before = new PlanContent("Needs", List.of(same), new BigDecimal("600"), "Outcomes", "Staff meetings once a term.");
    PlanContent after = new PlanContent("Needs", List.of(same), new BigDecimal("600"), "Outcomes",
        "Baby room staff shadow the trained practitioners for a week.");

    assertThat(PlanChanges.lines(before, after)).containsExactly(
        "Cascading learning plan: rewritten (5 → 10 words). It said: “Staff meetings once a term.”");
    assertThat(PlanChanges.lines(before, before)).containsExactly("No changes since the previous version.");
    assertThat(PlanChanges.lines(null, after)).containsExactly("First version.");
  }

  private static PlanContent plan(String total, TrainingAction... actions) {
    return new PlanContent("Needs", List.of(actions), new BigDecimal(total), "Outcomes", "Cascade");
  }

  private static TrainingAction action(String course, String provider, int staff, String costEach, YearMonth month) {
    return new TrainingAction(course, provider, staff, new BigDecimal(costEach), month);
  }
}
