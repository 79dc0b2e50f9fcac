package org.coachgrant.security;

import org.coachgrant.admin.Roles;
import org.coachgrant.web.Workspace;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.util.ServletContextUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One sign-in for people in a browser: the workspace's sign-in page checks the name and password
 * against Camunda's users, and at that moment also signs the person in to Cockpit, Tasklist and Admin
 * by putting the webapps' own authentication in the same HTTP session, as their login does. Signing
 * out anywhere (the workspace, or a webapp's menu) ends the session, so it signs out of all of them.
 * {@code /engine-rest} and {@code /api} are left to HTTP Basic ({@link RestAuthentication}) for
 * integrators: they have no session and no sign-in page.
 */
@Configuration
class SignIn {

  private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);

  /** The groups that may open the coordinators' workspace (reviewers read only). */
  static final String[] WORKSPACE = {"coordinators", "camunda-admin", "reviewers", "senior-reviewers"};
  static final String[] RESOURCES = {"coordinators", "camunda-admin", "coaches"};

  @Bean
  SecurityFilterChain browserSignIn(HttpSecurity http, ProcessEngine engine) throws Exception {
    var paths = PathPatternRequestMatcher.withDefaults();
    http.securityMatcher(new NegatedRequestMatcher(new OrRequestMatcher(paths.matcher("/engine-rest/**"),
            paths.matcher("/api/**"), paths.matcher("/actuator/**"))))
        .authorizeHttpRequests(rules -> rules
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
            .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/error", "/error/**", "/favicon.ico").permitAll()
            // the webapps' API answers for itself, from the authentication this sign-in put in the session
            .requestMatchers("/camunda/api/**").permitAll()
            .requestMatchers("/camunda/app/**", "/camunda", "/camunda/").authenticated()
            .requestMatchers("/camunda/**").permitAll()
            // a session's resources are the group's coach's to keep too (resources/SessionResources checks which group)
            .requestMatchers("/programmes/*/sessions/*/resources", "/programmes/*/sessions/*/resources/**")
            .hasAnyAuthority(RESOURCES)
            .requestMatchers("/programmes", "/programmes/**").hasAnyAuthority(WORKSPACE)
            .anyRequest().authenticated())
        .formLogin(form -> form.loginPage("/login").successHandler(new SignInToWebapps(engine))
            .failureHandler(SignIn::failed).permitAll())
        // a Location never names the Host a request came with: relative, here and in Tomcat (application.yaml)
        // every other refusal (a missing CSRF token included) is a 403: Spring Security would use a single
        // defaultAccessDeniedHandlerFor for every request, so the mapping and its default are named together
        .exceptionHandling(denied -> denied.authenticationEntryPoint(relativeSignInPage())
            .accessDeniedHandler(new org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler(
                new java.util.LinkedHashMap<>(java.util.Map.of(new OrRequestMatcher(
                    paths.matcher(HttpMethod.GET, "/programmes/*/sessions/*/resources"),
                    paths.matcher(HttpMethod.GET, "/programmes/*/sessions/*/resources/**")),
                    (org.springframework.security.web.access.AccessDeniedHandler) SignIn::resourcesNotFound)),
                new org.springframework.security.web.access.AccessDeniedHandlerImpl())))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").permitAll())
        // Cockpit and Tasklist send the webapps' own CSRF token, checked by their own filter
        .csrf(csrf -> csrf.ignoringRequestMatchers("/camunda/**"))
        .headers(headers -> headers.addHeaderWriter(PageHeaders.contentSecurityPolicy()))
        .addFilterAfter(new EngineUserOfTheRequest(engine.getIdentityService()), AuthorizationFilter.class)
        .addFilterAfter(new ManagersToTheirPage(), EngineUserOfTheRequest.class);
    return http.build();
  }

  /**
   * A reviewer reading a session's resources is told what a coach outside its group is: not found. The rule above still
   * refuses them; only the answer is the same, so it does not say whether the session exists. A manager keeps the 403
   * (every manager gets it, whether the session is theirs or not).
   */
  private static void resourcesNotFound(HttpServletRequest request, HttpServletResponse response,
      org.springframework.security.access.AccessDeniedException refused) throws IOException {
    org.springframework.security.core.Authentication caller =
        org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
    boolean readsProgrammes = caller != null && caller.getAuthorities().stream()
        .anyMatch(a -> java.util.Arrays.asList(WORKSPACE).contains(a.getAuthority()));
    response.sendError(readsProgrammes ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_FORBIDDEN);
  }

  private static LoginUrlAuthenticationEntryPoint relativeSignInPage() {
    LoginUrlAuthenticationEntryPoint signInPage = new LoginUrlAuthenticationEntryPoint("/login");
    signInPage.setFavorRelativeUris(true);
    return signInPage;
  }

  static final String WRONG = "The user name or password is not right";
  static final String LOCKED = "This account is locked after too many wrong passwords in a row: an administrator"
      + " can unlock it (Admin, Users, the user, Unlock User).";

  /**
   * A refused sign-in keeps only the words the sign-in page shows, never the exception: Spring Security's carries the
   * attempt, the password tried included, and the session is written to the database. Only the sign-in's own
   * refusals are shown, never another exception's text.
   */
  private static void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
      throws IOException {
    String words = refusal instanceof BadCredentialsException || refusal instanceof LockedException
        || refusal instanceof SourceWaits || refusal instanceof MetricsOnly ? refusal.getMessage() : WRONG;
    request.getSession().setAttribute(Workspace.SIGN_IN_PROBLEM, words);
    new DefaultRedirectStrategy().sendRedirect(request, response, "/login?error");
  }

  /** A wait as a person reads it: "1 second", "45 seconds", "15 minutes". */
  static String inWords(long seconds) {
    if (seconds < 120) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    return (seconds + 59) / 60 + " minutes";
  }

  /** The monitoring account (Prometheus's) reads the metrics by HTTP Basic: it never signs in on a page. */
  static final class MetricsOnly extends AuthenticationException {
    MetricsOnly() {
      super("This account is for reading the metrics only (monitoring): it cannot sign in here.");
    }
  }

  /** A try refused unseen because its source waits after wrong passwords. */
  static final class SourceWaits extends AuthenticationException {
    SourceWaits(long seconds) {
      super("Too many wrong passwords for this user name from your address: wait " + inWords(seconds)
          + ", then try again.");
    }
  }

  /**
   * Camunda's users and groups are the user store: the same passwords as Tasklist, the groups as authorities.
   * Each try goes through the {@link SignInThrottle}, from the address the request came from. A member of monitoring
   * is refused with the right password too: Prometheus's account has no page.
   */
  @Bean
  AuthenticationProvider camundaUsers(IdentityService identity, SignInThrottle throttle) {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        identity.clearAuthentication();
        if (user == null || user.isBlank() || password.isEmpty()) {
          throw new BadCredentialsException(WRONG);
        }
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress() : null;
        SignInThrottle.Outcome outcome = throttle.attempt(address, user, () -> identity.checkPassword(user, password));
        switch (outcome.kind()) {
          case WAIT -> throw new SourceWaits(outcome.waitSeconds());
          case LOCKED -> throw new LockedException(LOCKED);
          case WRONG -> throw new BadCredentialsException(WRONG);
          case SIGNED_IN -> { }
        }
        List<GrantedAuthority> groups = identity.createGroupQuery().groupMember(user).list().stream()
            .map(Group::getId).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
        if (groups.contains(new SimpleGrantedAuthority(Roles.MONITORING))) {
          LOG.warn("Refused a sign-in on the pages by {}, a monitoring account", user);
          throw new MetricsOnly();
        }
        return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
      }

      @Override
      public boolean supports(Class<?> type) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
      }
    };
  }

  /** After the webapps' own logout, the whole session goes: the workspace is signed out as well. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> webappLogoutEndsTheSession() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        chain.doFilter(request, response);
        if (HttpMethod.POST.matches(request.getMethod()) && request.getRequestURI().endsWith("/logout")
            && response.getStatus() < 400) {
          HttpSession session = request.getSession(false);
          if (session != null) {
            session.invalidate();
          }
          SecurityContextHolder.clearContext();
        }
      }
    });
    registration.setName("coachgrant-webapp-logout");
    registration.addUrlPatterns("/camunda/api/admin/auth/*");
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }

  /** Puts the webapps' authentication in the session, the way their login does, then goes on to the person's page. */
  static final class SignInToWebapps extends SavedRequestAwareAuthenticationSuccessHandler {

    private final ProcessEngine engine;

    SignInToWebapps(ProcessEngine engine) {
      this.engine = engine;
      setDefaultTargetUrl("/");
      setRedirectStrategy(new PathOnlyRedirects());
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication signedIn)
        throws ServletException, IOException {
      // managers have no webapp: they are never signed in to them, so the webapps' API knows nobody in their session
      boolean usesWebapps = Roles.usesTasklist(signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
      UserAuthentication webapps = usesWebapps ? AuthenticationUtil.createAuthentication(engine, signedIn.getName()) : null;
      if (webapps != null) {
        Date cacheValidationTime = ServletContextUtil.getAuthCacheValidationTime(request.getServletContext());
        if (cacheValidationTime != null) {
          webapps.setCacheValidationTime(cacheValidationTime);
        }
        HttpSession session = request.getSession();
        Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
        authentications.addOrReplace(webapps);
        AuthenticationUtil.updateSession(session, authentications);
      }
      LOG.info("{} signed in", signedIn.getName());
      super.onAuthenticationSuccess(request, response, signedIn);
    }
  }

  /**
   * The page a person asked for before signing in is kept as a whole URL, built from the Host header the
   * request came with: only its path and query are sent on, so a forged Host never becomes a Location.
   */
  static final class PathOnlyRedirects implements RedirectStrategy {

    @Override
    public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
      String target = url;
      if (UrlUtils.isAbsoluteUrl(url)) {
        try {
          URI uri = URI.create(url);
          target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
          // a page address that is no URI: the person's home instead
          target = request.getContextPath() + "/";
        }
      } else if (!url.startsWith(request.getContextPath() + "/")) {
        target = request.getContextPath() + url;
      }
      if (!target.startsWith("/") || target.startsWith("//")) {
        target = request.getContextPath() + "/";
      }
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", response.encodeRedirectURL(target));
    }
  }

  /**
   * A page request runs as its signed-in person in the engine, with their groups, as a REST call does:
   * the same services, authorizations and {@link Callers} checks apply to both doors.
   */
  /**
   * A manager who opens a webapp (Tasklist from an old bookmark, say) is sent to their own page: managers do
   * their tasks on Coachgrant's pages and have none of the engine's APIs.
   */
  static final class ManagersToTheirPage extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
      if (signedIn instanceof UsernamePasswordAuthenticationToken && signedIn.isAuthenticated()
          && !Roles.usesTasklist(signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList())) {
        response.sendRedirect(request.getContextPath() + "/my");
        return;
      }
      chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      return !(path.equals("/camunda") || path.startsWith("/camunda/app") || path.equals("/camunda/"));
    }
  }

  static final class EngineUserOfTheRequest extends OncePerRequestFilter {

    private final IdentityService identity;

    EngineUserOfTheRequest(IdentityService identity) {
      this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
      if (signedIn == null || !signedIn.isAuthenticated() || !(signedIn instanceof UsernamePasswordAuthenticationToken)) {
        chain.doFilter(request, response);
        return;
      }
      identity.setAuthentication(signedIn.getName(),
          signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
      try {
        chain.doFilter(request, response);
      } finally {
        identity.clearAuthentication();
      }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      // the webapps set their own engine user from the session
      return request.getRequestURI().startsWith(request.getContextPath() + "/camunda/");
    }
  }
}
