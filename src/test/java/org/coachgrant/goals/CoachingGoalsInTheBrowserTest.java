package org.coachgrant.goals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.system.Chromium;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 24 in Debian's Chromium, for one group: the coach attaches session 1's reading list from his group's page;
 * after session 1 mia sets her goals on her task page and noah
 * his on his page's goals form; the coach reviews them in sessions 2 and 3 (through the engine's Java API, as Tasklist
 * submits the form); mia reads the reviews on /my, her plan's form shows her goals and she links an action to one;
 * ruth reviews the plan in Tasklist and sees the goals and which action serves which.
 */
class CoachingGoalsInTheBrowserTest extends InTheBrowser {

  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;

  @Test
  void twoManagersSetGoalsTheCoachReviewsThemAndMiasPlanStartsFromHers() throws Exception {
    person("carl", "coaches");
    Fixture mia = fixture("10000", "1500");
    Fixture noah = enrol(mia.programmeCode(), mia.programmeId());
    coaching.allocate(mia.programmeCode());
    CoachingGroups.Group group = groups.groups(mia.programmeId()).get(0);
    Instant start = ClockUtil.getCurrentTime().toInstant().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    coaching.schedule(mia.programmeCode(), 1, List.of(new Coaching.SessionInput(start, null, "Library"),
        new Coaching.SessionInput(start.plus(7, ChronoUnit.DAYS), null, "Library"),
        new Coaching.SessionInput(start.plus(14, ChronoUnit.DAYS), null, "Library")));
    List<String> both = List.of(mia.settingUrn(), noah.settingUrn());

    // the coach sets up session 1's resources, from his group's page
    chromium.signIn("carl", PASSWORD);
    // the sign-in lands on /my: opening the group's page before it does races with that redirect
    chromium.shows("goals-carl-my", "Groups you coach");
    chromium.open("/my/groups/" + group.id());
    chromium.click(By.linkText("Resources of session 1 (slides, handouts, links)"));
    chromium.page("goals-carl-resources", "Nothing is attached yet");
    chromium.type("linkTitle", "Reading list: talking with children");
    chromium.type("url", "https://example.org/reading");
    chromium.click(By.xpath("//button[normalize-space()='Attach link']"));
    chromium.page("goals-carl-resources-attached", "The link \u201cReading list: talking with children\u201d is attached.");
    signOut();
    runSession(mia, group, 1, both);

    // mia: her goals on her own task page, from /my
    chromium.signIn(mia.manager(), PASSWORD);
    chromium.open("/my");
    chromium.page("goals-mia-my-before", "Your coaching goals");
    assertThat(browser.findElement(By.tagName("main")).getText()).as("session 1's resources on her page")
        .contains("Reading list: talking with children");
    browser.findElement(By.linkText("Your coaching goals")).sendKeys(Keys.ENTER);
    formReady();
    chromium.page("goals-mia-task", "Your coaching goals");
    type("Field_goal1", "Daily stories in every room");
    type("Field_goalWhy1", "Children's language grows when they hear and retell stories.");
    type("Field_goalKnow1", "Two-year-olds retell a favourite story in their own words.");
    type("Field_goal2", "Songs at lunch");
    browser.findElement(By.id("submit-task")).sendKeys(Keys.ENTER);
    chromium.waitFor("the form says what goal 2 still needs", Duration.ofSeconds(30),
        d -> d.findElement(By.id("outcome")).getText().contains("is required"));
    chromium.shoot("goals-mia-task-refused");
    type("Field_goalWhy2", "Singing together helps the quieter children join in.");
    type("Field_goalKnow2", "Every child joins in with one song a day.");
    browser.findElement(By.id("submit-task")).sendKeys(Keys.ENTER);
    chromium.waitFor("goals saved", Duration.ofSeconds(30), d -> d.getCurrentUrl().endsWith("/done"));
    chromium.page("goals-mia-saved", "Coaching goals saved");
    signOut();

    // noah: his goals on his page's form, which completes his task
    chromium.signIn(noah.manager(), PASSWORD);
    chromium.open("/my");
    browser.findElement(By.linkText("Set your coaching goals")).sendKeys(Keys.ENTER);
    chromium.page("goals-noah-form", "Save your goals");
    chromium.type("goal1", "Outdoor play every morning");
    chromium.type("goalWhy1", "Children who rarely speak indoors talk more outside.");
    browser.findElement(By.xpath("//button[normalize-space()='Save your goals']")).click();
    chromium.page("goals-noah-refused", "There is a problem");
    assertThat(chromium.text(By.id("error-summary"))).contains("Goal 1, how you’ll know it worked: is required");
    chromium.type("goalKnow1", "Key persons note who talks outdoors, weekly.");
    browser.findElement(By.xpath("//button[normalize-space()='Save your goals']")).click();
    chromium.page("goals-noah-my", "Outdoor play every morning");
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Daily stories");
    signOut();

    // the coach reviews both in sessions 2 and 3
    for (int number = 2; number <= 3; number++) {
      runSession(mia, group, number, both);
      String progress = number == 2 ? "UNDER_WAY" : "ACHIEVED";
      review(mia, group.coachId(), Map.of("progress1", progress, "reflection1", "Stories in session " + number,
          "progress2", "NOT_STARTED", "reflection2", "Next term"));
      review(noah, group.coachId(), Map.of("progress1", progress, "reflection1", "Outdoors in session " + number));
    }

    // mia reads the reviews on her page, and her plan starts from her goals
    ProcessInstance plan = runtime.createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .processInstanceBusinessKey(mia.programmeCode() + "/" + mia.settingUrn()).singleResult();
    assertThat(plan).as("her plan is asked for once she attended every session").isNotNull();
    executeJobs();
    chromium.signIn(mia.manager(), PASSWORD);
    chromium.open("/my");
    chromium.page("goals-mia-reviewed", "Session 3: Achieved");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Session 2: Under way")
        .contains("Stories in session 3");
    String submit = task(plan, TrainingPlanProcess.TASK_SUBMIT).getId();
    chromium.open("/tasks/" + submit);
    formReady();
    chromium.page("goals-mia-plan", "Daily stories in every room");
    type("Field_identifiedNeeds", "Confidence in storytelling and in supporting early language.");
    type("Field_course", "Storytelling for early years");
    type("Field_provider", "Talking Tales");
    type("Field_staffCount", "2");
    type("Field_costEach", "300");
    type("Field_plannedMonth", plannedMonth().toString());
    type("Field_servesGoal", "1");
    type("Field_totalRequested", "600");
    type("Field_expectedOutcomes", "Every room tells a story a day, and the children retell them.");
    type("Field_cascadingPlan", "The two trained staff run a storytelling session at each staff meeting.");
    browser.findElement(By.xpath("//button[normalize-space()='Submit plan']")).sendKeys(Keys.ENTER);
    chromium.waitFor("the plan is received", Duration.ofSeconds(30), d -> d.getCurrentUrl().endsWith("/done"));
    chromium.shows("goals-mia-plan-received", "Plan received");
    signOut();

    // ruth reviews it in Tasklist: the goals, and which action serves which
    chromium.open("/plans/" + planId(plan) + "/next");
    chromium.type("username", "ruth");
    chromium.type("password", PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    chromium.click(By.xpath("//button[normalize-space()='Claim']"));
    chromium.waitFor("mia's goals in ruth's form", Duration.ofSeconds(30),
        d -> d.findElement(By.cssSelector(".fjs-container")).getText().contains("Daily stories in every room"));
    String form = browser.findElement(By.cssSelector(".fjs-container")).getText();
    assertThat(form).contains("The manager's coaching goals").contains("Serves goal").contains("Goal 1");
    chromium.shoot("goals-ruth-reviews");
  }

  private void review(Fixture f, String coach, Map<String, Object> values) {
    ProcessInstance goals = runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY)
        .processInstanceBusinessKey(CoachingGoalsProcess.businessKey(f.programmeCode(), f.settingUrn())).singleResult();
    complete(goals, CoachingGoalsProcess.TASK_REVIEW_GOALS, coach, values);
  }

  private void runSession(Fixture f, CoachingGroups.Group group, int number, List<String> attended) {
    Sessions.Session session = sessions.find(group.id(), number).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(session.endsAt().plusSeconds(60)));
    executeJobs();
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(f.programmeCode() + "/G1")
        .taskDefinitionKey(CoachingProcess.TASK_RECORD_ATTENDANCE).singleResult();
    actAs(group.coachId());
    try {
      tasks.complete(task.getId(), Map.of("attended", SpinValues.jsonValue(Set.copyOf(attended).stream()
          .map(u -> "\"" + u + "\"").collect(Collectors.joining(",", "[", "]"))).create()));
    } finally {
      identity.clearAuthentication();
    }
    executeJobs();
  }

  private void formReady() {
    chromium.waitFor("the task's form", Duration.ofSeconds(30),
        d -> !d.findElements(By.cssSelector("#task-form[data-ready='true'] .fjs-form")).isEmpty());
  }

  private void type(String fieldId, String text) {
    List<WebElement> fields = browser.findElements(By.cssSelector("input[id*='" + fieldId + "'], textarea[id*='" + fieldId + "']"));
    assertThat(fields).as("form field " + fieldId).isNotEmpty();
    Chromium.retype(fields.get(0), text);
  }

  private void signOut() {
    chromium.open("/");
    browser.findElement(By.xpath("//button[starts-with(normalize-space(), 'Sign out')]")).click();
    chromium.waitFor("signed out", Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/login"));
  }
}
