package io.kexin.gateway.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.Provider;
import io.kexin.gateway.config.Timeouts;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.route.AzureDeployments;
import io.kexin.gateway.route.OutlierPolicy;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.route.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks each attempt's request: the path and credential header of its upstream (Azure deployments and api-version
 * included), the previous attempt's credential gone, and the body re-sent from one buffer released exactly once.
 */
class UpstreamRequestTest {
  private static final OutlierPolicy OUTLIER = new OutlierPolicy(5, 1, 1);
  private static final Target TARGET = new Target("t", "10.0.0.1", 8443, true, "/base", 1, 0, -1, -1);

  private static Upstream upstream(Provider provider, String credential) {
    return new Upstream(provider.configName(), provider, List.of(TARGET), credential, new Timeouts(null, null, null),
        OUTLIER, provider == Provider.AZURE_OPENAI
            ? new AzureDeployments(null, Map.of("gpt-4o", "prod-4o"), "2024-10-21") : null);
  }

  private static UpstreamRequest request(String path, String query, ByteBuf body, String model) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("x-keep", "kept");
    return new UpstreamRequest(HttpMethod.POST, path, query, h, body, Endpoint.CHAT, model);
  }

  @Test
  void eachAttemptCarriesItsUpstreamsPathAndCredentialOnly() {
    ByteBuf body = Unpooled.copiedBuffer("{\"model\":\"gpt-4o\"}", UTF_8);
    UpstreamRequest r = request("/v1/chat/completions", "user=1", body, "gpt-4o");

    FullHttpRequest first = r.build(upstream(Provider.OPENAI, "sk-openai"), TARGET);
    assertThat(first.uri()).isEqualTo("/base/v1/chat/completions?user=1");
    assertThat(first.headers().get("authorization")).isEqualTo("Bearer sk-openai");
    assertThat(first.headers().get("host")).isEqualTo("10.0.0.1:8443");
    first.release();

    FullHttpRequest second = r.build(upstream(Provider.AZURE_OPENAI, "azure-key"), TARGET);
    assertThat(second.uri())
        .isEqualTo("/base/openai/deployments/prod-4o/chat/completions?user=1&api-version=2024-10-21");
    assertThat(second.headers().get("api-key")).isEqualTo("azure-key");
    assertThat(second.headers().contains("authorization")).isFalse();
    assertThat(second.headers().get("x-keep")).isEqualTo("kept");
    assertThat(second.content().toString(UTF_8)).isEqualTo("{\"model\":\"gpt-4o\"}");
    second.release();

    FullHttpRequest third = r.build(upstream(Provider.ANTHROPIC, "sk-ant"), TARGET);
    assertThat(third.headers().get("x-api-key")).isEqualTo("sk-ant");
    assertThat(third.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(third.headers().contains("api-key")).isFalse();
    third.release();

    assertThat(body.refCnt()).isEqualTo(1);
    r.release();
    r.release();
    assertThat(body.refCnt()).isZero();
    assertThat(r.held()).isFalse();
  }

  @Test
  void anAzurePathKeepsTheClientsApiVersionAndGetsOneWhenItHasNone() {
    ByteBuf body = Unpooled.copiedBuffer("{}", UTF_8);
    UpstreamRequest given = request("/openai/deployments/d/chat/completions", "api-version=2024-06-01", body, null);
    UpstreamRequest none = request("/openai/deployments/d/chat/completions", null, Unpooled.EMPTY_BUFFER, null);
    Upstream azure = upstream(Provider.AZURE_OPENAI, null);

    FullHttpRequest a = given.build(azure, TARGET);
    FullHttpRequest b = none.build(azure, TARGET);

    assertThat(a.uri()).isEqualTo("/base/openai/deployments/d/chat/completions?api-version=2024-06-01");
    assertThat(b.uri()).isEqualTo("/base/openai/deployments/d/chat/completions?api-version=2024-10-21");
    assertThat(a.headers().contains("api-key")).isFalse();
    assertThat(given.servedBy(upstream(Provider.OPENAI, null))).isFalse();
    assertThat(given.servedBy(azure)).isTrue();
    a.release();
    b.release();
    given.release();
    none.release();
    assertThat(body.refCnt()).isZero();
  }

  @Test
  void aModelThatCannotBeADeploymentMapsToNoPath() {
    UpstreamRequest r = request("/v1/chat/completions", null, Unpooled.EMPTY_BUFFER, "../admin");
    assertThat(r.mappable(upstream(Provider.AZURE_OPENAI, null))).isFalse();
    assertThat(r.mappable(upstream(Provider.OPENAI, null))).isTrue();
    UpstreamRequest noModel = request("/v1/chat/completions", null, Unpooled.EMPTY_BUFFER, null);
    assertThat(noModel.mappable(upstream(Provider.AZURE_OPENAI, null))).isFalse();
  }
}
