package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 20, point 4: the import page follows the import by itself. cora uploads a file with bad rows and, clicking
 * nothing, sees the import finish and the refused rows listed, while the live region (the same element throughout)
 * tells a screen reader and her focus stays where she left it.
 */
class EnrolmentImportInTheBrowserTest extends InTheBrowser {

  @Test
  void theImportPageShowsTheFinishedReportWithoutAClick() throws Exception {
    String code = "I-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    programmes.createProgramme(code, "Import Coaching " + code, new BigDecimal("63000"), new BigDecimal("1500"),
        LocalDate.now().plusMonths(4));
    String n = code.substring(2).toLowerCase();
    StringBuilder rows = new StringBuilder("setting name,URN,manager name,email\n");
    for (int i = 1; i <= 13; i++) {
      rows.append("Nursery ").append(i).append(",EY").append(n).append(i).append(",Manager ").append(i)
          .append(",m").append(i).append(n).append("@example.org\n");
    }
    rows.append("Rowan Nursery,EY").append(n).append("R,Rhia Example,\n");
    rows.append("Sycamore Nursery,EY").append(n).append("S,Sol Example,sol at example\n");
    rows.append(",EY").append(n).append("T,Tom Example,tom").append(n).append("@example.org\n");
    Path csv = Files.createTempFile("settings", ".csv");
    Files.writeString(csv, rows, StandardCharsets.UTF_8);

    chromium.signIn("cora", PASSWORD);
    chromium.open("/programmes/" + code + "/enrolments");
    chromium.shows("enrol-before-import", "Upload the CSV");
    browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
    chromium.click(By.xpath("//button[normalize-space()='Upload and enrol']"));
    chromium.page("enrol-import-running", "0 of 16 rows checked so far");
    String importPage = browser.getCurrentUrl();
    WebElement file = browser.findElement(By.id("file"));
    chromium.js().executeScript("window.stillThisPage = true; document.getElementById('import-status').marked = true;"
        + " arguments[0].focus();", file);

    // what the job executor does in production; the test context has none
    executeJobs();

    chromium.waitFor(By.id("report-summary"), "The import has finished");
    chromium.page("enrol-import-finished", "Import report");
    assertThat(browser.getCurrentUrl()).as("the same page, never left").isEqualTo(importPage);
    assertThat(chromium.js().executeScript("return window.stillThisPage === true"
        + " && document.getElementById('import-status').marked === true")).as("not reloaded; the live region kept")
        .isEqualTo(true);
    assertThat(browser.switchTo().activeElement()).as("focus stays on the file field").isEqualTo(file);
    assertThat(chromium.text(By.id("report-summary"))).contains("13 enrolled").contains("3 rows with a problem");
    assertThat(browser.findElements(By.id("import-refresh"))).as("no Check again once finished").isEmpty();
    List<String> refused = browser.findElements(By.cssSelector("#report-problems tbody tr")).stream()
        .map(WebElement::getText).toList();
    assertThat(refused).containsExactly(
        "15 Rowan Nursery Email is required",
        "16 Sycamore Nursery Email is not an email address ('sol at example')",
        "17 (none given) Setting name is required");
    assertThat(chromium.find(By.id("import-status")).getAttribute("role")).isEqualTo("status");
  }
}
