import io.kexin.gateway.content.Role;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import java.nio.file.Path;

/**
 * Prints the stream hold-back window of a policy directory (the longest match of any rule that applies to
 * assistant text in responses, plus one, as StreamInspection.window computes it) and the policy names, for
 * bench/stream-bench.sh. Usage: java -cp target/kexin-gateway.jar bench/StreamWindow.java policies
 */
public class StreamWindow {
  public static void main(String[] args) throws Exception {
    PolicySet set = new PolicyLoader().load(Path.of(args.length > 0 ? args[0] : "policies"));
    long longest = 0;
    StringBuilder names = new StringBuilder();
    for (CompiledPolicy p : set.all()) {
      names.append(names.length() == 0 ? "" : ",").append(p.name());
      for (CompiledRule r : p.rules()) {
        if (r.appliesTo(Direction.RESPONSE, Role.ASSISTANT)) {
          longest = Math.max(longest, r.detector().maxMatchLength());
        }
      }
    }
    System.out.println("window=" + (Math.min(Integer.MAX_VALUE - 1, longest) + 1) + " policies=" + names);
  }
}
