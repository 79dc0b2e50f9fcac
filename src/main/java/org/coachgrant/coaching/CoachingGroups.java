package org.coachgrant.coaching;

import org.coachgrant.system.Rows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.admin.Roles;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A programme's coaching groups: allocated once enrolment closes ({@link GroupAllocation}), each with
 * a coach from {@code coaches}, who is linked to their delegates' settings (so never reviews their
 * plans). Before the first session a coordinator may move a delegate to another group.
 */
@Service
@Transactional
public class CoachingGroups {

  public record Member(long settingId, String urn, String settingName, String managerId) {}

  public record Group(long id, int number, String coachId, List<Member> members) {}

  public record Move(Group from, Group to, String managerId) {}

  private final JdbcClient jdbc;
  private final ProgrammeRepository programmes;
  private final IdentityService identity;

  CoachingGroups(JdbcClient jdbc, ProgrammeRepository programmes, IdentityService identity) {
    this.jdbc = jdbc;
    this.programmes = programmes;
    this.identity = identity;
  }

  /** Allocates every enrolled setting of the programme; refused once groups exist. */
  public List<Group> allocate(String programmeCode) {
    Programme programme = programme(programmeCode);
    if (jdbc.sql("select count(*) from coaching_group where programme_id = ?").param(programme.id()).query(Long.class)
        .single() > 0) {
      throw new InvalidInputException("programmeCode", programme.name() + " has its coaching groups already");
    }
    List<Member> delegates = jdbc.sql("select s.id as setting_id, s.urn, s.name as setting_name, s.manager_user_id as manager_id"
            + " from enrolment e join setting s on s.id = e.setting_id"
            + " where e.programme_id = ? and e.status = 'ENROLLED' order by s.name, s.urn")
        .param(programme.id()).query(Rows.of(Member.class)).list();
    if (delegates.isEmpty()) {
      throw new InvalidInputException("programmeCode", programme.name() + " has no enrolled settings to allocate");
    }
    List<String> coaches = identity.createUserQuery().memberOfGroup(Roles.COACHES).list().stream().map(User::getId).toList();
    if (coaches.isEmpty()) {
      throw new InvalidInputException("coaches", "nobody is in the group 'coaches' to coach the groups");
    }
    Map<String, Integer> load = new HashMap<>();
    jdbc.sql("select coach_id, count(*) as groups from coaching_group group by coach_id")
        .query((rs, row) -> load.put(rs.getString("coach_id"), rs.getInt("groups"))).list();
    for (GroupAllocation.Group<Member> group
        : GroupAllocation.allocate(delegates, programme.groupSizeLimit(), coaches, load)) {
      var keys = new GeneratedKeyHolder();
      jdbc.sql("insert into coaching_group (programme_id, number, coach_id) values (?, ?, ?)")
          .params(programme.id(), group.number(), group.coach()).update(keys, "id");
      long groupId = keys.getKey().longValue();
      for (Member member : group.delegates()) {
        jdbc.sql("insert into group_member (programme_id, group_id, setting_id) values (?, ?, ?)")
            .params(programme.id(), groupId, member.settingId()).update();
        programmes.link(member.settingId(), group.coach(), "COACH");
      }
    }
    return groups(programme.id());
  }

  /** Moves a delegate to another group of the same programme, before that programme's first session. */
  public Move move(String programmeCode, String settingUrn, int toGroup) {
    Programme programme = programme(programmeCode);
    long sessions = jdbc.sql("select count(*) from coaching_session s join coaching_group g on g.id = s.group_id"
        + " where g.programme_id = ? and s.status = 'SCHEDULED' and s.starts_at <= ?")
        .params(programme.id(), new java.sql.Timestamp(ClockUtil.getCurrentTime().getTime())).query(Long.class).single();
    if (sessions > 0) {
      throw new InvalidInputException("toGroup", "the first session has begun: delegates can no longer move");
    }
    Group target = group(programme.id(), toGroup).orElseThrow(() ->
        new InvalidInputException("toGroup", "there is no group " + toGroup + " in " + programme.name()));
    if (target.members().size() >= programme.groupSizeLimit()) {
      throw new InvalidInputException("toGroup", "group " + toGroup + " is full (" + programme.groupSizeLimit() + ")");
    }
    long settingId = programmes.findSettingByUrn(settingUrn).orElseThrow(() ->
        new InvalidInputException("settingUrn", "no setting has the URN '" + settingUrn + "'")).id();
    Long fromId = groupOf(programme.id(), settingId);
    Group from = (fromId == null ? Optional.<Group>empty() : group(fromId)).orElseThrow(() ->
        new InvalidInputException("settingUrn", settingUrn + " is in no group of " + programme.name()));
    jdbc.sql("update group_member set group_id = ? where programme_id = ? and setting_id = ?")
        .params(target.id(), programme.id(), settingId).update();
    programmes.unlink(settingId, from.coachId(), "COACH");
    programmes.link(settingId, target.coachId(), "COACH");
    return new Move(from, target, programmes.findSetting(settingId).orElseThrow().managerUserId());
  }

  /** The id of the setting's group in the programme, or null. */
  public Long groupOf(long programmeId, long settingId) {
    return jdbc.sql("select group_id from group_member where programme_id = ? and setting_id = ?")
        .params(programmeId, settingId).query(Long.class).optional().orElse(null);
  }

  /** A group someone coaches, with its programme's id. */
  public record Coached(long programmeId, Group group) {}

  /** The groups {@code coachId} coaches, in every programme. */
  public List<Coached> coachedBy(String coachId) {
    return jdbc.sql("select id, programme_id, number, coach_id from coaching_group where coach_id = ? order by programme_id desc, number")
        .param(coachId)
        .query((rs, row) -> new Coached(rs.getLong("programme_id"), group(rs.getLong("id")).orElseThrow()))
        .list();
  }

  public List<Group> groups(long programmeId) {
    return read("g.programme_id = ?", programmeId);
  }

  /** One group, by its id. */
  public Optional<Group> group(long groupId) {
    return read("g.id = ?", groupId).stream().findFirst();
  }

  /** One group of a programme, by its number. */
  public Optional<Group> group(long programmeId, int number) {
    return read("g.programme_id = ? and g.number = ?", programmeId, number).stream().findFirst();
  }

  /**
   * The groups the condition selects, with their members: two queries, however many groups (a national programme
   * has thousands; a query per group made scheduling its sessions take hours).
   */
  private List<Group> read(String condition, Object... params) {
    Map<Long, List<Member>> members = new HashMap<>();
    jdbc.sql("select m.group_id, s.id as setting_id, s.urn, s.name as setting_name, s.manager_user_id as manager_id"
            + " from coaching_group g join group_member m on m.group_id = g.id join setting s on s.id = m.setting_id"
            + " where " + condition + " order by s.name, s.urn")
        .params(params)
        .query(rs -> {
          members.computeIfAbsent(rs.getLong("group_id"), id -> new ArrayList<>()).add(new Member(rs.getLong("setting_id"),
              rs.getString("urn"), rs.getString("setting_name"), rs.getString("manager_id")));
        });
    return jdbc.sql("select g.id, g.number, g.coach_id from coaching_group g where " + condition + " order by g.number")
        .params(params)
        .query((rs, row) -> new Group(rs.getLong("id"), rs.getInt("number"), rs.getString("coach_id"),
            members.getOrDefault(rs.getLong("id"), List.of())))
        .list();
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() ->
        new InvalidInputException("programmeCode", "no programme has the code '" + code + "'"));
  }
}
