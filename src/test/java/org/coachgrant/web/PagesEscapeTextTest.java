package org.coachgrant.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The workspace's pages show people's text as text: every view inserts values with Thymeleaf's escaping
 * ({@code th:text}, {@code [[…]]}), never unescaped ({@code th:utext}, {@code [(…)]}).
 */
class PagesEscapeTextTest {

  @Test
  void noViewInsertsAValueUnescaped() throws Exception {
    Resource[] views = new PathMatchingResourcePatternResolver().getResources("classpath:views/**/*.html");
    assertThat(views).isNotEmpty();
    for (Resource view : views) {
      String html;
      try (InputStream in = view.getInputStream()) {
        html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(html).as(view.getFilename()).doesNotContain("th:utext").doesNotContain("data-th-utext").doesNotContain("[(");
    }
  }
}
