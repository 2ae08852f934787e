import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.inspect.ExchangeInfo;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.inspect.SegmentCache;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures what reading an SDK's headers costs a request's inspection when their values are read: the proxy
 * benchmark's chat request inspected with the model name and {@code user-agent} alone, and with the values of the
 * {@code x-stainless-*}, {@code accept} and {@code accept-language} headers of OpenAI's Python SDK as well (the
 * gateway reads those only when they are not the fixed words an SDK writes, which these are: this is the cost of
 * values that fail that check), and with the two joined readings of those values the gateway makes when together
 * they hold more than six digits, and with the four the gateway makes since (every value, apart and glued where
 * letters or digits meet, in the order they arrive and in the order of their names), in alternating rounds on one
 * thread's CPU clock, with the segment cache of the gateway's default size.
 * Usage, from a checkout built with {@code mvn test-compile} and a class path in cp.txt:
 * {@code taskset -c 1 java -cp target/classes:$(cat cp.txt) bench/HeaderCost.java [rounds] [requests per round]}
 */
public class HeaderCost {
  private static final String[][] SDK = {{"x-stainless-lang", "python"}, {"x-stainless-package-version", "1.52.0"},
      {"x-stainless-os", "Linux"}, {"x-stainless-arch", "x64"}, {"x-stainless-runtime", "CPython"},
      {"x-stainless-runtime-version", "3.11.4"}, {"x-stainless-async", "false"}, {"x-stainless-retry-count", "0"},
      {"x-stainless-read-timeout", "600"}, {"accept", "application/json"},
      {"accept-language", "zh-CN,zh;q=0.9,en;q=0.8"}};

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    PolicySet set = new PolicyLoader().load(Path.of("policies"));
    List<String> names = set.all().stream().map(CompiledPolicy::name).toList();
    PolicyInspector inspector = new PolicyInspector(() -> set,
        AuditLog.writingTo(OutputStream.nullOutputStream(), 8192, new GatewayMetrics(false)), 1 << 16,
        new SegmentCache(20000));
    List<TextSegment> before = new ArrayList<>(List.of(
        new TextSegment(TextSegment.MODEL, Role.USER, "gpt-4o-mini", TextSegment.Form.METADATA),
        new TextSegment("/header/user-agent", Role.USER, "OpenAI/Python 1.52.0", TextSegment.Form.METADATA)));
    List<TextSegment> after = new ArrayList<>(before);
    for (String[] h : SDK) {
      after.add(new TextSegment("/header/" + h[0], Role.USER, h[1], TextSegment.Form.METADATA));
    }
    // What the gateway reads of those headers since their values are also read joined (RequestMetadata): the values
    // that hold digits, apart by spaces, and again glued where digits meet, as two segments.
    List<TextSegment> joined = new ArrayList<>(before);
    StringBuilder spaced = new StringBuilder();
    StringBuilder glued = new StringBuilder();
    for (String[] h : SDK) {
      if (h[1].chars().noneMatch(Character::isDigit)) {
        continue;
      }
      boolean meet = glued.length() > 0 && Character.isDigit(glued.charAt(glued.length() - 1))
          && Character.isDigit(h[1].charAt(0));
      spaced.append(spaced.length() == 0 ? "" : " ").append(h[1]);
      glued.append(glued.length() == 0 || meet ? "" : " ").append(h[1]);
    }
    joined.add(new TextSegment("/header/*#joined", Role.USER, spaced.toString(), TextSegment.Form.METADATA));
    joined.add(new TextSegment("/header/*#glued", Role.USER, glued.toString(), TextSegment.Form.METADATA));
    // Since the eleventh pass: every SDK value, apart by spaces and glued where letters or digits meet, in the order
    // they arrive and again in the order of their names, as four segments.
    List<TextSegment> orders = new ArrayList<>(before);
    List<String[]> named = new ArrayList<>(Arrays.asList(SDK));
    named.sort((a, b) -> a[0].compareTo(b[0]));
    for (List<String[]> order : List.of(Arrays.asList(SDK), named)) {
      StringBuilder all = new StringBuilder();
      StringBuilder allGlued = new StringBuilder();
      for (String[] h : order) {
        boolean meet = allGlued.length() > 0 && Character.isLetterOrDigit(allGlued.charAt(allGlued.length() - 1))
            && Character.isLetterOrDigit(h[1].charAt(0));
        all.append(all.length() == 0 ? "" : " ").append(h[1]);
        allGlued.append(allGlued.length() == 0 || meet ? "" : " ").append(h[1]);
      }
      String suffix = order == named ? "#named" : "";
      orders.add(new TextSegment("/header/*#joined" + suffix, Role.USER, all.toString(), TextSegment.Form.METADATA));
      orders.add(new TextSegment("/header/*#glued" + suffix, Role.USER, allGlued.toString(),
          TextSegment.Form.METADATA));
    }
    byte[] request = Files.readAllBytes(Path.of("bench/chat-request.json"));
    ObjectMapper json = new ObjectMapper();
    List<List<TextSegment>> variants = List.of(before, after, joined, orders);
    long[][] perRound = new long[4][rounds];
    long sequence = 0;
    var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < 4; v++) {
        ExchangeInfo exchange = new ExchangeInfo("bench", ProviderApi.openAi(), Endpoint.CHAT, "bench", "bench", names,
            false, UnknownFields.INSPECT, CredentialFields.REFUSE, null, null, variants.get(v));
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          ObjectNode body = (ObjectNode) json.readTree(request);
          ObjectNode last = (ObjectNode) body.withArray("messages").get(body.withArray("messages").size() - 1);
          last.put("content", last.get("content").asText() + " #" + ++sequence);
          inspector.open(exchange).request(body);
        }
        perRound[v][r] = (threads.getCurrentThreadCpuTime() - t0) / n;
      }
    }
    String[] label = {"model and user-agent", "and 11 SDK headers", "and their values joined",
        "and joined in two orders"};
    for (int v = 0; v < 4; v++) {
      long[] kept = Arrays.copyOfRange(perRound[v], rounds / 3, rounds);
      Arrays.sort(kept);
      System.out.printf("%-22s median %7.1f us  best %7.1f us per request (%d rounds of %d, first third dropped)%n",
          label[v], kept[kept.length / 2] / 1000.0, kept[0] / 1000.0, kept.length, n);
    }
  }
}
