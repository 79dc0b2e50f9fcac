package org.coachgrant.goals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code /my} shows a manager's goals with their reviews and history; {@code /my/goals/…} edits them, checked. */
class MyGoalsPageTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired CoachingGoals goals;

  @Test
  void aManagerSeesHerGoalsOnHerPageAndEditsThemWithHerMistakesShownBesideTheFields() throws Exception {
    Fixture f = fixture("10000", "1500");
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    SignedInBrowser me = signedIn(f.manager());
    assertThat(me.get("/my").body()).contains("Your coaching goals").contains("Asked for after your first coaching session");

    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    String page = "/my/goals/" + f.programmeCode() + "/" + f.settingUrn();
    Map<String, String> form = new HashMap<>(Map.of("goal1", "Daily stories", "goalWhy1", "", "goalKnow1", "Retelling",
        "goal2", "x".repeat(501), "goalWhy2", "b", "goalKnow2", "c"));
    HttpResponse<String> refused = me.postForm(page, page, form);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).contains("There is a problem").contains("Goal 1, why it matters to the children: is required")
        .contains("Goal 2: must be at most 500 characters").contains("id=\"goalWhy1-error\"").contains("Daily stories");
    assertThat(goals.current(f.programmeId(), f.settingId())).isEmpty();

    form.put("goalWhy1", "Language grows with stories");
    form.put("goal2", "Songs at lunch");
    assertThat(me.postForm(page, page, form).statusCode()).isEqualTo(302);
    goals.review(f.programmeId(), f.settingId(), session(f), 2, List.of(new CoachingGoals.ReviewInput(1, "UNDER_WAY",
        "Two rooms read daily")), "carl");
    // a change made by someone whose account is gone since: named as such, never by a user id
    goals.set(f.programmeId(), f.settingId(), List.of(new CoachingGoals.Goal("Daily stories", "Language grows with stories",
        "Retelling"), new CoachingGoals.Goal("Songs at lunch, daily", "b", "c")), "gone-" + f.manager());
    String mine = me.get("/my").body();
    assertThat(mine).contains("Daily stories").contains("Songs at lunch").contains("Session 2: Under way")
        .contains("Two rooms read daily").contains("Every change to your goals").contains("Change your coaching goals");
    String name = identity.createUserQuery().userId(f.manager()).singleResult().getFirstName() + " Example";
    assertThat(mine).as("the history names people").contains("Goal 1 set by " + name + ", ")
        .contains("Goal 2 changed by a former member, ").doesNotContain("by " + f.manager()).doesNotContain("by gone-");

    SignedInBrowser noah = signedIn(other.manager());
    assertThat(noah.get(page).statusCode()).isEqualTo(404);
    assertThat(noah.get("/my").body()).doesNotContain("Daily stories");
    assertThat(signedIn("cora").get(page).statusCode()).isEqualTo(403);
  }

  @Test
  void whatIsDueNextShowsTheGoalsTaskWhenItWaitsAfterThePlansTask() throws Exception {
    Fixture f = fixture("10000", "1500");
    SignedInBrowser me = signedIn(f.manager());
    CoachingGoalsProcess.attended(runtime, f.programmeCode(), f.programmeId(), f.settingUrn(), f.settingId(), f.manager(), 1);
    String goalsTask = tasks.createTaskQuery().taskAssignee(f.manager())
        .taskDefinitionKey(CoachingGoalsProcess.TASK_SET_GOALS).singleResult().getId();
    String page = me.get("/my").body();
    assertThat(dueNext(page, f)).doesNotContain("Nothing is waiting for you").contains("Your coaching goals")
        .contains("/tasks/" + goalsTask);
    assertThat(page).doesNotContain("Also waiting for you");

    org.camunda.bpm.engine.runtime.ProcessInstance plan = requestPlan(f);
    String planTask = task(plan, org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SUBMIT).getId();
    String both = dueNext(me.get("/my").body(), f);
    assertThat(both).contains("/tasks/" + planTask).contains("/tasks/" + goalsTask);
    assertThat(both.indexOf("/tasks/" + planTask)).as("the plan's task first").isLessThan(both.indexOf("/tasks/" + goalsTask));
  }

  /** The "What is due next" part of the fixture's programme on {@code /my}. */
  private static String dueNext(String page, Fixture f) {
    int start = page.indexOf("id=\"due-" + f.programmeCode() + "\"");
    assertThat(start).as("What is due next").isPositive();
    return page.substring(start, page.indexOf("</div>", start));
  }

  /** A session to hang a review on: the goals' reviews name the session they were made in. */
  private long session(Fixture f) {
    person("carl", "coaches");
    jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, 1, 'carl')").param(f.programmeId()).update();
    long group = jdbc.sql("select id from coaching_group where programme_id = ?").param(f.programmeId()).query(Long.class).single();
    jdbc.sql("insert into coaching_session (group_id, number, starts_at, minutes, place, status) values (?, 2, current_timestamp, 120, 'Library', 'SCHEDULED')")
        .param(group).update();
    return jdbc.sql("select id from coaching_session where group_id = ?").param(group).query(Long.class).single();
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, PASSWORD);
    return browser;
  }
}
