package org.coachgrant.resources;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.Callers;
import org.coachgrant.time.EngineTime;
import org.coachgrant.web.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The resources of a coaching session: links and files with a title. A coordinator (or administrator) or the coach of
 * the session's group attaches, renames and removes them; they, the group's delegates and the session's catch-up
 * guests read them; to anyone else a session's resources do not exist (404). The pages and the API both come here.
 */
@Service
public class SessionResources {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionResources.class);

  /** The largest file taken: 20 MB. */
  public static final int MAX_FILE_BYTES = 20 * 1024 * 1024;
  static final int MAX_TITLE = 200;
  static final int MAX_URL = 2000;

  /** A resource without its bytes: what every list shows. */
  public record Resource(long id, long sessionId, String title, String url, String fileName, String contentType,
      Long sizeBytes, String storedIn, String storedName, String addedBy, Instant addedAt) {

    public boolean isFile() {
      return url == null;
    }

    /** "PDF, 1.2 MB": what a person is about to download. */
    public String describe() {
      if (!isFile()) {
        return "Link";
      }
      String kind = FileTypes.ALL.stream().filter(k -> k.contentType().equals(contentType)).map(FileTypes.Kind::name)
          .findFirst().orElse("File");
      return kind + ", " + size(sizeBytes);
    }

    static String size(long bytes) {
      if (bytes < 1024 * 1024) {
        return Math.max(1, Math.round(bytes / 1024.0)) + " KB";
      }
      return String.format(Locale.UK, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
  }

  /** A file as it is served: its safe name, its type as found, and its bytes. */
  public record Download(String fileName, String contentType, byte[] content) {}

  private static final String RESOURCE = "select id, session_id, title, url, file_name, content_type, size_bytes, stored_in,"
      + " stored_name, added_by, added_at from session_resource";

  private final JdbcClient jdbc;
  private final Sessions sessions;
  private final Callers callers;
  private final ResourceFiles files;
  private final TransactionTemplate transaction;

  SessionResources(JdbcClient jdbc, Sessions sessions, Callers callers, ResourceFiles files, TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.sessions = sessions;
    this.callers = callers;
    this.files = files;
    this.transaction = transaction;
  }

  /** The session's resources, oldest first, for a caller who may read them; 404 for anyone else. */
  public List<Resource> list(long sessionId) {
    readable(sessionId);
    return ofSession(sessionId);
  }

  /** The resources of a session, with no check: for the emails and the pages that checked already. */
  public List<Resource> ofSession(long sessionId) {
    return jdbc.sql(RESOURCE + " where session_id = ? order by added_at, id").param(sessionId).query(this::resource).list();
  }

  public Resource attachLink(long sessionId, String title, String url) {
    Authentication caller = manageable(sessionId);
    String checkedTitle = title(title);
    String checkedUrl = url(url);
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql("insert into session_resource (session_id, title, url, added_by, added_at) values (?, ?, ?, ?, ?)")
        .params(sessionId, checkedTitle, checkedUrl, caller.getUserId(), EngineTime.now()).update(key, "id");
    return find(key.getKey().longValue()).orElseThrow();
  }

  /**
   * Attaches a file once its title, size and content are checked: a file refused leaves nothing behind, in the
   * database or the folder.
   */
  public Resource attachFile(long sessionId, String title, String fileName, byte[] content) {
    Authentication caller = manageable(sessionId);
    String checkedTitle = title(title);
    if (content == null || content.length == 0) {
      throw new InvalidInputException("file", "choose a file to upload (it must not be empty)");
    }
    if (content.length > MAX_FILE_BYTES) {
      throw new InvalidInputException("file", "must be at most 20 MB");
    }
    FileTypes.Kind kind = FileTypes.check(fileName, content);
    String safeName = FileTypes.safeName(fileName, checkedTitle, kind);
    String storedName = files.writeToFolder(content);
    String storedIn = storedName == null ? ResourceFiles.DATABASE : ResourceFiles.FOLDER;
    try {
      return transaction.execute(status -> {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into session_resource (session_id, title, file_name, content_type, size_bytes, stored_in, stored_name,"
            + " added_by, added_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(sessionId, checkedTitle, safeName, kind.contentType(), (long) content.length, storedIn, storedName,
                caller.getUserId(), EngineTime.now()).update(key, "id");
        Resource added = find(key.getKey().longValue()).orElseThrow();
        if (storedName == null) {
          files.writeToDatabase(added.id(), content);
        }
        return added;
      });
    } catch (RuntimeException e) {
      files.deleteFromFolder(storedName);
      throw e;
    }
  }

  public Resource rename(long resourceId, String title) {
    Resource resource = find(resourceId).orElseThrow(() -> notFound());
    manageable(resource.sessionId());
    jdbc.sql("update session_resource set title = ? where id = ?").params(title(title), resourceId).update();
    return find(resourceId).orElseThrow();
  }

  public Resource remove(long resourceId) {
    Resource resource = find(resourceId).orElseThrow(() -> notFound());
    manageable(resource.sessionId());
    transaction.executeWithoutResult(status -> {
      jdbc.sql("delete from session_resource_file where resource_id = ?").param(resourceId).update();
      jdbc.sql("delete from session_resource where id = ?").param(resourceId).update();
    });
    if (ResourceFiles.FOLDER.equals(resource.storedIn())) {
      files.deleteFromFolder(resource.storedName());
    }
    return resource;
  }

  /**
   * Removes every resource of the programme's sessions, for the retention job (no caller is checked), in the caller's
   * transaction: the rows and the database's bytes at once, the folder's files once that transaction commits (so a
   * rollback never leaves a row without its file). Answers how many went.
   */
  public int removeAllOfProgramme(long programmeId) {
    String sessionsOfProgramme = "select s.id from coaching_session s join coaching_group g on g.id = s.group_id"
        + " where g.programme_id = ?";
    List<String> inFolder = jdbc.sql("select stored_name from session_resource where stored_in = ? and session_id in ("
            + sessionsOfProgramme + ")").params(ResourceFiles.FOLDER, programmeId).query(String.class).list();
    jdbc.sql("delete from session_resource_file where resource_id in (select id from session_resource where session_id in ("
        + sessionsOfProgramme + "))").param(programmeId).update();
    int removed = jdbc.sql("delete from session_resource where session_id in (" + sessionsOfProgramme + ")")
        .param(programmeId).update();
    if (!inFolder.isEmpty()) {
      Runnable deleteFiles = () -> inFolder.forEach(name -> {
        try {
          files.deleteFromFolder(name);
        } catch (RuntimeException e) {
          // the rows are gone: one file that would not go must not keep the others
          LOG.error("Could not delete the session resource file {} of programme {}", name, programmeId, e);
        }
      });
      if (TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            deleteFiles.run();
          }
        });
      } else {
        deleteFiles.run();
      }
    }
    return removed;
  }

  /** A file for a caller who may read its session's resources; 404 for anyone else, and for a link. */
  public Download download(long resourceId) {
    Resource resource = find(resourceId).filter(Resource::isFile).orElseThrow(() -> notFound());
    readable(resource.sessionId());
    return new Download(resource.fileName(), resource.contentType(),
        files.read(resource.id(), resource.storedIn(), resource.storedName()));
  }

  /** A resource, for a caller who may read its session's resources; 404 for anyone else. */
  public Resource readableResource(long resourceId) {
    Resource resource = find(resourceId).orElseThrow(() -> notFound());
    readable(resource.sessionId());
    return resource;
  }

  /** Whether the caller is a coordinator (or administrator), who reaches a session from the programme's groups page. */
  public boolean coordinates() {
    return callers.isIn(callers.current(), Workspace.COORDINATION);
  }

  /** Whether the caller attaches and removes this session's resources: a coordinator, or the coach of its group. */
  public boolean manages(long sessionId) {
    Authentication caller = callers.current();
    if (callers.isIn(caller, Workspace.COORDINATION)) {
      return true;
    }
    return sessions.find(sessionId).map(s -> caller.getUserId().equals(s.coachId())).orElse(false);
  }

  /** The session, if the caller may read its resources: coordinators, its coach, its group's delegates and guests. */
  public Sessions.Session readable(long sessionId) {
    Sessions.Session session = sessions.find(sessionId).orElseThrow(() -> notFound());
    Authentication caller = callers.current();
    if (callers.isIn(caller, Workspace.COORDINATION) || caller.getUserId().equals(session.coachId())
        || isDelegateOrGuest(session, caller.getUserId())) {
      return session;
    }
    throw notFound();
  }

  private boolean isDelegateOrGuest(Sessions.Session session, String userId) {
    return jdbc.sql("select count(*) from group_member m join setting s on s.id = m.setting_id"
            + " where m.group_id = ? and s.manager_user_id = ?").params(session.groupId(), userId).query(Long.class).single() > 0
        || jdbc.sql("select count(*) from session_guest g join setting s on s.id = g.setting_id"
            + " where g.session_id = ? and s.manager_user_id = ?").params(session.id(), userId).query(Long.class).single() > 0;
  }

  Authentication manageable(long sessionId) {
    readable(sessionId);
    if (!manages(sessionId)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only the programme's coordinators and the group's coach"
          + " change a session's resources");
    }
    return callers.current();
  }

  Optional<Resource> find(long resourceId) {
    return jdbc.sql(RESOURCE + " where id = ?").param(resourceId).query(this::resource).optional();
  }

  static String title(String title) {
    String value = title == null ? "" : title.strip();
    if (value.isEmpty()) {
      throw new InvalidInputException("title", "enter a title, like \"Session 1 slides\"");
    }
    if (value.length() > MAX_TITLE) {
      throw new InvalidInputException("title", "must be at most " + MAX_TITLE + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("title", "must be one line of text, without control characters");
    }
    // the direction overrides too, which would make "Slides\u202Egnp.exe" read as "Slidesexe.png"
    return org.coachgrant.forms.Inputs.textValue("title", value, MAX_TITLE);
  }

  /** A web address people can open: http or https, with a host, nothing that runs (javascript:) or embeds (data:). */
  static String url(String url) {
    String value = url == null ? "" : url.strip();
    if (value.isEmpty()) {
      throw new InvalidInputException("url", "enter the link's address, starting https://");
    }
    if (value.length() > MAX_URL) {
      throw new InvalidInputException("url", "must be at most " + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("url", "must be a web address like https://example.org/slides (no spaces)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidInputException("url", "must be a web address starting https:// or http://");
    }
    if (uri.getUserInfo() != null) {
      throw new InvalidInputException("url", "must not carry a user name or password");
    }
    return value;
  }

  /** The same words for a session or resource that is missing and for one the caller may not see: no id in them. */
  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, Workspace.NOT_FOUND);
  }

  private Resource resource(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    long size = rs.getLong("size_bytes");
    Long sizeBytes = rs.wasNull() ? null : size;
    return new Resource(rs.getLong("id"), rs.getLong("session_id"), rs.getString("title"), rs.getString("url"),
        rs.getString("file_name"), rs.getString("content_type"), sizeBytes, rs.getString("stored_in"),
        rs.getString("stored_name"), rs.getString("added_by"), rs.getTimestamp("added_at").toInstant());
  }
}
