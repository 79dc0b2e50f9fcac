package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeSetup;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 20, point 6, in Debian's Chromium: a manager whose plan was approved opens her grant letter from her page
 * and reads who issues it, the date the grant was awarded, whom to contact (name and email) and the programme's
 * terms, signed by the contact for the issuing body. axe-core on both pages; screenshots under target/screenshots/.
 * Run with {@code -Pbrowser}.
 */
class GrantLetterInTheBrowserTest extends InTheBrowser {

  @Autowired ProgrammeSetup setup;

  @Test
  void theManagerOpensHerGrantLetterFromHerPageAndReadsWhoIssuedItWhenWhomToAskAndOnWhichTerms() {
    String code = "L" + System.nanoTime() % 100_000_000;
    Programme programme = setup.create(Map.of("code", code, "name", "Coaching and Mentoring 2027", "budget", "63000",
        "grantCap", "1500", "planDeadline", LocalDate.now().plusMonths(3).toString(),
        "issuingBody", "Early Years Alliance", "contactName", "Priya Shah", "contactEmail", "grants@eya.example.org",
        "grantTerms", "Spend the grant on the approved training by 31 March 2028.\nReturn any grant not spent."));
    Fixture mia = enrol(code, programme.id());
    ProcessInstance instance = requestPlan(mia);
    submitPlan(instance, mia.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);
    jdbc.sql("update training_grant set committed_at = ? where plan_id = ?")
        .params(Timestamp.from(Instant.parse("2026-11-02T09:00:00Z")), planId(instance)).update();

    chromium.signIn(mia.manager(), PASSWORD);
    chromium.page("letter-my-page", "Your grant letter");
    chromium.click(By.linkText("Your grant letter (to read or print)"));
    chromium.page("letter-grant-letter", "Terms of the grant");

    assertThat(chromium.text(By.id("letter-from"))).isEqualTo("Early Years Alliance");
    assertThat(chromium.text(By.id("letter-date"))).isEqualTo("2 November 2026");
    assertThat(chromium.text(By.id("letter-awarded"))).isEqualTo("2 November 2026");
    assertThat(chromium.text(By.id("letter-terms")))
        .isEqualTo("Spend the grant on the approved training by 31 March 2028.\nReturn any grant not spent.");
    assertThat(chromium.text(By.id("letter-contact"))).contains("Priya Shah").contains("grants@eya.example.org")
        .contains(code + "-G");
    assertThat(chromium.find(By.linkText("grants@eya.example.org")).getAttribute("href"))
        .isEqualTo("mailto:grants@eya.example.org");
    assertThat(chromium.text(By.id("letter-signature")))
        .isEqualTo("Yours sincerely,\nPriya Shah\nFor Early Years Alliance");
  }
}
