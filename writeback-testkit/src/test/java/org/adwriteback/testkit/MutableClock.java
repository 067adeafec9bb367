package org.adwriteback.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock tests can move. */
final class MutableClock extends Clock {
  private volatile Instant now;
  private final ZoneId zone;

  MutableClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
