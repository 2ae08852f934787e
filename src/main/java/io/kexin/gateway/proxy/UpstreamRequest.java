package io.kexin.gateway.proxy;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.AzureDeployments;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Builds the request for each upstream attempt from what the client sent (its headers already cleaned of client
 * credentials and hop-by-hop fields): the Host, credential and path of the chosen upstream and target, with Azure
 * OpenAI's deployment path and {@code api-version} where the upstream is Azure. Keeps the body for re-sending: each
 * attempt sends a retained duplicate, and {@link #release()} gives the body back once. One per exchange, used on its
 * event loop only.
 */
final class UpstreamRequest {
  static final String AZURE_PREFIX = "/openai/";
  private static final AsciiString ANTHROPIC_VERSION = AsciiString.cached("anthropic-version");

  private final HttpMethod method;
  private final String path;
  private final String query;
  private final HttpHeaders headers;
  private final Endpoint endpoint;
  private final String model;
  private ByteBuf body;

  /**
   * Creates the request; takes ownership of {@code body}. {@code query} is the client's query without credentials
   * and without the {@code ?}, or null.
   */
  UpstreamRequest(HttpMethod method, String path, String query, HttpHeaders headers, ByteBuf body,
      Endpoint endpoint, String model) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.endpoint = endpoint;
    this.model = model;
  }

  /** Says whether {@code upstream} can take this request: a request on an Azure path goes to Azure upstreams only. */
  boolean servedBy(Upstream upstream) {
    return !path.startsWith(AZURE_PREFIX) || upstream.provider() == Provider.AZURE_OPENAI;
  }

  /** Says whether a path can be named for this request on {@code upstream} (an Azure deployment, where needed). */
  boolean mappable(Upstream upstream) {
    // Only an Azure path can fail to map; other upstreams take the client's path as it is, built once per attempt.
    return servedBy(upstream) && (upstream.provider() != Provider.AZURE_OPENAI || uri(upstream) != null);
  }

  /**
   * Returns the request for one attempt at {@code target} of {@code upstream}, holding its own reference to the
   * body (the write releases it); null when no Azure deployment can be named for the request's model.
   */
  FullHttpRequest build(Upstream upstream, Target target) {
    String uri = uri(upstream);
    if (uri == null) {
      return null;
    }
    HttpHeaders h = headers;
    h.set(HttpHeaderNames.HOST, target.authority());
    // A previous attempt's credential (another upstream may take it in another header) leaves first.
    h.remove(HttpHeaderNames.AUTHORIZATION);
    h.remove(ClientCredentials.X_API_KEY);
    h.remove(ClientCredentials.API_KEY);
    if (upstream.credential() != null) {
      switch (upstream.provider()) {
        case ANTHROPIC -> h.set(ClientCredentials.X_API_KEY, upstream.credential());
        case AZURE_OPENAI -> h.set(ClientCredentials.API_KEY, upstream.credential());
        default -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + upstream.credential());
      }
    }
    if (upstream.provider() == Provider.ANTHROPIC && !h.contains(ANTHROPIC_VERSION)) {
      h.set(ANTHROPIC_VERSION, "2023-06-01");
    }
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target.basePath() + uri, body.retainedDuplicate(),
        h, EmptyHttpHeaders.INSTANCE);
  }

  private String uri(Upstream upstream) {
    if (upstream.provider() != Provider.AZURE_OPENAI) {
      return query == null ? path : path + "?" + query;
    }
    AzureDeployments azure = upstream.azure();
    String azurePath;
    if (path.startsWith(AZURE_PREFIX)) {
      azurePath = path;
    } else {
      azurePath = switch (endpoint) {
        case CHAT, COMPLETIONS, EMBEDDINGS -> {
          String deployment = azure.deploymentFor(model);
          yield deployment == null ? null : "/openai/deployments/" + deployment + switch (endpoint) {
            case CHAT -> "/chat/completions";
            case COMPLETIONS -> "/completions";
            default -> "/embeddings";
          };
        }
        case RESPONSES -> "/openai/responses";
        case MODELS -> "/openai/models";
        default -> null;
      };
    }
    if (azurePath == null) {
      return null;
    }
    boolean versioned = query != null && (query.startsWith("api-version=") || query.contains("&api-version="));
    String q = versioned ? query : (query == null ? "" : query + "&") + "api-version=" + azure.apiVersion();
    return azurePath + "?" + q;
  }

  /** Gives the body back; later calls do nothing. */
  void release() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  /** Says whether the body is still held (no attempt may be built after {@link #release()}). */
  boolean held() {
    return body != null;
  }
}
