package io.kexin.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks target choice by priority and weight, outlier ejection and its growth, panic mode, limits and backoff. */
class UpstreamTest {
  private static final OutlierPolicy EJECT_AFTER_3 = new OutlierPolicy(3, 1_000, 10_000);

  private static Target target(String name, int weight, int priority) {
    return new Target(name, "127.0.0.1", 1, false, "", weight, priority, -1, -1);
  }

  private static Upstream upstream(Target... targets) {
    return new Upstream("u", Provider.OPENAI, List.of(targets), null, new Timeouts(null, null, null), EJECT_AFTER_3,
        null);
  }

  @Test
  void theBestPriorityTakesEveryRequestWhileItServes() {
    Target a = target("a", 1, 0);
    Target b = target("b", 100, 1);
    Upstream u = upstream(a, b);
    for (int i = 0; i < 200; i++) {
      assertThat(u.pick(Set.of(), Set.of(), 0)).isSameAs(a);
    }
  }

  @Test
  void targetsOfOnePriorityShareByWeight() {
    Target a = target("a", 3, 0);
    Target b = target("b", 1, 0);
    Upstream u = upstream(a, b);
    Map<Target, Integer> seen = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      seen.merge(u.pick(Set.of(), Set.of(), 0), 1, Integer::sum);
    }
    assertThat(seen.get(a)).isBetween(2700, 3300);
    assertThat(seen.get(b)).isBetween(700, 1300);
  }

  @Test
  void aRetryPrefersATargetNotTriedYetAndFullTargetsAreNeverPicked() {
    Target a = target("a", 1, 0);
    Target b = target("b", 1, 1);
    Upstream u = upstream(a, b);
    assertThat(u.pick(List.of(a), List.of(), 0)).isSameAs(b);
    assertThat(u.pick(List.of(a, b), List.of(), 0)).isSameAs(a);
    assertThat(u.pick(List.of(), List.of(a), 0)).isSameAs(b);
    assertThat(u.pick(List.of(), List.of(a, b), 0)).isNull();
  }

  @Test
  void consecutiveFailuresEjectForAGrowingTimeAndASuccessBreaksTheRun() {
    Target a = target("a", 1, 0);
    Target b = target("b", 1, 1);
    Upstream u = upstream(a, b);
    assertThat(a.failed(EJECT_AFTER_3, 0)).isFalse();
    assertThat(a.failed(EJECT_AFTER_3, 0)).isFalse();
    a.succeeded(EJECT_AFTER_3, 0);
    assertThat(a.failed(EJECT_AFTER_3, 0)).isFalse();
    assertThat(a.failed(EJECT_AFTER_3, 0)).isFalse();
    assertThat(a.failed(EJECT_AFTER_3, 0)).isTrue();
    assertThat(u.pick(Set.of(), Set.of(), 999)).isSameAs(b);
    assertThat(u.pick(Set.of(), Set.of(), 1_000)).isSameAs(a);

    // ejected again soon after: twice the base time
    for (int i = 0; i < 3; i++) {
      a.failed(EJECT_AFTER_3, 1_100);
    }
    assertThat(a.available(1_100 + 1_999)).isFalse();
    assertThat(a.available(1_100 + 2_000)).isTrue();
  }

  @Test
  void anEjectionNeverExceedsTheMaximum() {
    Target a = target("a", 1, 0);
    long now = 0;
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 3; i++) {
        a.failed(EJECT_AFTER_3, now);
      }
      assertThat(a.available(now + 10_000)).isTrue();
      now += 10_000;
    }
  }

  @Test
  void whenEveryTargetIsEjectedPanicModeStillPicksOne() {
    Target a = target("a", 1, 0);
    Upstream u = upstream(a);
    for (int i = 0; i < 3; i++) {
      a.failed(EJECT_AFTER_3, 0);
    }
    assertThat(u.anyAvailable(10)).isFalse();
    assertThat(u.pick(Set.of(), Set.of(), 10)).isNull();
    assertThat(u.panicPick(Set.of(), Set.of())).isSameAs(a);
  }

  @Test
  void zeroConsecutiveFailuresNeverEjects() {
    Target a = target("a", 1, 0);
    OutlierPolicy never = new OutlierPolicy(0, 1, 1);
    for (int i = 0; i < 100; i++) {
      assertThat(a.failed(never, 0)).isFalse();
    }
    assertThat(a.available(0)).isTrue();
  }

  @Test
  void limitsAreSlotsTakenAndGivenBack() {
    Target a = new Target("a", "h", 1, false, "", 1, 0, 2, 0);
    assertThat(a.acquire()).isTrue();
    assertThat(a.acquire()).isTrue();
    assertThat(a.acquire()).isFalse();
    a.releaseSlot();
    assertThat(a.acquire()).isTrue();
    assertThat(a.active()).isEqualTo(2);
    assertThat(a.startConnect()).isFalse();
  }

  @Test
  void backoffDoublesWithJitterUpToTheMaximum() {
    RetryPolicy p = new RetryPolicy(5, 100, 1_000, Set.of("503"), 0);
    for (int i = 0; i < 100; i++) {
      assertThat(p.backoffNanos(1)).isBetween(50L, 100L);
      assertThat(p.backoffNanos(2)).isBetween(100L, 200L);
      assertThat(p.backoffNanos(3)).isBetween(200L, 400L);
      assertThat(p.backoffNanos(10)).isBetween(500L, 1_000L);
    }
    assertThat(p.retriesOn("503")).isTrue();
    assertThat(p.retriesOn("500")).isFalse();
  }
}
