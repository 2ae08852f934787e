package io.kexin.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.kexin.gateway.config.ConfigLoader;
import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.Provider;
import io.kexin.gateway.tenant.Tenant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks model routing's rules without a network: glob matching, which route and entry take a model, aliases, and
 * what a tenant's model list grants (a glob never grants an alias to another model).
 */
class ModelRoutingTest {
  private static final Predicate<Route> OPENAI = r -> r.upstream().provider().schema() == Provider.OPENAI;
  private static final Predicate<Route> ANTHROPIC = r -> r.upstream().provider().schema() == Provider.ANTHROPIC;

  private static Router router() {
    GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("g.yaml", """
        upstreams:
          - {name: openai, baseUrl: 'http://127.0.0.1:1', provider: openai}
          - {name: qwen, baseUrl: 'http://127.0.0.1:2', provider: openai}
          - {name: deepseek, baseUrl: 'http://127.0.0.1:3', provider: openai}
          - {name: anthropic, baseUrl: 'http://127.0.0.1:4', provider: anthropic}
          - {name: local, baseUrl: 'http://127.0.0.1:5', provider: openai}
        routes:
          - name: openai
            upstream: openai
            pathPrefix: /v1
            models:
              - gpt-4o*
              - name: gpt-4o-mini
                policies: [pii]
              - {name: chat-default, upstreamModel: gpt-4o-mini, policies: [secrets]}
              - gpt-*
          - {name: qwen, upstream: qwen, models: ['qwen*']}
          - {name: deepseek, upstream: deepseek, models: ['deepseek-*']}
          - {name: claude, upstream: anthropic, pathPrefix: /v1/messages, models: ['claude-*', {name: fast, upstreamModel: claude-3-5-haiku}]}
          - {name: rest, upstream: local, pathPrefix: /v1}
        """);
    return Router.fromConfig(config);
  }

  @ParameterizedTest
  @CsvSource({
      "gpt-4o*, gpt-4o, true", "gpt-4o*, gpt-4o-mini-2024-07-18, true", "gpt-4o*, gpt-4, false",
      "claude-*, claude-, true", "claude-*, claude, false", "*-mini, o4-mini, true", "a*b*c, aXbYbZc, true",
      "a*b*c, aXbYbZ, false", "*, anything, true", "qwen*, qwen-max, true", "qwen*, Qwen-max, false",
      "deepseek-*, deepseek-chat, true", "gpt-4o, gpt-4o, true", "gpt-4o, gpt-4o-mini, false"})
  void globsMatchWholeNames(String pattern, String model, boolean matches) {
    assertThat(new ModelPattern(pattern).matches(model)).isEqualTo(matches);
  }

  @Test
  void aGlobMatchesOnlyWellFormedNames() {
    ModelPattern any = new ModelPattern("gpt-4o*");
    for (String hostile : List.of("gpt-4o ", "gpt-4o\u0000", "gpt-4o\n", "gpt-4o\u200b", "gpt-4o\"", "gpt-4o,o1",
        "gpt-4o" + "x".repeat(200), "gpt-4o通义")) {
      assertThat(any.matches(hostile)).as(hostile).isFalse();
    }
    assertThat(any.matches(null)).isFalse();
    assertThat(new ModelPattern("*").matches("")).isFalse();
  }

  @Test
  void aGlobOfManyStarsStaysLinear() {
    ModelPattern p = new ModelPattern("*a*a*a*a*a*a*a*a*a*a*b");
    String name = "a".repeat(127);
    long steps = 0;
    for (int i = 0; i < 1000; i++) {
      steps += p.matches(name) ? 1 : 0;
    }
    assertThat(steps).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/chat/completions, gpt-4o-2024-08-06, openai, gpt-4o*, gpt-4o-2024-08-06",
      "/v1/chat/completions, gpt-4o-mini, openai, gpt-4o-mini, gpt-4o-mini",
      "/v1/chat/completions, gpt-4.1, openai, gpt-*, gpt-4.1",
      "/v1/chat/completions, chat-default, openai, chat-default, gpt-4o-mini",
      "/v1/chat/completions, qwen-max, qwen, qwen*, qwen-max",
      "/v1/chat/completions, deepseek-reasoner, deepseek, deepseek-*, deepseek-reasoner",
      "/v1/chat/completions, llama3:8b, rest, other, llama3:8b",
      "/v1/embeddings, text-embedding-3-small, rest, other, text-embedding-3-small"})
  void theMostSpecificRouteAndEntryTakeAModel(String path, String model, String route, String label,
      String upstream) {
    Router router = router();

    Optional<Router.Routed> r = Router.select(router.candidates("gw", path), OPENAI, model);

    assertThat(r).isPresent();
    assertThat(r.get().route().name()).isEqualTo(route);
    assertThat(r.get().model().label()).isEqualTo(label);
    assertThat(r.get().model().upstream()).isEqualTo(upstream);
    assertThat(r.get().model().requested()).isEqualTo(model);
    assertThat(r.get().model().alias()).isEqualTo(!model.equals(upstream));
  }

  @Test
  void aModelEntrysPoliciesComeWithItsChoice() {
    Router router = router();
    List<Route> candidates = router.candidates(null, "/v1/chat/completions");

    assertThat(Router.select(candidates, OPENAI, "chat-default").get().model().policies()).containsExactly("secrets");
    assertThat(Router.select(candidates, OPENAI, "gpt-4o-mini").get().model().policies()).containsExactly("pii");
    assertThat(Router.select(candidates, OPENAI, "gpt-4o").get().model().policies()).isEmpty();
  }

  @Test
  void anAnthropicCallerReachesOnlyAnthropicRoutesAndAnOpenAiCallerNone() {
    Router router = router();

    assertThat(Router.select(router.candidates(null, "/v1/messages"), ANTHROPIC, "claude-sonnet-4-5")
        .map(r -> r.route().name())).contains("claude");
    assertThat(Router.select(router.candidates(null, "/v1/messages"), ANTHROPIC, "gpt-4o")).isEmpty();
    assertThat(Router.select(router.candidates(null, "/v1/messages"), ANTHROPIC, null)).isEmpty();
    assertThat(Router.select(router.candidates(null, "/v1/chat/completions"), OPENAI, "fast")
        .map(r -> r.route().name())).contains("rest");
  }

  @Test
  void aLessSpecificRouteNeverTakesWhatAMoreSpecificOneTurnedAway() {
    GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("g.yaml", """
        upstreams:
          - {name: openai, baseUrl: 'http://127.0.0.1:1', provider: openai}
          - {name: anthropic, baseUrl: 'http://127.0.0.1:2', provider: anthropic}
        routes:
          - {name: secure, host: secure.example, upstream: anthropic, policies: [secrets]}
          - {name: open, upstream: openai}
        """);
    Router router = Router.fromConfig(config);

    assertThat(Router.select(router.candidates("secure.example", "/v1/chat/completions"), OPENAI, "gpt-4o"))
        .isEmpty();
    assertThat(Router.select(router.candidates("other.example", "/v1/chat/completions"), OPENAI, "gpt-4o")
        .map(r -> r.route().name())).contains("open");
  }

  @Test
  void withoutACatchAllRouteNoModelMeansNoRoute() {
    GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("g.yaml", """
        upstreams: [{name: openai, baseUrl: 'http://127.0.0.1:1', provider: openai}]
        routes: [{name: openai, upstream: openai, models: ['gpt-*']}]
        """);
    Router router = Router.fromConfig(config);

    assertThat(Router.select(router.candidates(null, "/v1/chat/completions"), OPENAI, null)).isEmpty();
    assertThat(Router.select(router.candidates(null, "/v1/chat/completions"), OPENAI, "o1")).isEmpty();
    assertThat(router.routesByModel()).isTrue();
  }

  @Test
  void theListNamesExactModelsAndAliasesOfTheCallersSchema() {
    Router router = router();

    assertThat(router.listed(OPENAI)).extracting(ModelChoice::requested)
        .containsExactly("gpt-4o-mini", "chat-default");
    assertThat(router.listed(ANTHROPIC)).extracting(ModelChoice::requested).containsExactly("fast");
    assertThat(router.modelNames()).contains("gpt-4o*", "chat-default", "gpt-4o-mini", "claude-3-5-haiku");
  }

  @Test
  void aTenantsGlobNeverGrantsAnAliasToAnotherModel() {
    Router router = router();
    List<Route> candidates = router.candidates(null, "/v1/chat/completions");
    ModelChoice alias = Router.select(candidates, OPENAI, "chat-default").get().model();
    ModelChoice direct = Router.select(candidates, OPENAI, "gpt-4o-mini").get().model();
    ModelChoice dated = Router.select(candidates, OPENAI, "gpt-4o-2024-08-06").get().model();

    Tenant globs = new Tenant("t", List.of(), Set.of("chat-*", "o1*"));
    Tenant onlyAlias = new Tenant("t", List.of(), Set.of("chat-default"));
    Tenant realModel = new Tenant("t", List.of(), Set.of("gpt-4o*"));
    Tenant any = new Tenant("t", List.of(), Set.of());

    assertThat(globs.allows(alias)).isFalse();
    assertThat(onlyAlias.allows(alias)).isTrue();
    assertThat(onlyAlias.allows(direct)).isFalse();
    assertThat(realModel.allows(alias)).isTrue(); // it may call gpt-4o-mini anyway
    assertThat(realModel.allows(dated)).isTrue();
    assertThat(globs.allows(dated)).isFalse();
    assertThat(any.allows(alias)).isTrue();
    assertThat(realModel.allowsModel(null)).isFalse();
    assertThat(any.allowsModel(null)).isTrue();
  }
}
