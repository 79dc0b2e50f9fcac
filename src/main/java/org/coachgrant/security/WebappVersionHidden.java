package org.coachgrant.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The webapps' pages print the engine's version in their footer, and in every script's cache-busting parameter, for
 * every signed-in person: an attacker's first question, for a release that gets no more security fixes. Their HTML
 * pages go out without it; administrators read it where Camunda Modeler does ({@code /engine-rest/version}, an
 * administrator's row of the allow-list). The webapps' own scripts still carry it: they are Camunda's files, served
 * as they are.
 */
@Configuration
class WebappVersionHidden {

  private static final Pattern FOOTER_VERSION = Pattern.compile("(<footer[^>]*\\sversion=\")[^\"]*(\")");
  /**
   * The pages' cache-busting parameter is the version too: a token derived from it ({@link #bust}) changes with each
   * release as the version does, so the scripts it names, which browsers keep a year (system/StaticFileCaching), are
   * fetched anew after an upgrade.
   */
  private static final Pattern BUST = Pattern.compile("([?&]bust=)([0-9][0-9A-Za-z.-]*)");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> webappVersionHiddenFilter() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, page);
        String type = page.getContentType();
        if (type == null || !type.startsWith("text/html")) {
          page.copyBodyToResponse();
          return;
        }
        String withoutFooter = FOOTER_VERSION.matcher(new String(page.getContentAsByteArray(), StandardCharsets.UTF_8))
            .replaceAll("$1$2");
        byte[] html = BUST.matcher(withoutFooter)
            .replaceAll(bust -> bust.group(1) + bust(bust.group(2)))
            .getBytes(StandardCharsets.UTF_8);
        page.resetBuffer();
        page.getOutputStream().write(html);
        page.copyBodyToResponse();
      }

      @Override
      protected boolean shouldNotFilter(HttpServletRequest request) {
        // the pages, never the scripts, styles and fonts beside them
        String path = request.getRequestURI();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.isEmpty() && !last.endsWith(".html");
      }
    });
    registration.setName("coachgrant-webapp-version-hidden");
    registration.addUrlPatterns("/camunda/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /** The token a page's {@code bust=} carries for the release {@code version}: another release, another token. */
  static String bust(String version) {
    return Integer.toHexString(version.hashCode());
  }
}
