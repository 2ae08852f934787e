package io.kexin.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.demo.DemoUpstream;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.proxy.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Drives the admin policy playground end to end in headless Chromium ({@code src/test/browser}: playwright-core
 * over Debian's {@code chromium}), against a gateway in demo mode that has already proxied one request with a
 * phone number in it. Skipped without Chromium or the package, unless {@code KEXIN_BROWSER_REQUIRED=1} (set by
 * {@code .ci/run}, which installs both).
 */
class PlaygroundBrowserTest {
  private static final Path DIR = Path.of("src/test/browser");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String PHONE = "13800138000";

  @Test
  void thePlaygroundWorksInABrowser() throws Exception {
    boolean installed = Files.isDirectory(DIR.resolve("node_modules/playwright-core")) && Files.isExecutable(CHROMIUM);
    if (!installed && "1".equals(System.getenv("KEXIN_BROWSER_REQUIRED"))) {
      fail("KEXIN_BROWSER_REQUIRED=1 but Chromium or playwright-core is missing: apt-get install chromium;"
          + " npm ci --prefix src/test/browser");
    }
    assumeTrue(installed, "playground browser test skipped: needs /usr/bin/chromium (apt-get install chromium) and"
        + " npm ci --prefix src/test/browser; .ci/run does both");
    try (DemoUpstream demo = new DemoUpstream(Duration.ZERO, Transport.best())) {
      var address = demo.start();
      PolicySet policies = ShippedPolicies.pack();
      GatewayConfig config = DefaultSetup.demo(Map.<String, String>of()::get, "127.0.0.1", address,
          demo.credential(), policies.all().stream().map(CompiledPolicy::name).toList(), Path.of("policies")).withPorts(0, 0, "127.0.0.1");
      try (TestGateway gateway = new TestGateway(config, policies)) {
        assertThat(gateway.post("/v1/chat/completions", "{\"model\":\"kexin-demo\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"我的电话是 " + PHONE + "\"}]}", "authorization", "Bearer " + DefaultSetup.DEMO_CLIENT_KEY)
            .statusCode()).isEqualTo(200);
        Path log = Path.of("target", "playground-browser.log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(SdkConformanceTest.node(), "--test", "--test-reporter=spec",
            "--test-timeout=60000", "playground.test.mjs").directory(DIR.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().put("KEXIN_ADMIN", "http://127.0.0.1:" + gateway.runtime.adminAddress().getPort());
        pb.environment().put("KEXIN_CHROMIUM", CHROMIUM.toString());
        pb.environment().put("KEXIN_SENT_PHONE", PHONE);
        pb.environment().put("KEXIN_SCREENSHOT", Path.of("target", "playground.png").toAbsolutePath().toString());
        Process process = pb.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String report = Files.readString(log);
        System.out.println("Playground in Chromium, " + log + ":\n" + report);
        assertThat(finished).as("the browser run ended in time; its report:%n%s", report).isTrue();
        assertThat(process.exitValue()).as("the browser run's exit status; its report:%n%s", report).isZero();
        assertThat(report).contains("ℹ fail 0").doesNotContain("ℹ pass 0");
      }
    }
  }
}
