package org.coachgrant.time;

import java.sql.Timestamp;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** The engine's clock, which tests move: every time Coachgrant stores follows it. */
public final class EngineTime {

  private EngineTime() {}

  public static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }
}
