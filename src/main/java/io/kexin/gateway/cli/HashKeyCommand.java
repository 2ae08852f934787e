package io.kexin.gateway.cli;

import io.kexin.gateway.tenant.VirtualKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the hash of a virtual key, in the form a tenant's {@code keys:} list takes. */
@Command(name = "hash-key", mixinStandardHelpOptions = true,
    description = "Print the sha256 hash of a virtual key for gateway.yaml (reads stdin when no key is given).")
final class HashKeyCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", description = "the key (prefer stdin, so it stays out of shell history)")
  String key;

  @Override
  public Integer call() throws Exception {
    String k = key;
    if (k == null) {
      k = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    if (k == null || k.isBlank()) {
      System.err.println("hash-key: no key given (expected: a key as argument or on stdin)");
      return 2;
    }
    System.out.println(VirtualKeys.hash(k.strip()));
    return 0;
  }
}
