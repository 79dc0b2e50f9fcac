package org.coachgrant.resources;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.coachgrant.coaching.CoachingProcess;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.notification.EmailModelContributor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code $resources} for the session emails: each resource's title, what it is, and its address. A file's address is
 * Coachgrant's ({@code /resources/{id}}, after signing in), never the file itself; a link's is the link.
 */
@Component
class ResourceEmailModel implements EmailModelContributor {

  private final Sessions sessions;
  private final SessionResources resources;
  private final String base;

  ResourceEmailModel(Sessions sessions, SessionResources resources, @Value("${coachgrant.public-url}") String publicUrl) {
    this.sessions = sessions;
    this.resources = resources;
    this.base = publicUrl.replaceAll("/$", "");
  }

  @Override
  public Set<String> provides(String processKey) {
    return Set.of(CoachingProcess.GROUP_KEY, CoachingProcess.NOTICE_KEY, CoachingProcess.FEEDBACK_KEY).contains(processKey)
        ? Set.of("resources") : Set.of();
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    Long sessionId = sessions.of(CoachingProcess.SESSION_ID.get(execution), CoachingProcess.GROUP_ID.get(execution),
        CoachingProcess.SESSION_NUMBER.get(execution)).map(Sessions.Session::id).orElse(null);
    List<Map<String, String>> list = sessionId == null ? List.of() : resources.ofSession(sessionId).stream()
        .map(r -> Map.of("title", r.title(), "what", r.describe(),
            "url", r.isFile() ? base + "/resources/" + r.id() : r.url()))
        .toList();
    model.put("resources", list);
  }
}
