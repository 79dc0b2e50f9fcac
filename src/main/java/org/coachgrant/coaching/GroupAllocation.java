package org.coachgrant.coaching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocates delegates to coaching groups: as few groups as the size limit allows, sizes differing by
 * at most one (42 → 7 × 6; 43 → 3 × 6 + 5 × 5; 13 → 5 + 4 + 4; 7 → 4 + 3), each group with a coach,
 * spreading the coaches' load. Deterministic: the same delegates and coaches give the same groups.
 */
public final class GroupAllocation {

  /** A group: its number (from 1), its coach and its delegates, in the order given. */
  public record Group<D>(int number, String coach, List<D> delegates) {}

  private GroupAllocation() {}

  /** The sizes of the groups for {@code delegates} people with at most {@code limit} in a group. */
  public static List<Integer> sizes(int delegates, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("The group size limit must be at least 1 (was " + limit + ")");
    }
    if (delegates <= 0) {
      return List.of();
    }
    int groups = (delegates + limit - 1) / limit;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      sizes.add(delegates / groups + (i < delegates % groups ? 1 : 0));
    }
    return sizes;
  }

  /**
   * Splits the delegates, in the order given, into groups of {@link #sizes}; coaches take groups in
   * turn, the least loaded first ({@code currentLoad}: groups a coach already has), ties by id.
   */
  public static <D> List<Group<D>> allocate(List<D> delegates, int limit, List<String> coaches,
      Map<String, Integer> currentLoad) {
    List<Integer> sizes = sizes(delegates.size(), limit);
    if (!sizes.isEmpty() && coaches.isEmpty()) {
      throw new IllegalArgumentException("There is no coach to take the groups");
    }
    Map<String, Integer> load = new HashMap<>();
    coaches.forEach(c -> load.put(c, currentLoad.getOrDefault(c, 0)));
    List<Group<D>> groups = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < sizes.size(); i++) {
      String coach = coaches.stream().sorted().min(Comparator.comparing(load::get)).orElseThrow();
      load.merge(coach, 1, Integer::sum);
      groups.add(new Group<>(i + 1, coach, List.copyOf(delegates.subList(next, next + sizes.get(i)))));
      next += sizes.get(i);
    }
    return groups;
  }
}
