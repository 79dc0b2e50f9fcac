package org.coachgrant.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An erasure replaces a person's identifiers as whole tokens, never inside someone else's. */
class ErasureTokensTest {

  private static final List<DatabaseText.Token> M1 = List.of(
      DatabaseText.Token.ignoringCase("m1@example.org", "erased-1@erased.invalid"),
      DatabaseText.Token.ignoringCase("Mia One", "erased-1"),
      DatabaseText.Token.exact("m1", "erased-1"));

  @Test
  void anIdIsReplacedWhereItStandsAloneAndNeverInsideAnotherId() {
    assertThat(DatabaseText.replaced("m1", M1)).isEqualTo("erased-1");
    assertThat(DatabaseText.replaced("m10", M1)).isEqualTo("m10");
    assertThat(DatabaseText.replaced("am1", M1)).isEqualTo("am1");
    assertThat(DatabaseText.replaced("m1-x", M1)).isEqualTo("m1-x");
    assertThat(DatabaseText.replaced("first-password:m1", M1)).isEqualTo("first-password:erased-1");
    assertThat(DatabaseText.replaced("Version 2, approved by m1 on 3 June: “fine”", M1))
        .isEqualTo("Version 2, approved by erased-1 on 3 June: “fine”");
    assertThat(DatabaseText.replaced("[\"m1\",\"m10\"]", M1)).isEqualTo("[\"erased-1\",\"m10\"]");
  }

  @Test
  void anEmailAndANameAreReplacedWhateverTheirCaseAndBeforeTheIdTheyHold() {
    assertThat(DatabaseText.replaced("To: M1@Example.org", M1)).isEqualTo("To: erased-1@erased.invalid");
    assertThat(DatabaseText.replaced("xm1@example.org", M1)).isEqualTo("xm1@example.org");
    assertThat(DatabaseText.replaced("m1@other.org", M1)).as("another person's address").isEqualTo("m1@other.org");
    assertThat(DatabaseText.replaced("Dear MIA ONE,", M1)).isEqualTo("Dear erased-1,");
    assertThat(DatabaseText.replaced("Dear Mia Oneill,", M1)).isEqualTo("Dear Mia Oneill,");
  }
}
