package io.kexin.gateway.limit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps limit counters in a Redis shared by every gateway pod. A take is one atomic Lua script, one round trip:
 * it reads every bucket of the request, and writes them only if all take it (rates as GCRA arrival times in Redis's
 * own clock, budgets as counters that expire after their period, concurrency as a sorted set of leases that expire
 * after {@code leaseTime}, so the slots of a pod that vanished come back). Settling (usage corrections, slots given
 * back) is a second script sent without waiting, pipelined on the same connection. Every call waits at most
 * {@code timeout}; while the connection is down, calls fail at once, and it reconnects in the background.
 * Thread-safe.
 */
final class RedisStore implements LimitStore {
  /** Takes a request from its buckets: all or none. */
  static final String TAKE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local n = tonumber(ARGV[1])
      local lease = ARGV[2]
      local leaseUs = tonumber(ARGV[3])
      local refused, retry = -1, 0
      local out, nextv = {}, {}
      for i = 1, n do
        local a = 3 + (i - 1) * 4
        local shape, limit, cost, window = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
        local key = KEYS[i]
        local remaining, reset = 0, 0
        if shape == 'r' then
          local interval = window / limit
          local tat = tonumber(redis.call('GET', key) or '0')
          if tat < now then tat = now end
          local newTat = tat + math.ceil(cost * interval)
          if newTat - now > window then
            remaining = math.max(0, math.floor((window - (tat - now)) / interval))
            reset = tat - now
            if refused < 0 then
              refused = i - 1
              if cost > limit then retry = window else retry = newTat - now - window end
            end
          else
            remaining = math.floor((window - (newTat - now)) / interval)
            reset = newTat - now
          end
          nextv[i] = newTat
        elseif shape == 'b' then
          local used = tonumber(redis.call('GET', key) or '0')
          reset = window
          remaining = math.max(0, limit - used - cost)
          if (used >= limit or used + cost > limit) and refused < 0 then
            refused = i - 1
            retry = window
          end
        else
          redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
          local active = redis.call('ZCARD', key)
          remaining = math.max(0, limit - active - 1)
          if active >= limit and refused < 0 then
            refused = i - 1
            retry = 1000000
          end
        end
        out[#out + 1] = string.format('%.0f', remaining)
        out[#out + 1] = string.format('%.0f', reset)
      end
      if refused < 0 then
        for i = 1, n do
          local a = 3 + (i - 1) * 4
          local shape, cost, window = ARGV[a + 1], tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
          local key = KEYS[i]
          if shape == 'r' then
            redis.call('SET', key, string.format('%.0f', nextv[i]), 'PX', math.ceil((nextv[i] - now) / 1000) + 1000)
          elseif shape == 'b' then
            if cost ~= 0 then redis.call('INCRBY', key, cost) end
            if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, math.ceil(window / 1000) + 60000) end
          else
            redis.call('ZADD', key, now + leaseUs, lease)
            redis.call('PEXPIRE', key, math.ceil(leaseUs / 1000) + 1000)
          end
        end
      end
      table.insert(out, 1, string.format('%.0f', retry))
      table.insert(out, 1, tostring(refused))
      return out
      """;
  /** Corrects buckets after the request: adds to rates and budgets, gives back leases. */
  static final String SETTLE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local n = tonumber(ARGV[1])
      local lease = ARGV[2]
      for i = 1, n do
        local a = 2 + (i - 1) * 4
        local shape, limit, delta, window = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
        local key = KEYS[i]
        if shape == 'r' then
          local tat = tonumber(redis.call('GET', key) or '0')
          if tat > now or delta > 0 then
            if tat < now then tat = now end
            tat = tat + math.ceil(delta * window / limit)
            if tat > now then
              redis.call('SET', key, string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
            else
              redis.call('DEL', key)
            end
          end
        elseif shape == 'b' then
          redis.call('INCRBY', key, delta)
          if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, math.ceil(window / 1000) + 60000) end
        else
          redis.call('ZREM', key, lease)
        end
      end
      return 1
      """;
  private static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

  private final RedisURI uri;
  private final Duration timeout;
  private final long leaseMicros;
  private final ClientResources resources;
  private final RedisClient client;
  private final StoreWatch watch;
  private final String takeSha = sha1(TAKE);
  private final String settleSha = sha1(SETTLE);
  private volatile StatefulRedisConnection<String, String> connection;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile boolean closed;

  static {
    // With Netty 4.2.18's io_uring classes on the class path, Lettuce 7.2 pairs an epoll event loop with an io_uring
    // channel, which cannot register; its one connection needs no io_uring.
    if (System.getProperty("io.lettuce.core.iouring") == null) {
      System.setProperty("io.lettuce.core.iouring", "false");
    }
  }

  RedisStore(String url, Duration timeout, Duration leaseTime, StoreWatch watch) {
    this.uri = RedisURI.create(url);
    this.timeout = timeout;
    this.leaseMicros = leaseTime.toNanos() / 1000;
    this.watch = watch;
    // Two I/O threads (Lettuce's least) serve one pipelined connection; reconnects are tried every 100 ms to 1 s, so limits
    // count again soon after Redis is back.
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .maintNotificationsConfig(MaintNotificationsConfig.disabled())
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).keepAlive(true)
            .tcpNoDelay(true).build())
        .build());
    connect();
  }

  /**
   * Opens the connection in the background; a failed attempt is tried again a second later until one succeeds (from
   * then on the connection reconnects by itself).
   */
  private void connect() {
    if (closed || !connecting.compareAndSet(false, true)) {
      return;
    }
    client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, e) -> {
      if (e != null) {
        watch.failed("connect", e);
        connecting.set(false);
        if (!closed) {
          resources.eventExecutorGroup().schedule(this::connect, RECONNECT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return;
      }
      if (closed) {
        c.closeAsync();
        return;
      }
      connection = c;
    });
  }

  @Override
  public CompletableFuture<Tally> take(List<Bucket> buckets, String lease) {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null || !c.isOpen()) {
      watch.failed("take", null);
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
    }
    long start = System.nanoTime();
    String[] keys = new String[buckets.size()];
    String[] args = new String[3 + 4 * buckets.size()];
    args[0] = Integer.toString(buckets.size());
    args[1] = lease;
    args[2] = Long.toString(leaseMicros);
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      keys[i] = b.key();
      fill(args, 3 + 4 * i, b);
    }
    CompletableFuture<List<Object>> call = script(c, takeSha, TAKE, keys, args);
    return call.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((reply, e) -> {
      if (e != null) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        watch.failed("take", cause);
        throw new CompletionException(cause);
      }
      watch.answered("take", System.nanoTime() - start);
      return tally(reply, buckets.size());
    });
  }

  @Override
  public void settle(List<Bucket> corrections, String lease) {
    StatefulRedisConnection<String, String> c = connection;
    if (corrections.isEmpty()) {
      return;
    }
    if (c == null || !c.isOpen()) {
      watch.failed("settle", null);
      return;
    }
    long start = System.nanoTime();
    String[] keys = new String[corrections.size()];
    String[] args = new String[2 + 4 * corrections.size()];
    args[0] = Integer.toString(corrections.size());
    args[1] = lease;
    for (int i = 0; i < corrections.size(); i++) {
      keys[i] = corrections.get(i).key();
      fill(args, 2 + 4 * i, corrections.get(i));
    }
    script(c, settleSha, SETTLE, keys, args).orTimeout(timeout.toNanos() * 4, TimeUnit.NANOSECONDS)
        .whenComplete((r, e) -> {
          if (e != null) {
            watch.failed("settle", e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
          } else {
            watch.answered("settle", System.nanoTime() - start);
          }
        });
  }

  private static void fill(String[] args, int at, Bucket b) {
    args[at] = switch (b.kind().shape()) {
      case RATE -> "r";
      case BUDGET -> "b";
      case LEASE -> "l";
    };
    args[at + 1] = Long.toString(b.limit());
    args[at + 2] = Long.toString(b.cost());
    args[at + 3] = Long.toString(b.windowMicros());
  }

  /** Runs a script by its digest, loading it first when this Redis does not know it yet. */
  private static CompletableFuture<List<Object>> script(StatefulRedisConnection<String, String> c, String sha,
      String body, String[] keys, String[] args) {
    CompletableFuture<List<Object>> bySha = c.async().<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
        .toCompletableFuture();
    return bySha.handle((r, e) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException) {
        return c.async().<List<Object>>eval(body, ScriptOutputType.MULTI, keys, args).toCompletableFuture();
      }
      return e == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<List<Object>>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  private static Tally tally(List<Object> reply, int n) {
    int refused = Integer.parseInt(text(reply.get(0)));
    long retry = Long.parseLong(text(reply.get(1)));
    long[] remaining = new long[n];
    long[] reset = new long[n];
    for (int i = 0; i < n; i++) {
      remaining[i] = Long.parseLong(text(reply.get(2 + 2 * i)));
      reset[i] = Long.parseLong(text(reply.get(3 + 2 * i)));
    }
    return new Tally(refused, remaining, reset, retry);
  }

  private static String text(Object o) {
    return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  /** Says whether the store holds an open connection. */
  boolean connected() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null && c.isOpen();
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    // A quiet period lets the I/O threads run the tasks that closing queues (a channel's deregistration releases
    // Lettuce's read buffer), a connection that completed after {@code closed} was set included; with none those
    // tasks were dropped and the buffer leaked.
    client.shutdown(Duration.ofMillis(100), Duration.ofSeconds(2));
    resources.shutdown(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /** Returns the URL without its password, for the health answer. */
  String where() {
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }

  /** Tells whether a failure was a timeout, for the error metric's reason. */
  static String reason(Throwable cause) {
    if (cause == null) {
      return "disconnected";
    }
    if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
      return "timeout";
    }
    if (cause instanceof RedisConnectionException || cause instanceof IllegalStateException
        || cause instanceof RedisException && String.valueOf(cause.getMessage()).contains("not connected")) {
      return "disconnected";
    }
    return "error";
  }
}
