package org.coachgrant.coachnotes;

import java.util.UUID;
import org.coachgrant.CoachgrantTest;

/**
 * The coaching these tests share: one programme; group 1 coached by carl (mia, who came to session 1, and noah, who
 * missed it); group 2 coached by cleo (tom, a catch-up guest at group 1's session 2); a marker for a note's words.
 */
abstract class TwoCoachedGroups extends CoachgrantTest {

  record Story(Fixture mia, Fixture noah, Fixture tom, CoachedGroup one, CoachedGroup two, String marker) {}

  protected Story story() {
    person("carl", "coaches");
    person("cleo", "coaches");
    person("ada", "camunda-admin");
    Fixture mia = fixture("10000", "1500");
    Fixture noah = enrol(mia.programmeCode(), mia.programmeId());
    Fixture tom = enrol(mia.programmeCode(), mia.programmeId());
    CoachedGroup one = CoachedGroup.of(jdbc, mia.programmeId(), 1, "carl", 3, mia.settingId(), noah.settingId());
    CoachedGroup two = CoachedGroup.of(jdbc, mia.programmeId(), 2, "cleo", 3, tom.settingId());
    one.attended(jdbc, 1, mia.settingId(), true);
    one.attended(jdbc, 1, noah.settingId(), false);
    one.guest(jdbc, 2, tom.settingId());
    return new Story(mia, noah, tom, one, two, "Private-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
