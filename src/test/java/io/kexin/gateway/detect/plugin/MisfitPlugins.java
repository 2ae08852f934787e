package io.kexin.gateway.detect.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds plugin jars that break the contract in every way the gateway guards against, for tests. */
public final class MisfitPlugins {
  private MisfitPlugins() {
  }

  private static String kind(String cls, String name, String options, String create) {
    return """
        import io.kexin.gateway.plugin.*;
        import java.util.List;
        public final class %s implements DetectorKind {
          public String name() { return "%s"; }
          public List<OptionSpec> options() { return List.of(%s); }
          public PluginDetector create(Options o) { %s }
        }
        """.formatted(cls, name, options, create);
  }

  private static String detector(String scan) {
    return "return new PluginDetector() {\n public List<Match> scan(String text) { " + scan + " }\n"
        + " public int maxMatchLength() { return 64; }\n};";
  }

  /**
   * Returns misfits.jar, whose kinds: {@code throwing} throws with the text in its message, {@code badSpan} answers a span past the text, {@code quoting} quotes the
   * match in its explanation, {@code peeking} reports whether it can see the gateway's internals or libraries,
   * {@code refusing} refuses {@code limit} below 1, {@code exploding} throws while building its detector.
   */
  public static Path misfits(Path dir) throws IOException {
    return PluginJars.build(dir, "misfits.jar", Map.of(
        "Throwing", kind("Throwing", "throwing", "", detector("throw new IllegalStateException(\"leaked: \" + text);")),
        "BadSpan", kind("BadSpan", "badSpan", "", detector("return List.of(Match.of(0, text.length() + 5, \"x\"));")),
        "Quoting", kind("Quoting", "quoting", "", detector(
            "return List.of(Match.of(0, text.length(), \"found \" + text));")),
        "Peeking", kind("Peeking", "peeking", "", detector("""
            String seen = "isolated";
            for (String c : List.of("io.kexin.gateway.policy.PolicyLoader", "com.fasterxml.jackson.databind.ObjectMapper")) {
              try { Class.forName(c, false, getClass().getClassLoader()); seen = "sees " + c; } catch (ClassNotFoundException e) { }
              try { Class.forName(c, false, Thread.currentThread().getContextClassLoader()); seen = "sees " + c; } catch (ClassNotFoundException e) { }
            }
            return List.of(Match.of(0, 0, seen));""")),
        "Refusing", kind("Refusing", "refusing",
            "OptionSpec.required(\"limit\", OptionSpec.Type.INTEGER, \"a positive limit\")",
            "if (o.integer(\"limit\", 0) < 1) { throw new IllegalArgumentException(\"limit: \" + o.integer(\"limit\", 0)"
                + " + \" (expected: > 0)\"); } " + detector("return List.of();")),
        "Exploding", kind("Exploding", "exploding", "", "throw new IllegalStateException(\"cannot start\");")),
        List.of("Throwing", "BadSpan", "Quoting", "Peeking", "Refusing", "Exploding"));
  }

  /** Returns stubborn.jar, whose kind {@code stubborn} holds its thread for 5 s whatever interrupts it. */
  public static Path stubborn(Path dir) throws IOException {
    return PluginJars.build(dir, "stubborn.jar", Map.of(
        "Stubborn", kind("Stubborn", "stubborn", "", detector("""
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end) {
              try { Thread.sleep(20); } catch (InterruptedException e) { }
            }
            return List.of();"""))),
        List.of("Stubborn"));
  }

  /** Returns broken.jar, whose only kind fails in its static initializer. */
  public static Path broken(Path dir) throws IOException {
    return PluginJars.build(dir, "broken.jar", Map.of("Broken", """
        import io.kexin.gateway.plugin.*;
        import java.util.List;
        public final class Broken implements DetectorKind {
          static final int X = Integer.parseInt("not a number");
          public String name() { return "accountDlp"; }
          public List<OptionSpec> options() { return List.of(); }
          public PluginDetector create(Options o) { return null; }
        }
        """), List.of("Broken"));
  }
}
