package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coachgrant.modelling.DeploymentChecksTest.jsonEntity;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.Chromium;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An administrator changes the training plan process in a real browser: opens the editor, renames a task in
 * the properties panel, sees the checks pass, deploys, moves the running plan to the new version and sees it
 * there. A manager who opens the page is refused. axe-core checks each page (the diagram editor's own canvas
 * and panel, bpmn.io's code, are left out of the check). Run with {@code ./mvnw verify -Pbrowser}.
 */
@Tag("browser")
class AdministratorInTheBrowserTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;

  @Test
  void anAdministratorRenamesATaskChecksDeploysAndMovesTheRunningPlan() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    ProcessInstance inReview = requestPlan(f);
    submitPlan(inReview, f.manager(), plan(2, "300"));
    int before = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .latestVersion().singleResult().getVersion();

    try (Chromium browser = new Chromium(port)) {
      browser.signIn("ada", PASSWORD);
      browser.open("/admin/models");
      browser.page("models", "Process models, decision tables, forms and templates");
      browser.click(By.linkText("Training plan"));
      browser.waitFor(By.cssSelector("#modeler[data-ready='true']"));
      browser.page("model-editor", "Deploy as a new version", "#modeler");
      // the diagram opens readable, beside the palette rather than under it
      Map<?, ?> layout = (Map<?, ?>) browser.js().executeScript("var c = document.getElementById('canvas').getBoundingClientRect();"
          + "var p = document.querySelector('.djs-palette').getBoundingClientRect();"
          + "var s = {left: Math.min.apply(null, Array.from(document.querySelectorAll('.djs-shape .djs-visual'))"
          + ".map(function (v) { return v.getBoundingClientRect().left; }))};"
          + "var t = document.querySelector(\"[data-element-id='Task_ReviewTrainingPlan'] .djs-visual\").getBoundingClientRect();"
          + "return {height: c.height, palette: p.right, left: s.left, task: t.width};");
      assertThat(((Number) layout.get("height")).doubleValue()).as("the canvas's height").isGreaterThan(400);
      assertThat(((Number) layout.get("left")).doubleValue()).as("the leftmost shape's left edge, right of the palette")
          .isGreaterThan(((Number) layout.get("palette")).doubleValue());
      assertThat(((Number) layout.get("task")).doubleValue()).as("a task's width on screen").isGreaterThanOrEqualTo(55);
      assertThat(leavingAsks(browser)).as("nothing changed yet").isFalse();

      browser.click(By.cssSelector("[data-element-id='Task_ReviewTrainingPlan'] .djs-hit"));
      browser.waitFor(By.cssSelector("[data-group-id='group-general'] .bio-properties-panel-group-header"));
      if (browser.driver().findElements(By.id("bio-properties-panel-name")).stream().noneMatch(WebElement::isDisplayed)) {
        browser.click(By.cssSelector("[data-group-id='group-general'] .bio-properties-panel-group-header"));
      }
      browser.waitFor(By.id("bio-properties-panel-name"));
      WebElement name = browser.driver().findElement(By.id("bio-properties-panel-name"));
      name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Review the training plan");
      name.sendKeys(Keys.TAB);
      assertThat(leavingAsks(browser)).as("an unsaved change").isTrue();
      browser.click(By.id("check"));
      browser.waitFor(By.id("outcome"), "All checks passed");
      browser.page("model-checked", "All checks passed", "#modeler");

      browser.type("deploy-reason", "A clearer name for reviewers");
      browser.click(By.id("deploy"));
      browser.waitFor(By.linkText("Move to version " + (before + 1)));
      browser.waitFor(By.cssSelector("#outcome[role='status']"), "Deployed: Training plan (trainingPlan) is now at version "
          + (before + 1) + ".");
      browser.page("model-deployed", "Move to version " + (before + 1), "#modeler");
      assertThat(leavingAsks(browser)).as("deployed: nothing unsaved").isFalse();
      browser.click(By.cssSelector(".changes li:first-child .what-changed > summary"));
      // the editor also re-places the labels it draws: that is the one other line
      assertThat(browser.text(By.cssSelector(".changes li:first-child .model-changes")).lines()).containsOnlyOnce(
          "Renamed user task Task_ReviewTrainingPlan from \"Review training plan\" to \"Review the training plan\"")
          .hasSizeLessThanOrEqualTo(2).allMatch(line -> line.startsWith("Renamed") || line.equals("The diagram's layout changed"));
      assertThat(browser.text(By.cssSelector(".changes li:first-child .xml-diff > summary"))).startsWith("The file, line by line");
      assertThat(browser.find(By.cssSelector(".changes li:first-child .xml-diff pre")).isDisplayed()).as("the XML behind its link")
          .isFalse();
      browser.shoot("model-what-changed");
      assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
          .latestVersion().singleResult().getVersion()).isEqualTo(before + 1);

      browser.driver().findElements(By.linkText("Move to version " + (before + 1))).get(0).click();
      browser.page("migration", "can move.");
      browser.type("upload-reason", "Plans in review take the new name");
      browser.click(By.id("migrate"));
      browser.page("migrated", "moving to version " + (before + 1), "#modeler");
      runBatches();
      assertThat(engine.getRepositoryService().getProcessDefinition(runtime.createProcessInstanceQuery()
          .processInstanceId(inReview.getId()).singleResult().getProcessDefinitionId()).getVersion()).isEqualTo(before + 1);
      browser.open("/admin/models/process/" + TrainingPlanProcess.KEY);
      browser.page("model-new-version", "Plans in review take the new name", "#modeler");
      assertThat(browser.text(By.cssSelector("#versions tbody tr:first-child td:first-child"))).isEqualTo(String.valueOf(before + 1));
      assertThat(browser.text(By.cssSelector("#versions tbody tr:first-child td:nth-child(4)"))).isNotEqualTo("0");
    } finally {
      http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/process/trainingPlan/rollback",
          jsonEntity(Map.of("reason", "End of the browser test")), String.class);
    }
  }

  @Test
  void anAdministratorOpensTheDecisionTableAndPreviewsATemplateWithARealPlan() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "1500");
    ProcessInstance plan = requestPlan(f);
    submitPlan(plan, f.manager(), plan(2, "300"));
    try (Chromium browser = new Chromium(port)) {
      browser.signIn("ada", PASSWORD);
      browser.open("/admin/models/decision/approvalRules");
      browser.waitFor(By.cssSelector("#modeler[data-ready='true']"));
      browser.page("decision-editor", "Deploy as a new version", "#modeler");
      browser.click(By.id("check"));
      browser.waitFor(By.id("outcome"), "All checks passed");

      browser.open("/admin/models/template/plan-received");
      browser.page("template-editor", "Save as a new version");
      WebElement subject = browser.driver().findElement(By.id("part-subject"));
      subject.clear();
      subject.sendKeys("Your plan for ${setting.name} is with us");
      browser.click(By.id("preview"));
      browser.waitFor(By.id("preview-subject"), "Your plan for Setting ");
      browser.page("template-preview", "Rendered with the data of trainingPlan");
      browser.click(By.id("save"));
      browser.waitFor(By.id("template-reason-error"), "Say why you make this change");
      browser.shoot("template-reason-required");
    }
  }

  @Test
  void aManagerWhoOpensTheModelsPageIsRefused() throws Exception {
    person("mona", "managers");
    try (Chromium browser = new Chromium(port)) {
      browser.signIn("mona", PASSWORD);
      browser.open("/admin/models");
      browser.page("models-refused", "You can't open this page");
      assertThat(browser.driver().getPageSource()).doesNotContain("trainingPlan");
    }
  }

  /** Whether leaving the page now would ask first: the page's beforeunload handler cancels the event. */
  private static boolean leavingAsks(Chromium browser) {
    return (Boolean) browser.js().executeScript("var e = new Event('beforeunload', {cancelable: true});"
        + "window.dispatchEvent(e); return e.defaultPrevented;");
  }

  private void runBatches() {
    management.createBatchQuery().list().forEach(batch -> ProcessChangesTest.runBatch(management, batch.getId()));
  }
}
