package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.catalina.util.ServerInfo;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.SpringProperties;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.RouterFunction;

/** The versions and the unused features that docs/security.md counts on. */
class DependencyVersionsTest extends CoachgrantTest {

  @Autowired ApplicationContext context;

  @Test
  void tomcatIsAtLeastTheVersionTheAdvisoriesNameAsFixed() {
    String[] version = ServerInfo.getServerNumber().split("\\.");
    assertThat(Integer.parseInt(version[0])).isEqualTo(10);
    assertThat(Integer.parseInt(version[1])).isEqualTo(1);
    assertThat(Integer.parseInt(version[2])).as("Tomcat 10.1.x").isGreaterThanOrEqualTo(62);
  }

  @Test
  void springFrameworkAndThymeleafAreAtLeastTheVersionsTheAdvisoriesNameAsFixed() {
    // CVE-2026-41838, 41842, 41843, 41851, 41854: fixed in 6.2.19
    assertThat(patch(org.springframework.core.SpringVersion.getVersion(), "6.2.")).isGreaterThanOrEqualTo(19);
    // CVE-2026-40477, 40478, 41901: fixed in 3.1.5
    assertThat(patch(org.thymeleaf.Thymeleaf.getVersion(), "3.1.")).isGreaterThanOrEqualTo(5);
    // no WebSocket module for CVE-2026-41838 to reach, no resource chain for 41842/41843
    assertThat(ClassUtils.isPresent("org.springframework.web.socket.WebSocketSession", null)).isFalse();
    assertThat(context.getEnvironment().getProperty("spring.web.resources.chain.enabled")).isNull();
  }

  /** The patch number of a version in the line {@code prefix}, such as 19 of "6.2.19". */
  private static int patch(String version, String prefix) {
    assertThat(version).startsWith(prefix);
    return Integer.parseInt(version.substring(prefix.length()).replaceAll("\\D.*", ""));
  }

  @Test
  void unfixedSpringFrameworkAdvisoriesHaveNothingToReach() throws IOException {
    // CVE-2026-47884: no XSLT views; CVE-2026-59313: no functional endpoints
    assertThat(context.getBeanNamesForType(org.springframework.web.servlet.view.xslt.XsltViewResolver.class)).isEmpty();
    assertThat(context.getBeanNamesForType(RouterFunction.class)).isEmpty();
    // CVE-2026-59283: the SpEL compiler stays off
    assertThat(SpringProperties.getProperty("spring.expression.compiler.mode")).isNull();
    assertThat(context.getEnvironment().getProperty("spring.expression.compiler.mode")).isNull();
    // CVE-2026-41855: no JMS
    assertThat(ClassUtils.isPresent("org.springframework.jms.support.converter.MappingJackson2MessageConverter", null)).isFalse();
    // CVE-2026-59281: nothing renders errors through EscapedErrors
    try (Stream<Path> sources = Files.walk(Path.of("src/main"))) {
      assertThat(sources.filter(Files::isRegularFile).filter(p -> read(p).contains("EscapedErrors"))).isEmpty();
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return "";
    }
  }
}
