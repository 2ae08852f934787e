package com.example.kexin.bank;

import io.kexin.gateway.plugin.DetectorKind;
import io.kexin.gateway.plugin.OptionSpec;
import io.kexin.gateway.plugin.OptionSpec.Type;
import io.kexin.gateway.plugin.Options;
import io.kexin.gateway.plugin.PluginDetector;
import java.util.List;

/** Provides the {@code bankAccount} detector kind: bank account and card numbers that pass the Luhn checksum. */
public final class BankAccountKind implements DetectorKind {
  static final List<String> DEFAULT_CONTEXT = List.of("account", "acct", "card", "iban", "账号", "账户", "帐号", "帐户",
      "卡号", "银行卡");

  @Override
  public String name() {
    return "bankAccount";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional("prefixes", Type.STRING_LIST, "issuer prefixes the number starts with, e.g. ['62']"),
        OptionSpec.optional("minDigits", Type.INTEGER, "fewest digits, 8..34 (default 16)"),
        OptionSpec.optional("maxDigits", Type.INTEGER, "most digits, 8..34 (default 19)"),
        OptionSpec.optional("context", Type.STRING_LIST, "words one of which must come shortly before the number"),
        OptionSpec.optional("requireContext", Type.BOOLEAN, "report only numbers after a context word (default"
            + " true)"));
  }

  @Override
  public PluginDetector create(Options options) {
    long min = options.integer("minDigits", 16);
    long max = options.integer("maxDigits", 19);
    if (min < 8 || min > 34) {
      throw new IllegalArgumentException("minDigits: " + min + " (expected: 8..34)");
    }
    if (max < min || max > 34) {
      throw new IllegalArgumentException("maxDigits: " + max + " (expected: minDigits.." + 34 + ")");
    }
    List<String> prefixes = options.strings("prefixes", List.of());
    for (String p : prefixes) {
      if (!p.matches("[0-9]{1,8}")) {
        throw new IllegalArgumentException("prefixes: " + p + " (expected: 1 to 8 ASCII digits)");
      }
    }
    List<String> context = options.strings("context", DEFAULT_CONTEXT);
    if (context.isEmpty() || context.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("context: " + context + " (expected: one or more words)");
    }
    return new BankAccountDetector((int) min, (int) max, prefixes, context, options.bool("requireContext", true));
  }
}
