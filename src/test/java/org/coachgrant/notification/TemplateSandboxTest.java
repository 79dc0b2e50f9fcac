package org.coachgrant.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** Administrators edit the templates: a template can neither reach into Java nor loop for ever. */
class TemplateSandboxTest {

  @TempDir Path folder;

  @Test
  void aTemplateCannotUseReflection() throws Exception {
    EmailTemplates templates = write("evil",
        "#set($rt = $recipient.getClass().forName('java.lang.Runtime'))$rt.getRuntime().exec('touch pwned')[$rt]",
        "$recipient.getClass().getClassLoader()|$recipient.name");
    var email = templates.render("evil", Map.of("recipient", Map.of("name", "Mia")));
    assertThat(email.subject()).doesNotContain("java.lang.Runtime").doesNotContain("Process");
    assertThat(email.text()).as("left unevaluated, as text").isEqualTo("$recipient.getClass().getClassLoader()|Mia");
    assertThat(Path.of("pwned")).doesNotExist();
  }

  @Test
  void aTemplateCannotLoopForEver() throws Exception {
    EmailTemplates templates = write("loop", "Loop", "#foreach($i in [1..100000])x#end");
    var email = templates.render("loop", Map.of());
    assertThat(email.text().length()).isLessThanOrEqualTo(1000);
  }

  private EmailTemplates write(String name, String subject, String text) throws Exception {
    Path template = Files.createDirectories(folder.resolve(name));
    Files.writeString(template.resolve("subject.vm"), subject);
    Files.writeString(template.resolve("body.txt.vm"), text);
    Files.writeString(template.resolve("body.html.vm"), "<p>" + text + "</p>");
    return new EmailTemplates(new DefaultResourceLoader(), folder.toUri().toString());
  }
}
