package org.coachgrant.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * How long a browser keeps the files beside the pages, so that Tasklist's second visit loads nothing it already has.
 *
 * <p>A file whose address changes whenever its content does is kept a year, never asked for again
 * ({@link #VERSIONED}): Coachgrant's vendored libraries ({@code /vendor/dmn-js-17.10.2/...}), webjars
 * ({@code /webjars/chart.js/4.4.1/...}), and Camunda's own webapp files under {@code /camunda/app}, {@code /lib} and
 * {@code /assets} asked for with their {@code bust} parameter: Camunda's scripts write the release into it, and the
 * pages a token made from the release (security/WebappVersionHidden), so a Camunda upgrade changes every one.
 *
 * <p>Every other file is asked for again each time and answered 304 while its content is the same
 * ({@link #REVALIDATED}, a weak ETag of the content, so that the connector still compresses it): Coachgrant's
 * {@code /css} and {@code /js}, the webapps' plugin files, and Coachgrant's own files among the webapps'
 * ({@code config.js}, {@code user-styles.css}, {@code coachgrant.js}...), which the webapps load with Camunda's
 * {@code bust} although a Coachgrant release changes them and not it. No Last-Modified there: a rebuilt jar need not
 * move a file's date, and a deploy must never be answered "not modified" from one.
 *
 * <p>Pages, API answers and failures are left alone or never kept: what they say changes with each request.
 */
@Configuration
class StaticFileCaching {

  private static final Logger LOG = LoggerFactory.getLogger(StaticFileCaching.class);

  static final String VERSIONED = "public, max-age=31536000, immutable";
  static final String REVALIDATED = CacheControl.noCache().getHeaderValue();
  private static final String NEVER = CacheControl.noStore().getHeaderValue();

  private static final String CAMUNDA_WEBAPPS = "META-INF/resources/webjars/camunda/";
  private static final String CAMUNDA_WEBJAR = "META-INF/maven/org.camunda.bpm.webapp/camunda-webapp-webjar/pom.properties";
  private static final Pattern VERSIONED_PATH = Pattern.compile("/vendor/[^/]+-\\d[^/]*/.+|/webjars/[^/]+/\\d[^/]*/.+");
  private static final Pattern WEBAPP_FILE = Pattern.compile("/camunda/((?:app|lib|assets)/.+)");
  private static final Pattern OTHER_FILE = Pattern.compile(
      "/(?:css|js|vendor|webjars)/.+|/(?:camunda/)?favicon\\.ico|/camunda/api/\\w+/plugin/[^/]+/static/.+");
  /** A file's name has an extension; a page's address ends in a slash or a name without one, or in .html. */
  private static final Pattern FILE_NAME = Pattern.compile(".*/[^/]+\\.(?!html?$)[A-Za-z0-9]+");
  private static final Pattern BUST = Pattern.compile("(?:^|&)bust=[^&]+");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> staticFileCachingFilter(ResourcePatternResolver resources) throws IOException {
    Predicate<String> coachgrantsWebappFile = coachgrantsWebappFiles(resources);
    ShallowEtagHeaderFilter etags = new ShallowEtagHeaderFilter();
    etags.setWriteWeakETag(true);
    UrlPathHelper paths = new UrlPathHelper();
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = paths.getPathWithinApplication(request);
        String policy = policy(path, request.getQueryString(), coachgrantsWebappFile);
        if (policy == null || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
          chain.doFilter(request, response);
        } else if (policy.equals(VERSIONED)) {
          chain.doFilter(request, new Kept(response, VERSIONED, false));
        } else {
          etags.doFilter(new WithoutDateCondition(request), new Kept(response, REVALIDATED, true), chain);
        }
      }
    });
    registration.setName("coachgrant-static-file-caching");
    // outside every filter that sets a Cache-Control of its own (the webapps' says no-cache to all their files)
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  /** {@link #VERSIONED}, {@link #REVALIDATED}, or null for a page or an API call, which this leaves alone. */
  static String policy(String path, String query, Predicate<String> coachgrantsWebappFile) {
    if (!FILE_NAME.matcher(path).matches()) {
      return null;
    }
    if (VERSIONED_PATH.matcher(path).matches()) {
      return VERSIONED;
    }
    Matcher webapp = WEBAPP_FILE.matcher(path);
    if (webapp.matches()) {
      boolean busted = query != null && BUST.matcher(query).find();
      return busted && !coachgrantsWebappFile.test(webapp.group(1)) ? VERSIONED : REVALIDATED;
    }
    return OTHER_FILE.matcher(path).matches() ? REVALIDATED : null;
  }

  /**
   * Whether a file under {@code /camunda/} (by its path there) is one Coachgrant adds or replaces (its config.js,
   * styles and scripts): any file there that is not in Camunda's webjar. Without that webjar in sight every file is
   * taken for Coachgrant's, and none is kept long.
   */
  static Predicate<String> coachgrantsWebappFiles(ResourcePatternResolver resources) throws IOException {
    Resource webjar = resources.getResource("classpath:" + CAMUNDA_WEBJAR);
    if (!webjar.exists()) {
      LOG.warn("Camunda's webjar ({}) is not on the class path: no webapp file is kept long", CAMUNDA_WEBJAR);
      return path -> true;
    }
    String camunda = webjar.getURL().toString().replace(CAMUNDA_WEBJAR, "");
    Set<String> files = new HashSet<>();
    for (Resource file : resources.getResources("classpath*:" + CAMUNDA_WEBAPPS + "**")) {
      String url = file.getURL().toString();
      if (!url.startsWith(camunda)) {
        files.add(url.substring(url.indexOf(CAMUNDA_WEBAPPS) + CAMUNDA_WEBAPPS.length()));
      }
    }
    return files::contains;
  }

  /**
   * The response as the handlers after this filter see it: the Cache-Control chosen here stands whoever sets another,
   * except on a failure or redirect, which no one keeps.
   */
  private static final class Kept extends HttpServletResponseWrapper {

    private final boolean revalidated;

    Kept(HttpServletResponse response, String cacheControl, boolean revalidated) {
      super(response);
      this.revalidated = revalidated;
      response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private boolean ours(String name) {
      return HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name) || HttpHeaders.EXPIRES.equalsIgnoreCase(name)
          || HttpHeaders.PRAGMA.equalsIgnoreCase(name) || revalidated && HttpHeaders.LAST_MODIFIED.equalsIgnoreCase(name);
    }

    private void answered(int status) {
      if (status >= 300 && status != HttpServletResponse.SC_NOT_MODIFIED) {
        super.setHeader(HttpHeaders.CACHE_CONTROL, NEVER);
      }
    }

    @Override
    public void setHeader(String name, String value) {
      if (!ours(name)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!ours(name)) {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setDateHeader(String name, long date) {
      if (!ours(name)) {
        super.setDateHeader(name, date);
      }
    }

    @Override
    public void addDateHeader(String name, long date) {
      if (!ours(name)) {
        super.addDateHeader(name, date);
      }
    }

    @Override
    public void setStatus(int status) {
      super.setStatus(status);
      answered(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      answered(status);
      super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
      answered(status);
      super.sendError(status);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      answered(HttpServletResponse.SC_FOUND);
      super.sendRedirect(location);
    }
  }

  /** The request without If-Modified-Since: only the content's ETag tells whether the browser's copy is current. */
  private static final class WithoutDateCondition extends HttpServletRequestWrapper {

    WithoutDateCondition(HttpServletRequest request) {
      super(request);
    }

    private static boolean hidden(String name) {
      return HttpHeaders.IF_MODIFIED_SINCE.equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
      return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public long getDateHeader(String name) {
      return hidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(Collections.list(super.getHeaderNames()).stream().filter(name -> !hidden(name)).toList());
    }
  }
}
