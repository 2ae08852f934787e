package io.kexin.gateway.proxy;

import io.kexin.gateway.audit.AuditLog;
import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.inspect.PolicyInspector;
import io.kexin.gateway.limit.Quotas;
import io.kexin.gateway.metrics.GatewayMetrics;
import io.kexin.gateway.policy.PolicyLoader;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.route.Router;
import io.kexin.gateway.route.Target;
import io.kexin.gateway.tenant.VirtualKeys;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the client side of the proxy (body aggregator and client handler) in an {@link EmbeddedChannel}, with an
 * upstream connection that is an embedded channel too: it shares the client's event loop, so the connector hands it
 * out as an idle pooled connection, and it records what the exchange writes to it and how many reads it asks for.
 * Routes: {@code /v1/models} and the OpenAI chat path with a policy (inspection on), or without one on Host
 * {@code raw.local}; neither retries (retries have their own tests), so each failure reaches the client as is.
 */
final class ExchangeHarness implements AutoCloseable {
  static final String KEY = "kx-embedded-client-key";

  final GatewayMetrics metrics = new GatewayMetrics(false);
  final ProxyServices services;
  final EmbeddedChannel client;
  final HeldWrites held = new HeldWrites();
  private final Router router;
  private final List<UpstreamChannel> upstreams = new ArrayList<>();

  /** Builds a harness; {@code limits} is a YAML flow map of limits, e.g. {@code {maxResponseBytes: 1024}}. */
  ExchangeHarness(String limits) throws IOException {
    Path dir = Files.createTempDirectory("embedded-policies");
    try {
      Files.writeString(dir.resolve("p.yaml"), """
          apiVersion: kexin.io/v1
          kind: Policy
          metadata: {name: p}
          rules:
            - id: keyword.codename
              detector: {keyword: {terms: [project phoenix, 凤凰计划]}}
              action: block
          """);
      PolicySet policies = new PolicyLoader().load(dir);
      String yaml = """
          listeners:
            proxy: {bind: 127.0.0.1, port: 0}
            admin: {bind: 127.0.0.1, port: 0}
          upstreams:
            - name: up
              baseUrl: http://127.0.0.1:9
              provider: openai
              timeouts: {connect: 1s, firstByte: 2s, idle: 2s}
          routes:
            - name: raw
              host: raw.local
              pathPrefix: /v1
              upstream: up
              policies: []
              retry: {attempts: 0}
            - name: main
              pathPrefix: /v1
              upstream: up
              policies: [p]
              retry: {attempts: 0}
          tenants:
            - name: team-a
              keys: [%s]
          limits: %s
          """.formatted(VirtualKeys.hash(KEY), limits);
      GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("embedded.yaml", yaml);
      router = Router.fromConfig(config);
      AuditLog audit = new AuditLog(metrics);
      services = new ProxyServices(router, VirtualKeys.fromConfig(config),
          new PolicyInspector(() -> policies, audit, config.limits().maxStreamHeldChars()),
          config.limits(), metrics, audit, new UpstreamConnector(NioSocketChannel.class, NioDatagramChannel.class,
              config.limits().maxResponseBytes()), new Drain(), new StreamGate(config.limits().maxConcurrentStreams()),
          StrictJson.mapper(), new BufferBudget(64L << 20), new InspectionPool(config.limits().inspectionThreads(),
              config.limits().inspectionQueue()), Quotas.none());
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
    client = new EmbeddedChannel(held, new BodyAggregator(services.limits().maxRequestBytes(), metrics),
        new ClientHandler(services, false));
  }

  /** Returns the one target of the config's one upstream. */
  Target upstream() {
    return router.match("x", "/v1/models").orElseThrow().upstream().targets().get(0);
  }

  /** Puts a new embedded upstream connection in the pool, where the next exchange takes it. */
  UpstreamChannel pooledUpstream() {
    // The connector keeps idle connections only for a target it has connected to on that loop: one attempt (which
    // fails at once, a socket channel cannot register on an embedded loop) sets up that target's pool.
    services.connector().connect(router.match("x", "/v1/models").orElseThrow().upstream(), upstream(),
        client.eventLoop());
    UpstreamChannel ch = new UpstreamChannel(client.eventLoop(), services.limits().maxResponseBytes());
    upstreams.add(ch);
    services.connector().release(upstream(), ch);
    ch.reads = 0;
    return ch;
  }

  /** Returns a chat request with {@code body}, on the inspected route or, with {@code raw}, the uninspected one. */
  static FullHttpRequest chat(String body, boolean raw) {
    FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions",
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.HOST, raw ? "raw.local" : "gw.local")
        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + KEY)
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return r;
  }

  /** Returns the messages the client received so far, in order; the caller releases them. */
  List<Object> received() {
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = client.readOutbound()) != null) {
      out.add(m);
    }
    return out;
  }

  /** Checks what the client received with {@code check}, then releases it, whatever the check found. */
  void received(Check check) throws Exception {
    List<Object> got = received();
    try {
      check.on(got);
    } finally {
      release(got);
    }
  }

  /** Looks at the messages the client received; may throw, as assertions do. */
  interface Check {
    void on(List<Object> got) throws Exception;
  }

  /** Releases every message in {@code messages}. */
  static void release(List<Object> messages) {
    messages.forEach(ReferenceCountUtil::release);
  }

  @Override
  public void close() {
    client.finishAndReleaseAll();
    for (UpstreamChannel u : upstreams) {
      u.finishAndReleaseAll();
    }
    services.connector().close();
    services.pool().close();
  }

  /**
   * Plays one upstream connection: the decoder and the handler of a real one, an outbound hook that counts reads,
   * and the client's event loop as its own, so the connector pools it for the client's exchanges.
   */
  static final class UpstreamChannel extends EmbeddedChannel {
    private volatile EventLoop shared;
    int reads;

    UpstreamChannel(EventLoop loop, int maxDecoded) {
      super();
      // As a real upstream connection: reads are asked for one at a time, never by the channel itself.
      config().setAutoRead(false);
      pipeline().addLast(new ChannelOutboundHandlerAdapter() {
        @Override
        public void read(ChannelHandlerContext ctx) {
          reads++;
          ctx.read();
        }
      });
      pipeline().addLast(new UpstreamDecoder(maxDecoded), new UpstreamHandler());
      this.shared = loop;
    }

    @Override
    public EventLoop eventLoop() {
      EventLoop loop = shared;
      return loop == null ? super.eventLoop() : loop;
    }
  }

  /**
   * Stands in for a client socket that takes nothing while {@link #hold} is set: writes wait with their promises
   * undone, as they would in a full socket buffer, and go on when released.
   */
  static final class HeldWrites extends ChannelOutboundHandlerAdapter {
    boolean hold;
    private final List<Object> messages = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (hold) {
        messages.add(msg);
        promises.add(promise);
      } else {
        ctx.write(msg, promise);
      }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (!hold) {
        ctx.flush();
      }
    }

    /** Lets the held writes reach the socket, completing their promises. */
    void release() {
      hold = false;
      for (int i = 0; i < messages.size(); i++) {
        ctx.write(messages.get(i), promises.get(i));
      }
      messages.clear();
      promises.clear();
      ctx.flush();
    }

    /** Drops the held writes, as a socket that closed would, failing their promises. */
    void fail() {
      hold = false;
      for (int i = 0; i < messages.size(); i++) {
        ReferenceCountUtil.release(messages.get(i));
        promises.get(i).tryFailure(new IOException("connection reset by peer"));
      }
      messages.clear();
      promises.clear();
    }
  }
}
