package org.coachgrant.coachnotes;

import java.util.List;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.admin.People;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.security.Callers;
import org.springframework.stereotype.Component;

/**
 * What {@code /my} shows of coaching notes ({@code views/coachnotes/my.html}, called from the page as
 * {@code @coachingNotesOnMyPage}): a coach's links to their groups' pages, and the notes about the signed-in manager.
 * Read from the signed-in person's id alone.
 */
@Component("coachingNotesOnMyPage")
public class CoachingNotesOnMyPage {

  /** A group the person coaches, as a link to its page. */
  public record GroupLink(long groupId, int number, String programmeName) {
    public String page() {
      return "/my/groups/" + groupId;
    }
  }

  /** The person's part: their groups' links and the notes about them. */
  public record Part(List<GroupLink> groups, List<CoachingNotes.AboutMe> aboutMe) {}

  private final Callers callers;
  private final CoachingNotes notes;
  private final CoachingGroups groups;
  private final ProgrammeRepository programmes;
  private final People people;

  CoachingNotesOnMyPage(Callers callers, CoachingNotes notes, CoachingGroups groups, ProgrammeRepository programmes,
      People people) {
    this.callers = callers;
    this.notes = notes;
    this.groups = groups;
    this.programmes = programmes;
    this.people = people;
  }

  public Part part() {
    Authentication me = callers.current();
    String userId = me.getUserId();
    return callers.asSystem(() -> {
      List<GroupLink> coached = groups.coachedBy(userId).stream().map(c -> new GroupLink(c.group().id(), c.group().number(),
          programmes.findProgramme(c.programmeId()).map(p -> p.name()).orElse(""))).toList();
      return new Part(coached, notes.about(userId).stream().map(this::named).toList());
    });
  }

  /** The note with its author's name, as the manager knows their coach. */
  private CoachingNotes.AboutMe named(CoachingNotes.AboutMe note) {
    return new CoachingNotes.AboutMe(note.programmeName(), note.groupNumber(), note.sessionNumber(), note.sessionAt(),
        note.settingName(), people.name(note.authorId()), note.text(), note.updatedAt());
  }
}
