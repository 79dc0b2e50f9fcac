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
import org.coachgrant.forms.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What Spring's error controller answers: to a program the same {@code {"type", "field", "message"}} body as every other
 * refusal, whatever refused the call before a controller ran (a path nobody maps, a method no controller takes, a path
 * variable that is not a number, a path the firewall refuses), never Spring's own body; a browser gets the error pages
 * under {@code views/error}, the 400 page with the field and the rule.
 */
@Configuration
class ErrorPages implements WebMvcConfigurer {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

  @Bean
  DefaultErrorAttributes errorAttributes() {
    return new DefaultErrorAttributes() {
      @Override
      public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> standard = super.getErrorAttributes(request, options);
        int status = standard.get("status") instanceof Integer code ? code : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ErrorBodies.typeOf(status));
        Throwable error = getError(request);
        if (request.getAttribute(REFUSAL, WebRequest.SCOPE_REQUEST) instanceof InvalidInputException refusal) {
          error = refusal;
        }
        if (error instanceof MethodArgumentTypeMismatchException mismatch) {
          // "/api/groups/abc/time": the path variable (or query parameter) by its name, and what it must be
          error = new InvalidInputException(mismatch.getName(), rule(mismatch.getRequiredType()));
        }
        if (error instanceof InvalidInputException refused && status == 400) {
          body.put("field", refused.getField());
          body.put("message", refused.getMessage());
        } else if (error instanceof HttpRequestMethodNotSupportedException refused) {
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

  /** A request attribute: the refusal a filter answered with {@code sendError(400)}, for the error page to show. */
  static final String REFUSAL = ErrorPages.class.getName() + ".refusal";

  /** What a path no client of ours writes must be, said by Spring Security's firewall and Tomcat alike. */
  static final InvalidInputException PLAIN_PATH = new InvalidInputException("path", "must be written plainly: no encoded"
      + " slashes, percent signs or dots, no semicolons, double slashes, backslashes or control characters");

  private static String rule(Class<?> type) {
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class || type == short.class
        || type == Short.class) {
      return "must be a whole number";
    }
    return "is not of the form this address takes";
  }

  /**
   * A request Spring Security's firewall refuses ("//", "%2F", ";", "%25"): Coachgrant's own 400 naming the path, as a
   * JSON body or the error page, instead of the container's page. The firewall's own words go to the log only.
   */
  @Bean
  RequestRejectedHandler plainPathsOnly() {
    return (request, response, rejected) -> {
      LOG.info("{} {} refused (400): {}", request.getMethod(), request.getRequestURI(), rejected.getMessage());
      request.setAttribute(REFUSAL, PLAIN_PATH);
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
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
