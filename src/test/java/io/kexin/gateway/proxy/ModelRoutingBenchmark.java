package io.kexin.gateway.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.inspect.Inspector;
import io.kexin.gateway.route.Route;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.stream.SseEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Measures what model routing adds to a request: choosing the route (no model routes; four routes of globs and
 * aliases), putting an alias's model into a 2 KB body, and renaming the model of one streamed chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelRoutingBenchmark {
  private static final Predicate<Route> OPENAI = r -> r.upstream().provider().schema() == Provider.OPENAI;
  private final ObjectMapper json = StrictJson.mapper();
  private Router plain;
  private Router byModel;
  private byte[] body;
  private SseEvent chunk;

  @Setup(Level.Trial)
  public void setUp() {
    ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
    String upstreams = """
        upstreams:
          - {name: a, baseUrl: 'http://127.0.0.1:1', provider: openai}
          - {name: b, baseUrl: 'http://127.0.0.1:2', provider: openai}
          - {name: c, baseUrl: 'http://127.0.0.1:3', provider: openai}
          - {name: d, baseUrl: 'http://127.0.0.1:4', provider: anthropic}
        """;
    plain = Router.fromConfig(loader.parse("p.yaml", upstreams + "routes: [{name: a, pathPrefix: /v1, upstream: a}]"));
    byModel = Router.fromConfig(loader.parse("m.yaml", upstreams + """
        routes:
          - {name: a, pathPrefix: /v1, upstream: a, models: ['gpt-4o*', 'o1*', 'o3*', {name: chat-default, upstreamModel: gpt-4o-mini}]}
          - {name: b, pathPrefix: /v1, upstream: b, models: ['qwen*']}
          - {name: c, pathPrefix: /v1, upstream: c, models: ['deepseek-*']}
          - {name: d, pathPrefix: /v1/messages, upstream: d, models: ['claude-*']}
        """));
    StringBuilder sb = new StringBuilder("{\"model\":\"chat-default\",\"messages\":[");
    while (sb.length() < 2000) {
      sb.append("{\"role\":\"user\",\"content\":\"你好，请把这段话翻译成英文。 Please translate this.\"},");
    }
    sb.append("{\"role\":\"user\",\"content\":\"end\"}],\"temperature\":0.2}");
    body = sb.toString().getBytes(StandardCharsets.UTF_8);
    chunk = new SseEvent(null, "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"你好\"},\"finish_reason\":null}]}", null);
  }

  @Benchmark
  public Object selectWithoutModelRoutes() {
    return Router.select(plain.candidates("gw", "/v1/chat/completions"), OPENAI, "gpt-4o-2024-08-06");
  }

  @Benchmark
  public Object selectByGlob() {
    return Router.select(byModel.candidates("gw", "/v1/chat/completions"), OPENAI, "deepseek-reasoner");
  }

  @Benchmark
  public Object selectAlias() {
    return Router.select(byModel.candidates("gw", "/v1/chat/completions"), OPENAI, "chat-default");
  }

  @Benchmark
  public int replaceModelIn2kBody() throws IOException {
    ByteBuf out = ModelField.replace(json, Unpooled.wrappedBuffer(body), "gpt-4o-mini");
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public List<SseEvent> renameStreamedChunk() {
    return new AliasedInspection(Inspector.passThrough().open(null), "chat-default", json).streamEvent(chunk);
  }
}
