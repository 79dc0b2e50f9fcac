package org.coachgrant.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * People's text in a form's Markdown: every construct that makes a heading, a link, an image, HTML, a list,
 * code, a table or a FEEL template is escaped, and what was typed reads the same once rendered.
 */
class FormTextTest {

  @Test
  void ruthsPhishingCommentIsNoHeadingAndNoLink() {
    assertThat(FormText.markdown("## Urgent: your grant is suspended [Sign in again here](http://evil.example.org/login)"))
        .isEqualTo("\\## Urgent: your grant is suspended \\[Sign in again here\\](http\\://evil.example.org/login)");
  }

  @Test
  void everyMarkdownAndHtmlConstructIsEscaped() {
    assertThat(FormText.markdown("![logo](http://x.example/a.png)")).isEqualTo("!\\[logo\\](http\\://x.example/a.png)");
    assertThat(FormText.markdown("<div style=\"x\">hi</div>")).isEqualTo("\\<div style=\"x\"\\>hi\\</div\\>");
    assertThat(FormText.markdown("<http://evil.example.org>")).isEqualTo("\\<http\\://evil.example.org\\>");
    assertThat(FormText.markdown("see https://evil.example.org or www.evil.example.org or WWW.evil.example.org"))
        .isEqualTo("see https\\://evil.example.org or www\\.evil.example.org or WWW\\.evil.example.org");
    assertThat(FormText.markdown("write to boss@evil.example.org")).isEqualTo("write to boss\\@evil.example.org");
    assertThat(FormText.markdown("**bold** _em_ ~~gone~~ `code`")).isEqualTo("\\*\\*bold\\*\\* \\_em\\_ \\~\\~gone\\~\\~ \\`code\\`");
    assertThat(FormText.markdown("a | b\n--- | ---")).isEqualTo("a \\| b\n\\--- \\| ---");
    assertThat(FormText.markdown("&lt;script&gt; &#60; &#x3c;")).isEqualTo("\\&lt;script\\&gt; \\&#60; \\&#x3c;");
    assertThat(FormText.markdown("{{settingName}} {{= 1 + 1}}")).isEqualTo("\\{\\{settingName\\}\\} \\{\\{= 1 + 1\\}\\}");
  }

  @Test
  void aHeadingsClosingHashesAreKeptAsTyped() {
    assertThat(FormText.markdown("Room #")).isEqualTo("Room \\#");
    assertThat(FormText.markdown("Room ##  ")).isEqualTo("Room \\#\\#  ");
  }

  @Test
  void aLineOfItsOwnCannotStartAListAHeadingAQuoteOrACodeBlock() {
    assertThat(FormText.markdown("Fine.\n- one\n+ two\n1. three\n2) four\n> quote\n    code\n===\n```\n# heading"))
        .isEqualTo("Fine.\n\\- one\n\\+ two\n1\\. three\n2\\) four\n\\> quote\ncode\n\\===\n\\`\\`\\`\n\\# heading");
  }

  @Test
  void anOrdinaryNameStaysAsItWasTyped() {
    for (String name : List.of("St. Mary's Pre-School & Nursery (Leeds)", "Sunflower Nursery", "Coaching session 1 of 3, group 2",
        "£1,180.00", "CG-2026-0004", "10 March 2027", "Bright Stars 2: the sequel; 100% fun?", "Kids First! @ St Mary's",
        "Nursery #2 (was 'Tots & Co')")) {
      assertThat(FormText.markdown(name)).isEqualTo(name);
    }
    assertThat(FormText.markdown(null)).isNull();
  }

  @Test
  void theReviewersListIsOneEscapedBulletALine() {
    assertThat(FormText.markdownList(List.of("[click](http://evil.example.org) # not a heading", "two\n  lines")))
        .isEqualTo("- \\[click\\](http\\://evil.example.org) # not a heading\n- two lines\n");
  }
}
