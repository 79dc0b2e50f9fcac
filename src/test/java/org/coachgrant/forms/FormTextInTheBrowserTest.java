package org.coachgrant.forms;

import org.coachgrant.system.Chromium;
import org.coachgrant.system.InTheBrowser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * People's text in form-js's Markdown renderer, in Debian's headless Chromium. The phishing of issue 18: ruth's
 * comment asking for changes, and a setting's name, made of Markdown and HTML, show in mia's "Submit training plan"
 * form on Coachgrant's task page (form-js 1.23.0) as the words that were typed, with no heading, link, image or
 * {@code <div>} made of them, and a FEEL template in them stays words too. And thousands of generated
 * strings, escaped by {@link FormText}, render through the marked that Tasklist bundles as their text and
 * nothing else, wherever a form places them.
 */
class FormTextInTheBrowserTest extends InTheBrowser {

  static final String PHISHING = "## Urgent: your grant is suspended [Sign in again here](http://evil.example/login)";

  @Test
  void ruthsPhishingCommentShowsInMiasFormAsTheWordsSheTyped() {
    Fixture f = fixture("10000", "1500");
    String settingName = "<div id=\"planted\">Sunflower</div> ![logo](http://evil.example/logo.png) www.evil.example";
    jdbc.sql("update setting set name = ? where id = ?").params(settingName, f.settingId()).update();
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", PHISHING + "\n\n- <a href=\"http://evil.example\">here</a> **now** {{managerId}}");

    chromium.open("/plans/" + planId(instance) + "/next");
    chromium.page("tasklist-sign-in", "Sign in to Coachgrant");
    chromium.type("username", f.manager());
    chromium.type("password", PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    // the form may be drawn again once it shows: read its words, and what it is made of, while it shows them
    record Form(String text, List<String> madeOfPeoplesText, List<String> headings) {}
    Form shown = chromium.waitFor("mia's form with ruth's comment", Duration.ofSeconds(30), d -> d
        .findElements(By.cssSelector(".fjs-form")).stream().filter(form -> form.getText().contains("Sign in again here"))
        .map(form -> new Form(form.getText(),
            Stream.concat(form.findElements(By.cssSelector("a[href*='evil.example'], img[src*='evil.example']")).stream(),
                d.findElements(By.id("planted")).stream()).map(WebElement::getTagName).toList(),
            form.findElements(By.cssSelector("h1, h2, h3, li")).stream().map(WebElement::getText).toList()))
        .findFirst().orElse(null));
    chromium.shoot("form-text-phishing");

    assertThat(shown.text()).contains(PHISHING).contains("<a href=\"http://evil.example\">here</a> **now** {{managerId}}")
        .contains("Training plan for " + settingName);
    assertThat(shown.madeOfPeoplesText()).as("no link, image or element made of people's text").isEmpty();
    assertThat(shown.headings()).as("the form's own headings only")
        .noneMatch(text -> text.contains("Urgent") || text.contains("here"));
  }

  /** Pieces of Markdown, HTML, autolinks, entities and FEEL that generated strings are made of. */
  private static final String[] PIECES = {"#", "##", "# ", " #", "-", "+", "*", "_", "~", "`", "```", "[", "]", "(", ")",
      "!", "<", ">", "&", "&lt;", "&#60;", ";", "|", "=", "===", "---", "1.", "2)", "1986.", ":", "//", "http://",
      "https://", "www.", "@", " @ ", "a@b.co", "x", "Word", " ", "  ", "\n", "\n\n", "    ", "\t", "{{", "}}",
      "\\", "<div>", "</div>", "<a href=x>", "[a](http://e.vil)", "![i](http://e.vil/i.png)", "<http://e.vil>",
      "ftp://e.vil", "<!--", "-->", "<script>", "'", "\"", "snake_case"};

  @Test
  void tasklistsOwnMarkdownShowsEveryEscapedStringAsItsTextWhereverAFormPlacesIt() throws Exception {
    Random random = new Random(18);
    List<String> typed = new ArrayList<>();
    List<String> documents = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = 1 + random.nextInt(12); i > 0; i--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String escaped = FormText.markdown(text.toString());
      // as the forms place a value: inside a line, at the start of one, in a heading
      for (String document : List.of("**Setting:** " + escaped + " end", escaped + "\n\nPlease update", "# Plan for " + escaped)) {
        typed.add(text.toString());
        documents.add(document);
      }
    }
    browser.get("about:blank");
    @SuppressWarnings("unchecked")
    List<String> rendered = (List<String>) chromium.js().executeScript("const exports = {};\n(" + tasklistsMarked()
        + ")({}, exports);\nreturn arguments[0].map(d => exports.marked.parse(d, {gfm: true, breaks: true}));", documents);

    List<String> shownAsMarkup = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      String html = rendered.get(i);
      String document = documents.get(i);
      List<String> tags = new ArrayList<>();
      Matcher tag = Pattern.compile("</?([a-zA-Z0-9]+)").matcher(html);
      while (tag.find()) {
        tags.add(tag.group(1).toLowerCase(java.util.Locale.ROOT));
      }
      List<String> expected = document.startsWith("**") ? List.of("strong") : document.startsWith("# ") ? List.of("h1") : List.of();
      boolean onlyTheFormsOwn = tags.stream().allMatch(t -> t.equals("p") || t.equals("br") || expected.contains(t))
          && expected.stream().allMatch(t -> tags.stream().filter(t::equals).count() == 2);
      String text = html.replaceAll("<br>", " ").replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ");
      String words = typed.get(i).replaceAll("\\s+", " ").strip();
      if (!onlyTheFormsOwn || !text.contains(words)) {
        shownAsMarkup.add(document + " → " + html);
      }
    }
    assertThat(shownAsMarkup).as("rendered as more than its text").isEmpty();
  }

  /** The marked module of the webjar Tasklist is served from (form-js renders text components with it). */
  private static String tasklistsMarked() throws Exception {
    String bundle;
    try (InputStream in = FormTextInTheBrowserTest.class.getResourceAsStream("/META-INF/resources/webjars/camunda/lib/deps.js")) {
      assertThat(in).as("Tasklist's bundle").isNotNull();
      bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // marked's getDefaults(), as it opens the module; the module ends where the bundle's next module starts
    Matcher start = Pattern.compile("[,{]\\d+:function\\((\\w),(\\w)\\)\\{\"use strict\";function \\w\\(\\)\\{return\\{async:!1,breaks:!1,"
        + "extensions:null,gfm:!0").matcher(bundle);
    assertThat(start.find()).as("marked in Tasklist's bundle: a Camunda upgrade may have changed it; check FormText again").isTrue();
    Matcher end = Pattern.compile("\\},\\d+:function\\(").matcher(bundle);
    assertThat(end.find(bundle.indexOf(start.group(2) + ".marked=", start.end()))).isTrue();
    return bundle.substring(start.start() + 1, end.start() + 1).replaceFirst("^\\d+:", "");
  }
}
