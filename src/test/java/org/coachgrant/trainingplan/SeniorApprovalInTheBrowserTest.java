package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * sam, a senior reviewer, signs in: his landing page names his Tasklist filter, and the senior approval he claims
 * says which approval rule asks for it (a setting's second grant) and lists the setting's earlier grant. Screenshots
 * under target/screenshots/. Run with {@code -Pbrowser}.
 */
class SeniorApprovalInTheBrowserTest extends InTheBrowser {

  @Autowired GrantService grants;

  @Test
  void samSeesWhyHisApprovalIsNeededAndTheSettingsEarlierGrant() {
    Fixture first = fixture("10000", "1500");
    SecondGrant second = secondGrantAwaitingSeniorApproval(first);
    ProcessInstance earlier = second.earlier();
    ProcessInstance later = second.later();
    Grant earlierGrant = grants.forPlan(planId(earlier)).orElseThrow();
    String taskId = task(later, TrainingPlanProcess.TASK_SENIOR_APPROVAL).getId();

    chromium.signIn("sam", PASSWORD);
    chromium.page("sam-landing", "Senior approvals");
    assertThat(chromium.text(By.tagName("main"))).doesNotContain("Plans to review");

    chromium.open("/camunda/app/tasklist/default/#/?task=" + taskId);
    chromium.click(By.xpath("//button[normalize-space()='Claim']"));
    chromium.waitFor("the claimed task's form", Duration.ofSeconds(30),
        d -> !d.findElements(By.xpath("//label[normalize-space()='Approve the plan']")).isEmpty());
    String programmeName = programmes.findProgramme(first.programmeId()).orElseThrow().name();
    String form = chromium.waitFor("the form saying why and listing the earlier grant", Duration.ofSeconds(30),
        d -> d.findElements(By.cssSelector(".fjs-container")).stream().map(WebElement::getText)
            .filter(text -> text.contains("A setting's second grant needs a second approval")
                && text.contains(earlierGrant.reference()))
            .findFirst().orElse(null));
    chromium.shoot("sam-senior-approval");
    assertThat(form).contains("Why it needs a senior approval: A setting's second grant needs a second approval: it has"
            + " had a grant before. This plan asks for £100.00; the setting has had one grant before.")
        .contains("The setting's earlier grants")
        .contains(earlierGrant.reference() + ", " + programmeName + ", £100.00, "
            + earlierGrant.status().toLowerCase(java.util.Locale.ROOT));
  }
}
