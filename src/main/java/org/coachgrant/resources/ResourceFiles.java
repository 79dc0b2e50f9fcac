package org.coachgrant.resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where a resource's bytes are kept: in the database (session_resource_file, the default) or, when
 * {@code coachgrant.resources.folder} names one, in that folder under a name Coachgrant makes up. A file is first
 * written to a temporary file in the folder and then moved into place, so a half-written file never has a real name.
 */
@Component
class ResourceFiles {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResourceFiles.class);

  static final String DATABASE = "DATABASE";
  static final String FOLDER = "FOLDER";

  private final JdbcClient jdbc;
  private volatile Path folder;

  ResourceFiles(JdbcClient jdbc, @Value("${coachgrant.resources.folder:}") String folder) {
    this.jdbc = jdbc;
    this.folder = folder == null || folder.isBlank() ? null : Path.of(folder.strip());
  }

  /** Where new files go: {@link #FOLDER} when a folder is configured, {@link #DATABASE} otherwise. */
  String storedIn() {
    return folder == null ? DATABASE : FOLDER;
  }

  /** Writes a file to the folder under a new name, which it answers; null when files go to the database. */
  String writeToFolder(byte[] content) {
    Path to = folder;
    if (to == null) {
      return null;
    }
    String name = UUID.randomUUID() + ".bin";
    try {
      Files.createDirectories(to);
      Path temporary = Files.createTempFile(to, ".upload-", ".tmp");
      try {
        Files.write(temporary, content);
        Files.move(temporary, to.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not store a session resource in " + to, e);
    }
    return name;
  }

  void writeToDatabase(long resourceId, byte[] content) {
    jdbc.sql("insert into session_resource_file (resource_id, content) values (?, ?)").params(resourceId, content).update();
  }

  byte[] read(long resourceId, String storedIn, String storedName) {
    if (FOLDER.equals(storedIn)) {
      try {
        return Files.readAllBytes(file(storedName));
      } catch (java.nio.file.NoSuchFileException | IllegalStateException e) {
        // a folder restored without this file, or no folder configured any more: the person is told it is not there
        LOG.error("Session resource {} has no file {} in the resources folder {}", resourceId, storedName, folder);
        throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
            "This file is no longer stored: ask the programme's coordinator");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read session resource " + resourceId, e);
      }
    }
    return jdbc.sql("select content from session_resource_file where resource_id = ?").param(resourceId)
        .query((rs, row) -> rs.getBytes(1)).single();
  }

  /** Deletes a file of the folder (the database's go with their row). */
  void deleteFromFolder(String storedName) {
    if (storedName == null || folder == null) {
      return;
    }
    try {
      Files.deleteIfExists(file(storedName));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete a session resource's file", e);
    }
  }

  private Path file(String storedName) {
    if (folder == null || !storedName.matches("[0-9a-f-]{36}\\.bin")) {
      throw new IllegalStateException("No folder holds session resource file " + storedName);
    }
    return folder.resolve(storedName);
  }

  /** For the tests of the folder mode, which share one application: the folder new files go to (null: the database). */
  Path useFolder(Path folder) {
    Path was = this.folder;
    this.folder = folder;
    return was;
  }
}
