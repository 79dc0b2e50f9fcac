package org.coachgrant.security;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * The Content-Security-Policy of every page Coachgrant renders (the workspace, sign-in, the mailbox, the
 * models pages, error pages): scripts only from Coachgrant's own files, never inline or through eval, so
 * text that slips into a page cannot run. Styles may be inline: the model editors (bpmn-js, dmn-js) draw
 * their diagrams with style attributes. Camunda's webapps under /camunda send their own policy
 * (camunda.bpm.webapp.header-security), which this one must not tighten on top of.
 */
final class PageHeaders {

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self';"
      + " form-action 'self'; frame-ancestors 'none'";

  private PageHeaders() {}

  static HeaderWriter contentSecurityPolicy() {
    return new DelegatingRequestMatcherHeaderWriter(
        new NegatedRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/camunda/**")),
        new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY));
  }
}
