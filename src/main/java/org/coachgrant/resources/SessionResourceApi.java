package org.coachgrant.resources;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * A session's resources by API: {@code GET}/{@code POST /api/sessions/{id}/resources} (a link as JSON
 * {@code {"title", "url"}}, a file as multipart {@code title} and {@code file}), {@code PUT /api/resources/{id}}
 * ({@code {"title"}}) and {@code DELETE /api/resources/{id}}; and the file itself, {@code GET /resources/{id}}, always
 * as an attachment of the type its content was found to be. Who may do what: {@link SessionResources}.
 */
@RestController
class SessionResourceApi {

  private final SessionResources resources;

  SessionResourceApi(SessionResources resources) {
    this.resources = resources;
  }

  @GetMapping("/api/sessions/{id}/resources")
  List<Map<String, Object>> list(@PathVariable long id) {
    return resources.list(id).stream().map(SessionResourceApi::view).toList();
  }

  @PostMapping(path = "/api/sessions/{id}/resources", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> attachLink(@PathVariable long id, @RequestBody Map<String, Object> body) {
    for (String name : body.keySet()) {
      if (!Set.of("title", "url").contains(name)) {
        throw new InvalidInputException(name, "is not a field of a link (title, url; a file is sent as multipart/form-data)");
      }
    }
    return ResponseEntity.status(201).body(view(resources.attachLink(id, text(body, "title"), text(body, "url"))));
  }

  @PostMapping(path = "/api/sessions/{id}/resources", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Map<String, Object>> attachFile(@PathVariable long id, @RequestParam(name = "title", required = false) String title,
      @RequestParam(name = "file", required = false) MultipartFile file, HttpServletRequest request) {
    onlyParts(request, "title", "file");
    return ResponseEntity.status(201).body(view(attach(resources, id, title, file)));
  }

  @PutMapping("/api/resources/{id}")
  Map<String, Object> rename(@PathVariable long id, @RequestBody Map<String, Object> body) {
    for (String name : body.keySet()) {
      if (!"title".equals(name)) {
        throw new InvalidInputException(name, "cannot be changed: only the title of a resource can (remove it and attach"
            + " it again to change its link or file)");
      }
    }
    return view(resources.rename(id, text(body, "title")));
  }

  @DeleteMapping("/api/resources/{id}")
  Map<String, Object> remove(@PathVariable long id) {
    return view(resources.remove(id));
  }

  @GetMapping("/resources/{id}")
  ResponseEntity<byte[]> download(@PathVariable long id) {
    SessionResources.Download file = resources.download(id);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(file.contentType()))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.fileName()).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .body(file.content());
  }

  /** A file from a form or the API, checked by the service; a missing file is a 400 on the field {@code file}. */
  static SessionResources.Resource attach(SessionResources resources, long sessionId, String title, MultipartFile file) {
    resources.manageable(sessionId);
    if (file == null || file.isEmpty()) {
      // the title is checked first, so a form with neither says both
      SessionResources.title(title);
      throw new InvalidInputException("file", "choose a file to upload (it must not be empty)");
    }
    if (file.getSize() > SessionResources.MAX_FILE_BYTES) {
      SessionResources.title(title);
      throw new InvalidInputException("file", "must be at most 20 MB");
    }
    try {
      return resources.attachFile(sessionId, title, file.getOriginalFilename(), file.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file upload carries its title and one file, and nothing else (the page adds its CSRF token): a stray part, a part
   * sent twice or a second file is refused by its name, and nothing is stored.
   */
  static void onlyParts(HttpServletRequest request, String titlePart, String filePart) {
    for (Map.Entry<String, String[]> part : request.getParameterMap().entrySet()) {
      if (!part.getKey().equals(titlePart) && !part.getKey().equals("_csrf")) {
        throw new InvalidInputException(part.getKey(), "is not a part of a file upload (only " + titlePart + " and " + filePart + ")");
      }
      if (part.getValue().length > 1) {
        throw new InvalidInputException(part.getKey(), "must be sent once (was sent " + part.getValue().length + " times)");
      }
    }
    if (request instanceof MultipartHttpServletRequest multipart) {
      for (Map.Entry<String, List<MultipartFile>> files : multipart.getMultiFileMap().entrySet()) {
        if (!files.getKey().equals(filePart)) {
          throw new InvalidInputException(files.getKey(), "is not a part of a file upload (only " + titlePart + " and "
              + filePart + ")");
        }
        if (files.getValue().size() > 1) {
          throw new InvalidInputException(filePart, "must be one file (" + files.getValue().size() + " were sent): attach"
              + " each file on its own");
        }
      }
    }
  }

  static Map<String, Object> view(SessionResources.Resource r) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", r.id());
    view.put("session", r.sessionId());
    view.put("title", r.title());
    if (r.isFile()) {
      view.put("fileName", r.fileName());
      view.put("contentType", r.contentType());
      view.put("sizeBytes", r.sizeBytes());
      view.put("download", "/resources/" + r.id());
    } else {
      view.put("url", r.url());
    }
    view.put("addedAt", r.addedAt().toString());
    return view;
  }

  private static String text(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (value != null && !(value instanceof String)) {
      throw new InvalidInputException(field, "must be text");
    }
    return (String) value;
  }
}
