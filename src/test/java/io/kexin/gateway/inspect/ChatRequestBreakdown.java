package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.util.List;

/**
 * Splits the cost of {@link ContentSafetyBenchmark}'s chat request by the thread CPU clock: the JSON parse with the
 * extraction of its segments, then each segment (system text, user text, the system-and-user reading) run alone
 * through the policy engine as the request runs it, then all of them: {@code java -cp ...
 * io.kexin.gateway.inspect.ChatRequestBreakdown [rounds]}.
 */
final class ChatRequestBreakdown {
  private ChatRequestBreakdown() {}

  /** Prints the median and best CPU microseconds per call of each part of the request. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    ObjectMapper json = new ObjectMapper();
    List<CompiledPolicy> policies = ShippedPolicies.pack().resolve(List.of("content-safety"));
    ContentSafetyBenchmark bench = new ContentSafetyBenchmark();
    bench.setUp();
    String chat = bench.chatRequest();
    ProviderApi api = ProviderApi.openAi();
    CpuRounds.print("parse and extract", rounds, () -> api.requestSegments(Endpoint.CHAT,
        (ObjectNode) json.readTree(chat), UnknownFields.INSPECT).segments().size());
    List<TextSegment> segments = api.requestSegments(Endpoint.CHAT, (ObjectNode) json.readTree(chat),
        UnknownFields.INSPECT).segments();
    PolicyEngine engine = new PolicyEngine();
    for (TextSegment s : segments) {
      CpuRounds.print(s.role() + " " + s.form() + " (" + s.text().length() + " units)", rounds,
          () -> engine.run(policies, Direction.REQUEST, List.of(s), new PseudonymVault()).hits().size());
    }
    CpuRounds.print("every segment", rounds,
        () -> engine.run(policies, Direction.REQUEST, segments, new PseudonymVault()).hits().size());
  }
}
