package io.kexin.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Says whether a request may carry a credential in a field that exists to hand one to the provider's tool runner
 * (Anthropic {@code mcp_servers[].authorization_token}, a remote MCP tool's {@code headers} or
 * {@code authorization}): refuse such a request (the default), or pass it, where credential rules do not apply to
 * that field and every other rule does.
 */
public enum CredentialFields {
  REFUSE,
  PASS;

  /** Returns the choice named in the config. */
  @JsonCreator
  public static CredentialFields parse(String name) {
    return EnumNames.parse(CredentialFields.class, "credentialFields", name);
  }
}
