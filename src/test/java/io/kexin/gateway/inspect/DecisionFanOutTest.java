package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Checks that the fan-out passes on every kind of record, default methods included, so none is silently lost. */
class DecisionFanOutTest {
  @Test
  void forwardsEveryMethodOfTheRecorderInterface() throws Exception {
    for (Method m : DecisionRecorder.class.getMethods()) {
      Method own = DecisionFanOut.class.getMethod(m.getName(), m.getParameterTypes());
      assertThat(own.getDeclaringClass()).as(m.getName()).isEqualTo(DecisionFanOut.class);
    }
  }
}
