package org.coachgrant.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What Spring's error controller answers: on Coachgrant's API ({@code /api/**}) the same {@code {"type",
 * "message"}} body as every other refusal, whatever refused the call before a controller was chosen (a path
 * nobody maps, a method no controller takes); pages keep the error pages under {@code views/error}.
 */
@Configuration
class ErrorPages implements WebMvcConfigurer {

  @Bean
  DefaultErrorAttributes errorAttributes() {
    return new DefaultErrorAttributes() {
      @Override
      public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> standard = super.getErrorAttributes(request, options);
        if (!(standard.get("path") instanceof String path && path.startsWith("/api/"))) {
          return standard;
        }
        int status = standard.get("status") instanceof Integer code ? code : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ErrorBodies.typeOf(status));
        if (getError(request) instanceof HttpRequestMethodNotSupportedException refused) {
          body.put("field", "method");
          body.put("message", "method: " + refused.getMethod() + " is not taken here"
              + (refused.getSupportedMethods() == null ? "" : " (only " + String.join(", ", refused.getSupportedMethods()) + ")"));
        } else {
          body.put("message", status == 404 ? ErrorBodies.NOT_FOUND : status >= 500 ? ErrorBodies.SERVER_ERROR
              : String.valueOf(standard.getOrDefault("error", "Refused")));
        }
        return body;
      }
    };
  }

  /**
   * {@code /error} asked for directly is a page that does not exist: Spring's error controller would answer
   * status 999 ("None"). Only the error dispatch of a request that failed elsewhere reaches it.
   */
  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
          return true;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return false;
      }
    }).addPathPatterns("/error", "/error/**");
  }
}
