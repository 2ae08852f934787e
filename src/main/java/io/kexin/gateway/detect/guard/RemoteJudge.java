package io.kexin.gateway.detect.guard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Asks an external service to judge a text with one JSON POST, and remembers its answers: the machinery shared by
 * the guard-model and http detectors. Each call waits at most the timeout, including the wait for one of at most
 * {@code maxConcurrent} permits; a slow, busy, down or garbled service throws {@link GuardException}. Answers are
 * cached under a keyed hash of the text (HMAC-SHA-256 with a key drawn at start, so the cache never holds the text
 * or a hash anyone could test guesses against). Thread-safe.
 *
 * @param <V> the answer as read from the service's JSON
 */
final class RemoteJudge<V> {
  private final String service;
  private final URI url;
  private final String apiKey;
  private final Duration timeout;
  private final int maxConcurrent;
  private final HttpClient http;
  private final Cache<String, V> cache;
  private final Semaphore permits;
  private final byte[] hashKey = new byte[32];
  private final ObjectMapper json = new ObjectMapper();

  /**
   * Creates a judge that posts to {@code url}; {@code service} names it in errors ("guard model"), {@code apiKey}
   * (may be null) goes as a bearer token, {@code ticker} times the cache entries.
   */
  RemoteJudge(String service, URI url, String apiKey, Duration timeout, int maxConcurrent, long cacheSize,
      Duration cacheTtl, Ticker ticker) {
    this.service = requireNonNull(service, "service");
    this.url = requireNonNull(url, "url");
    this.apiKey = apiKey;
    this.timeout = requireNonNull(timeout, "timeout");
    this.maxConcurrent = maxConcurrent;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheTtl).ticker(ticker).build();
    this.permits = new Semaphore(maxConcurrent);
    new SecureRandom().nextBytes(hashKey);
  }

  /** Returns the JSON mapper bodies are built with. */
  ObjectMapper json() {
    return json;
  }

  /**
   * Returns the service's answer about {@code text}, from the cache when it has one; otherwise posts
   * {@code body.apply(text)} and reads the answer with {@code read} (which throws {@link GuardException} for an
   * answer it cannot read).
   */
  V judge(String text, Function<String, JsonNode> body, Function<JsonNode, V> read) {
    String key = keyedHash(text);
    V cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    long timeoutNanos = timeout.toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new GuardException(service + " busy: " + maxConcurrent + " requests in flight for "
            + timeout.toMillis() + " ms (maxConcurrent)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuardException("interrupted while waiting for the " + service);
    }
    try {
      V v = read.apply(ask(body.apply(text), deadline));
      cache.put(key, v);
      return v;
    } finally {
      permits.release();
    }
  }

  private JsonNode ask(JsonNode payload, long deadline) {
    long left = Math.max(1, deadline - System.nanoTime());
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new GuardException("cannot write the " + service + " request: " + e.getClass().getSimpleName());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofNanos(left))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (apiKey != null) {
      request.header("authorization", "Bearer " + apiKey);
    }
    CompletableFuture<HttpResponse<byte[]>> call =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new GuardException(service + " did not answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new GuardException("interrupted while waiting for the " + service);
    } catch (ExecutionException e) {
      String what = e.getCause() instanceof java.net.http.HttpTimeoutException
          ? "did not answer within " + timeout.toMillis() + " ms"
          : "is unreachable (" + e.getCause().getClass().getSimpleName() + ")";
      throw new GuardException(service + " at " + url + " " + what);
    }
    if (response.statusCode() != 200) {
      throw new GuardException(service + " answered HTTP " + response.statusCode() + " (expected: 200)");
    }
    try {
      return json.readTree(new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GuardException(service + " answer is not JSON");
    }
  }

  private String keyedHash(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Returns the number of answers cached. */
  long cached() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
