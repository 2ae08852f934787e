package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.route.ModelChoice;
import java.util.List;

/**
 * Tells an inspection what it is looking at: request id, API schema and endpoint, route, tenant, the policies that
 * apply, whether the response streams, what happens to fields the gateway does not know, and whether fields that carry
 * a credential to the provider may pass, the W3C traceparent sent upstream (null when none), and the model the client
 * asked for and the one it gets (null when unknown), and the texts the request carries besides its body (header and
 * query parameter values, {@link TextSegment.Form#METADATA}).
 */
public record ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
    List<String> policies, boolean stream, UnknownFields unknownFields, CredentialFields credentialFields,
    String traceparent, ModelChoice model, List<TextSegment> metadata) {
  public ExchangeInfo {
    requireNonNull(unknownFields, "unknownFields");
    requireNonNull(credentialFields, "credentialFields");
    requireNonNull(requestId, "requestId");
    requireNonNull(api, "api");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(route, "route");
    requireNonNull(tenant, "tenant");
    policies = List.copyOf(policies);
    metadata = List.copyOf(metadata);
  }

  /** Returns an exchange whose request carries no header or query text to inspect. */
  public ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
      List<String> policies, boolean stream, UnknownFields unknownFields, CredentialFields credentialFields,
      String traceparent, ModelChoice model) {
    this(requestId, api, endpoint, route, tenant, policies, stream, unknownFields, credentialFields, traceparent,
        model, List.of());
  }

  /** Returns an exchange without a model choice. */
  public ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
      List<String> policies, boolean stream, UnknownFields unknownFields, CredentialFields credentialFields,
      String traceparent) {
    this(requestId, api, endpoint, route, tenant, policies, stream, unknownFields, credentialFields, traceparent,
        null);
  }

  /** Returns an exchange without a trace context. */
  public ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
      List<String> policies, boolean stream, UnknownFields unknownFields, CredentialFields credentialFields) {
    this(requestId, api, endpoint, route, tenant, policies, stream, unknownFields, credentialFields, null);
  }

  /** Returns an exchange that inspects unknown fields and refuses credential fields, the defaults. */
  public ExchangeInfo(String requestId, ProviderApi api, Endpoint endpoint, String route, String tenant,
      List<String> policies, boolean stream) {
    this(requestId, api, endpoint, route, tenant, policies, stream, UnknownFields.INSPECT, CredentialFields.REFUSE);
  }

  /** Says whether a body of a shape the gateway cannot read passes uninspected. */
  public boolean passUnknownShapes() {
    return unknownFields == UnknownFields.PASS;
  }
}
