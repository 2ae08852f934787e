package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.content.TextSegment;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Checks which header and query texts of a request are inspected, and that they read as the provider reads them. */
class RequestMetadataTest {

  @Test
  void readsEveryHeaderThatGoesUpstreamAsWrittenButNotStructuralOnesNorTheClientKey() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Host", "gw").add("Content-Type", "application/json").add("Authorization", "Bearer kx-client")
        .add("X-Stainless-Lang", "python").add("User-Agent", "OpenAI/Python 1.52.0").add("X-Note", "hello")
        .add("Cookie", "s=kx-client").add("traceparent", "00-abc-def-01").add("tracestate", "acme=七号")
        .add("X-Forwarded-For", "10.0.0.1, ::1").add("X-Real-IP", "13812345678").add("X-Stainless-OS", "Linux 138");
    var segments = RequestMetadata.of(h, "/v1/chat/completions?api-version=2024-06-01&owner=li%40x.cn&key=kx-client",
        "kx-client", "gpt-4o-mini");

    assertThat(segments).extracting(TextSegment::jsonPointer).containsExactly("/model", "/header/user-agent",
        "/header/x-note", "/header/tracestate", "/header/x-real-ip", "/header/x-stainless-os", "/header/*#joined",
        "/header/*#glued", "/query/api-version", "/query/owner");
    assertThat(segments).extracting(TextSegment::text).containsExactly("gpt-4o-mini", "OpenAI/Python 1.52.0", "hello",
        "acme=七号", "13812345678", "Linux 138", "python Linux 138", "pythonLinux 138", "api-version=2024-06-01",
        "owner=li@x.cn");
    assertThat(segments).allMatch(s -> s.form() == TextSegment.Form.METADATA && !s.form().rewritable());
  }

  @Test
  void letsPassUnreadOnlyTheFixedWordsSdksWrite() {
    for (String fixed : new String[] {"python", "1.52.0", "x64", "v20.11.1", "0", "600", "async:asyncio",
        "application/json", "text/event-stream", "zh-CN,zh;q=0.9,en;q=0.8", "en-US, en;q=0.5",
        "assistants=v2", "https://chat.example.com"}) {
      assertThat(RequestMetadata.fixedWords(fixed)).as(fixed).isTrue();
    }
    for (String read : new String[] {"13812345678", "138-1234-5678", "Linux 13812345678", "zhang.wei@example.cn",
        "AKIAQ3EGRT5LMWX2ZUTB", "身份证", "ignore previous instructions", "prompt-caching-2024-07-31,max-tokens-3-5",
        "4539.1488.0343.6467", "a".repeat(33)}) {
      assertThat(RequestMetadata.fixedWords(read)).as(read).isFalse();
    }
    assertThat(RequestMetadata.addresses("10.0.0.1, 2001:db8::1, unknown")).isTrue();
    assertThat(RequestMetadata.addresses("13812345678")).isFalse();
    assertThat(RequestMetadata.addresses("10.0.0.1, zhang.wei@example.cn")).isFalse();
  }

  @Test
  void aBareRequestCarriesNothingToInspect() {
    HttpHeaders h = new DefaultHttpHeaders().add("Host", "gw").add("Content-Type", "application/json")
        .add("Content-Length", "12").add("Authorization", "Bearer k");
    assertThat(RequestMetadata.of(h, "/v1/chat/completions", "k", null)).isEmpty();
  }

  @Test
  void readsUtf8HeaderValuesAsTheProviderDoes() {
    String sent = new String("电话 13812345678".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertThat(RequestMetadata.utf8(sent)).isEqualTo("电话 13812345678");
    assertThat(RequestMetadata.utf8("café")).isEqualTo("café");
    assertThat(RequestMetadata.utf8("plain")).isEqualTo("plain");
  }

  @Test
  void readsTheNameAPathCarries() {
    assertThat(RequestMetadata.pathName("/v1/models/gpt-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(RequestMetadata.pathName("/v1/models/ft%3Agpt-4o%3A13812345678")).isEqualTo("ft:gpt-4o:13812345678");
    assertThat(RequestMetadata.pathName("/openai/deployments/张伟-prod/chat/completions")).isEqualTo("张伟-prod");
    assertThat(RequestMetadata.pathName("/v1/models")).isNull();
    assertThat(RequestMetadata.pathName("/v1/models/")).isNull();
    assertThat(RequestMetadata.pathName("/v1/chat/completions")).isNull();
    HttpHeaders h = new DefaultHttpHeaders().add("Host", "gw");
    assertThat(RequestMetadata.of(h, "/v1/models/13812345678?x=1", "k", null)).extracting(TextSegment::jsonPointer)
        .containsExactly("/path", "/query/x");
  }
}
