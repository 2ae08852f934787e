package io.kexin.gateway.cli;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs, for the tests of one class, a gateway per provider with the shipped pack in front of one WireMock upstream:
 * each starts on first use (the upstream is listening by then, whatever order the extensions run in) and stops after
 * the class.
 */
final class ShippedGateways implements AfterAllCallback {
  private final WireMockExtension upstream;
  private TestGateway openAi;
  private TestGateway anthropic;

  ShippedGateways(WireMockExtension upstream) {
    this.upstream = upstream;
  }

  /** Returns the gateway whose upstream speaks OpenAI's API. */
  synchronized TestGateway openAi() throws InterruptedException {
    if (openAi == null) {
      openAi = TestGateway.withShippedPolicy("openai", upstream.baseUrl());
    }
    return openAi;
  }

  /** Returns the gateway whose upstream speaks Anthropic's API. */
  synchronized TestGateway anthropic() throws InterruptedException {
    if (anthropic == null) {
      anthropic = TestGateway.withShippedPolicy("anthropic", upstream.baseUrl());
    }
    return anthropic;
  }

  /** Returns the gateway for {@code provider}, {@code openai} or {@code anthropic}. */
  TestGateway of(String provider) throws InterruptedException {
    return provider.equals("anthropic") ? anthropic() : openAi();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (openAi != null) {
      openAi.close();
    }
    if (anthropic != null) {
      anthropic.close();
    }
  }
}
