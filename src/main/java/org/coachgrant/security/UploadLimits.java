package org.coachgrant.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The pages' uploads, as the {@link Gateway} limits the APIs': the servlet's multipart limit (spring.servlet.multipart)
 * is as large as the largest upload, a session resource's file, so every other page's upload (an enrolment file, a
 * model) is held here to the 10 MB it always had (413), and a resource's file to its 20 MB (400, naming the file),
 * refused by its Content-Length before it is read or, sent in chunks, while it is read.
 */
class UploadLimits extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("multipart/")) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean upload = Gateway.RESOURCE_UPLOAD.matcher(path).matches();
    int limit = upload ? Gateway.MAX_UPLOAD_BYTES : Gateway.MAX_BODY_BYTES;
    if (request.getContentLengthLong() > limit) {
      if (upload) {
        Gateway.refuseUploadTooLarge(response);
      } else {
        Gateway.refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body",
            "must be at most " + Gateway.MAX_BODY_BYTES / (1024 * 1024) + " MB");
      }
      return;
    }
    chain.doFilter(new Gateway.LimitedBody(request, null, limit), response);
  }

  @Configuration
  static class Registration {
    @Bean
    FilterRegistrationBean<UploadLimits> uploadLimits() {
      FilterRegistrationBean<UploadLimits> registration = new FilterRegistrationBean<>(new UploadLimits());
      registration.setName("coachgrant-upload-limits");
      registration.addUrlPatterns("/*");
      // right after the gateway, before anything that reads a body
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
      return registration;
    }
  }
}
