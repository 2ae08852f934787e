package io.kexin.gateway.inspect;

/** Holds a data-leakage policy for tests: e-mail addresses pseudonymized, Chinese mobile numbers masked. */
final class LeakRules {
  private LeakRules() {}

  /** Returns the policy file, named {@code name}. */
  static String policy(String name) {
    return """
        apiVersion: kexin.io/v1
        kind: Policy
        metadata: {name: %s}
        rules:
          - id: pii.email
            detector: {regex: {pattern: '[a-z.]+@[a-z]+\\.[a-z]{2,}', maxLength: 254}}
            action: pseudonymize
            entity: EMAIL
          - id: pii.phone
            detector: {regex: {pattern: '1[3-9]\\d{9}'}}
            action: mask
            keepLast: 4
            entity: PHONE_CN
        """.formatted(name);
  }
}
