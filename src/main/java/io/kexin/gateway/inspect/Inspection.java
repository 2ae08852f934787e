package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.stream.SseEvent;
import java.util.List;

/**
 * Inspects one exchange: the request body before it goes upstream, then either the whole response body or each
 * event of a streamed response. One instance per exchange, used from one thread.
 */
public interface Inspection {

  /** Says whether this inspection looks at bodies at all; when not, the proxy forwards bytes without parsing them. */
  default boolean active() {
    return true;
  }

  /** Decides what to do with the parsed request body. */
  Verdict request(ObjectNode body);

  /** Decides what to do with a response the gateway cannot read ({@code what} says why): pass it or refuse it. */
  default Verdict uninspectable(String what) {
    return Verdict.pass();
  }

  /** Decides what to do with a whole (non-streamed) JSON response body. */
  Verdict response(ObjectNode body);

  /**
   * Decides what to do with a non-2xx JSON body from the upstream: an error that may echo the prompt. Every string in
   * it is inspected as response text; a rewrite keeps the status.
   */
  default Verdict errorResponse(ObjectNode body) {
    return Verdict.pass();
  }

  /** Decides what to do with a non-2xx body that is not JSON, read whole as text: pass it as it is or refuse it. */
  default Verdict errorText(String text) {
    return Verdict.pass();
  }

  /** Returns the events that may be sent to the client now, given the next upstream event. */
  List<SseEvent> streamEvent(SseEvent event);

  /** Returns the events still held when the upstream stream ends. */
  List<SseEvent> streamEnd();

  /**
   * Decides what happens after the inspection of {@code direction} threw {@code cause}: the one place where any
   * inspection failure meets the policies' {@code onError}. A pass lets the body go on as received (recorded and
   * counted); a refusal answers 500. Without policies to ask, it refuses.
   */
  default Verdict failed(Direction direction, Throwable cause) {
    return new Verdict.Reject(500, "api_error", "inspection_error", "the " + direction.label()
        + " could not be inspected, so the gateway refused it");
  }

  /**
   * Says whether inspecting the response may wait on a remote service (a guard model on answers), so that the proxy
   * inspects it on its pool, never on an event loop.
   */
  default boolean answersWait() {
    return false;
  }

  /** Says whether the stream was stopped (blocked or failed): nothing more is sent and the upstream is closed. */
  default boolean streamStopped() {
    return false;
  }
}
