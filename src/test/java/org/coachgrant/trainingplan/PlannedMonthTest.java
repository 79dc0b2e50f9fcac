package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** A planned month as managers write it: numbers or the month's name, in British English. */
class PlannedMonthTest {

  @Test
  void theWaysPeopleWriteAMonthAreRead() {
    for (String text : new String[] {"2027-04", "2027-4", "04/2027", "4/2027", "April 2027", "april 2027", "APR 2027",
        "Apr. 2027", " April  2027 "}) {
      assertThat(PlanContentReader.month(text)).as(text).isEqualTo(YearMonth.of(2027, 4));
    }
    assertThat(PlanContentReader.month("Sept 2027")).isEqualTo(YearMonth.of(2027, 9));
  }

  @Test
  void anythingElseIsNoMonth() {
    for (String text : new String[] {"Aprl 2027", "2027-13", "13/2027", "April", "2027", "next April", "2027-04-01",
        "Ap 2027", "Aprilx 2027", "0/2027", ""}) {
      assertThat(PlanContentReader.month(text)).as(text).isNull();
    }
  }
}
