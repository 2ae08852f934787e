package io.kexin.gateway.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action once a deadline passes, keeping one task in the event loop's timer queue for as long as the deadline
 * only moves later. Arming and disarming set two fields: the task, when it comes due, finds the deadline moved and
 * waits again, or finds it disarmed and stops. Scheduling and cancelling a task for every request (a timer object,
 * two operations on the loop's timer heap, a cancellation) cost the proxy more than the few re-schedules this makes.
 * A task is scheduled at most {@code step} ahead, so a deadline armed earlier than the task's time (a shorter timeout
 * after a longer one) is still met without a cancellation when every timeout is at least {@code step}. One instance
 * per connection, used on its event loop only; {@link #close()} drops the task when the connection closes.
 */
final class Deadline {
  private final EventExecutor loop;
  private final Runnable action;
  private final long stepNanos;
  private final Runnable fire = this::fire;
  private boolean armed;
  /** When the deadline passes, by the loop's ticker; read only while armed. */
  private long dueNanos;
  private ScheduledFuture<?> task;
  /** When {@link #task} comes due. */
  private long taskNanos;

  /** Creates a disarmed deadline that runs {@code action} on {@code loop}; {@code stepNanos} bounds a task's lead. */
  Deadline(EventExecutor loop, Runnable action, long stepNanos) {
    if (stepNanos <= 0) {
      throw new IllegalArgumentException("stepNanos: " + stepNanos + " (expected: > 0)");
    }
    this.loop = loop;
    this.action = action;
    this.stepNanos = stepNanos;
  }

  /** Sets the deadline {@code delayNanos} from now, replacing any earlier one. */
  void arm(long delayNanos) {
    long now = loop.ticker().nanoTime();
    armed = true;
    dueNanos = now + delayNanos;
    if (task == null || taskNanos - dueNanos > 0) {
      if (task != null) {
        task.cancel(false);
      }
      schedule(now);
    }
  }

  /** Removes the deadline; the action does not run until the next {@link #arm}. */
  void disarm() {
    armed = false;
  }

  /** Says whether a deadline is set. */
  boolean armed() {
    return armed;
  }

  /** Removes the deadline and its task, for a connection that closed. */
  void close() {
    armed = false;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void schedule(long now) {
    long delay = Math.min(dueNanos - now, stepNanos);
    taskNanos = now + delay;
    task = loop.schedule(fire, delay, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    task = null;
    if (!armed) {
      return;
    }
    long now = loop.ticker().nanoTime();
    if (dueNanos - now > 0) {
      schedule(now);
      return;
    }
    armed = false;
    action.run();
  }
}
