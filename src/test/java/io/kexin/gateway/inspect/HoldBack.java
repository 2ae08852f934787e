package io.kexin.gateway.inspect;

import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures characters held back per character of streamed prose with a policy directory: for each character, how
 * many characters the upstream had sent beyond it when it reached the client, fed one character per event, with
 * the live release point and with the old fixed window (every detector on its default live index). Prints median,
 * p90, p99 and max for English and Chinese prose. Usage (after test-compile):
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.kexin.gateway.inspect.HoldBack [policies]}
 */
public final class HoldBack {
  private static final String EN = "The quarterly report is ready. Revenue grew in every region, and the team "
      + "expects the new service to launch next spring. Please review the attached summary before Friday's meeting, "
      + "where we will discuss hiring, the budget for the coming year and the status of the migration. If you have "
      + "questions, call me at +1 415 555 0132 or write to the operations desk; the contract number is 2026-118 and "
      + "the invoice was paid with card 4111 1111 1111 1111 on 5 December. Thanks for your patience while we finish "
      + "the last checks, and let me know whether Project Phoenix should be on the agenda as well.";
  private static final String ZH = "季度报告已经准备好了。各地区收入均有增长，团队预计新服务将于明年春季上线。请在周五的会议之前"
      + "查看附件中的摘要，会上我们将讨论招聘、明年的预算以及迁移工作的进展。如有问题，请拨打 13800138000 联系我，"
      + "或者写信给运营部；合同编号为 2026-118，发票已于十二月五日用身份证 11010519491231002X 登记的账户支付。"
      + "感谢大家在我们完成最后检查期间的耐心等待，也请告诉我凤凰计划是否也要列入议程。";

  private HoldBack() {}


  public static void main(String[] args) {
    List<CompiledPolicy> pack = new PolicyLoader().load(Path.of(args.length > 0 ? args[0] : "policies")).all();
    List<CompiledPolicy> fixed = new ArrayList<>();
    for (CompiledPolicy p : pack) {
      List<CompiledRule> rules = new ArrayList<>();
      for (CompiledRule r : p.rules()) {
        rules.add(new CompiledRule(r.id(), r.policy(), r.description(), new FixedWindow(r.detector()), r.entity(),
            r.directions(), r.roles(), r.action(), r.severity(), r.message(), r.keepLast(), r.mode(), r.tags(),
            r.allow()));
      }
      fixed.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    System.out.println("window=" + StreamInspection.window(pack) + " (characters held back per character, one"
        + " character per event: median / p90 / p99 / max)");
    for (String[] prose : new String[][] {{"English", EN}, {"Chinese", ZH}}) {
      System.out.println(prose[0] + " (" + prose[1].length() + " chars): live " + measure(pack, prose[1])
          + "; fixed window " + measure(fixed, prose[1]));
    }
  }

  /** Returns the figures for one text fed one character per event. */
  private static String measure(List<CompiledPolicy> policies, String text) {
    TextChannel c = new TextChannel(policies, new PolicyEngine(), new PseudonymVault(),
        StreamInspection.window(policies), 1 << 20, new ArrayList<>(), new ArrayList<>(), false);
    int[] held = new int[text.length()];
    int done = 0;
    for (int i = 0; i < text.length(); i++) {
      c.feed(text.substring(i, i + 1));
      for (; done < c.released(); done++) {
        held[done] = i - done;
      }
    }
    c.finish();
    for (; done < text.length(); done++) {
      held[done] = text.length() - 1 - done;
    }
    int[] sorted = held.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] + " / " + sorted[sorted.length * 9 / 10] + " / "
        + sorted[sorted.length * 99 / 100] + " / " + sorted[sorted.length - 1];
  }
}
