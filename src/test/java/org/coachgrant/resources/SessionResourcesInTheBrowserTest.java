package org.coachgrant.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.coachgrant.coaching.Coaching;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.system.Chromium;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 24, point 4, as the coach and a delegate live it: carl attaches a reading list and his slides to session 1
 * on its resources page (a wrong file refused beside the field first), and the delegate finds both on her page and
 * downloads the slides.
 */
class SessionResourcesInTheBrowserTest extends InTheBrowser {

  @Autowired Coaching coaching;
  @Autowired CoachingGroups groups;

  @Test
  void carlAttachesALinkAndAFileAndHisDelegateDownloadsTheFileFromHerPage() throws Exception {
    person("carl", "coaches");
    Fixture f = fixture("63000", "1500");
    enrol(f.programmeCode(), f.programmeId());
    enrol(f.programmeCode(), f.programmeId());
    coaching.allocate(f.programmeCode());
    CoachingGroups.Group group = groups.groups(f.programmeId()).get(0);
    jdbc.sql("update coaching_group set coach_id = 'carl' where id = ?").param(group.id()).update();
    Instant start = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    coaching.schedule(f.programmeCode(), 1, List.of(new Coaching.SessionInput(start, null, "Ipswich Library, room 2"),
        new Coaching.SessionInput(start.plus(7, ChronoUnit.DAYS), null, "Ipswich Library, room 2"),
        new Coaching.SessionInput(start.plus(14, ChronoUnit.DAYS), null, "Ipswich Library, room 2")));
    long session = sessions.find(group.id(), 1).orElseThrow().id();
    Path slides = Files.createDirectories(Path.of("target", "resources-browser")).resolve("session-1-slides.pdf").toAbsolutePath();
    Files.write(slides, SessionResourcesTest.PDF);
    Path notAPicture = slides.resolveSibling("photo.png");
    Files.write(notAPicture, SessionResourcesTest.PDF);

    chromium.signIn("carl", PASSWORD);
    chromium.open("/programmes/" + f.programmeCode() + "/sessions/" + session + "/resources");
    chromium.page("resources-empty", "Nothing is attached yet");

    chromium.type("linkTitle", "Reading list: talking with children");
    chromium.type("url", "https://example.org/reading");
    chromium.click(By.xpath("//button[normalize-space()='Attach link']"));
    chromium.page("resources-link", "The link \u201cReading list: talking with children\u201d is attached.");

    chromium.type("fileTitle", "A photo");
    browser.findElement(By.id("resourceFile")).sendKeys(notAPicture.toString());
    chromium.click(By.xpath("//button[normalize-space()='Attach file']"));
    chromium.page("resources-refused", "There is a problem");
    assertThat(chromium.text(By.id("resourceFile-error"))).contains("Is a PDF inside but its name ends .png");

    chromium.type("fileTitle", "Session 1 slides");
    browser.findElement(By.id("resourceFile")).sendKeys(slides.toString());
    chromium.click(By.xpath("//button[normalize-space()='Attach file']"));
    chromium.page("resources-file", "The file \u201cSession 1 slides\u201d is attached (PDF, 1 KB).");
    assertThat(chromium.text(By.id("resources"))).contains("Reading list: talking with children").contains("Session 1 slides")
        .doesNotContain("A photo");

    String delegate = jdbc.sql("select s.manager_user_id from setting s where s.urn = ?")
        .param(group.members().get(0).urn()).query(String.class).single();
    chromium.close();
    chromium = new Chromium(port);
    browser = chromium.driver();
    chromium.signIn(delegate, PASSWORD);
    chromium.open("/my");
    chromium.page("resources-my", "Resources of your sessions");
    assertThat(chromium.text(By.id("resources-" + f.programmeCode()))).contains("Session 1")
        .contains("Reading list: talking with children (opens in a new tab)").contains("Session 1 slides (PDF, 1 KB)");

    String href = browser.findElement(By.linkText("Session 1 slides")).getAttribute("href");
    @SuppressWarnings("unchecked")
    Map<String, Object> download = (Map<String, Object>) chromium.js().executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then(function (r) { return r.arrayBuffer().then(function (b) { done({status: r.status,"
            + " type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition'), bytes: b.byteLength}); }); })",
        href);
    assertThat(download).containsEntry("status", 200L).containsEntry("type", "application/pdf")
        .containsEntry("disposition", "attachment; filename=\"session-1-slides.pdf\"")
        .containsEntry("bytes", (long) SessionResourcesTest.PDF.length);
  }
}
