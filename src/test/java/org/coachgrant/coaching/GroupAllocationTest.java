package org.coachgrant.coaching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GroupAllocationTest {

  @ParameterizedTest(name = "{0} delegates, at most {1} a group: {2}")
  @CsvSource(delimiter = ';', value = {
      "1;   6; 1",
      "5;   6; 5",
      "6;   6; 6",
      "7;   6; 4 3",
      "13;  6; 5 4 4",
      "42;  6; 6 6 6 6 6 6 6",
      "43;  6; 6 6 6 5 5 5 5 5",
      "600; 6; 100x6",
      "10;  4; 4 3 3",
      "9;   3; 3 3 3",
      "0;   6; ''"})
  void sizesAreAsFewAsTheLimitAllowsAndDifferByAtMostOne(int delegates, int limit, String expected) {
    List<Integer> sizes = GroupAllocation.sizes(delegates, limit);
    List<Integer> wanted = expected.isBlank() ? List.of() : expected.contains("x")
        ? java.util.Collections.nCopies(Integer.parseInt(expected.split("x")[0]), Integer.parseInt(expected.split("x")[1]))
        : java.util.Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList();
    assertThat(sizes).isEqualTo(wanted);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(delegates);
    assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, limit));
  }

  @Test
  void everyDelegateIsInExactlyOneGroupInTheOrderGiven() {
    List<String> delegates = IntStream.rangeClosed(1, 43).mapToObj(i -> "m" + i).toList();
    var groups = GroupAllocation.allocate(delegates, 6, List.of("carl", "cleo"), Map.of());
    assertThat(groups).flatExtracting(GroupAllocation.Group::delegates).containsExactlyElementsOf(delegates);
    assertThat(groups).extracting(GroupAllocation.Group::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void coachesShareTheGroupsTheLeastLoadedFirst() {
    List<String> delegates = IntStream.rangeClosed(1, 42).mapToObj(i -> "m" + i).toList();
    var groups = GroupAllocation.allocate(delegates, 6, List.of("cleo", "carl", "cate"), Map.of("carl", 2));
    assertThat(groups).extracting(GroupAllocation.Group::coach)
        .containsExactly("cate", "cleo", "cate", "cleo", "carl", "cate", "cleo");
    assertThat(groups).filteredOn(g -> g.coach().equals("carl")).as("carl had two already").hasSize(1);
    assertThat(GroupAllocation.allocate(delegates, 6, List.of("cleo", "carl", "cate"), Map.of("carl", 2)))
        .as("deterministic").isEqualTo(groups);
  }

  @Test
  void refusesANonsenseLimitOrNoCoach() {
    assertThatThrownBy(() -> GroupAllocation.sizes(5, 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> GroupAllocation.allocate(List.of("m1"), 6, List.of(), Map.of()))
        .hasMessageContaining("no coach");
  }
}
