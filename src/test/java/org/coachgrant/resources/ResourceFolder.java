package org.coachgrant.resources;

import java.nio.file.Path;
import org.springframework.context.ApplicationContext;

/** For tests outside this package that need the folder store (the retention's): switches the folder new files go to. */
public final class ResourceFolder {

  private ResourceFolder() {}

  /** Files go to {@code folder} from now on (null: the database); answers where they went before. */
  public static Path use(ApplicationContext context, Path folder) {
    return context.getBean(ResourceFiles.class).useFolder(folder);
  }
}
