package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Declares one model a route serves: {@code name} is an exact model name or a glob ({@code *} stands for any run of
 * characters: {@code gpt-4o*}, {@code claude-*}); {@code upstreamModel} makes an exact name an alias (the client asks
 * for {@code name}, the upstream receives {@code upstreamModel}, and the client's answer names {@code name} again);
 * {@code policies} apply to this model's requests on top of the route's. A bare string stands for {@code {name: ...}}.
 */
public record ModelConfig(String name, String upstreamModel, List<String> policies) {
  /** Matches a model name the gateway routes: printable, no spaces or quotes, at most {@value #MAX_NAME} characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}");
  /** Matches a glob over model names: the characters of a name and {@code *}. */
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9._:/@+*-]{0,127}");
  /** The longest model name routed. */
  public static final int MAX_NAME = 128;

  @JsonCreator
  public ModelConfig {
    requireNonNull(name, "name");
    boolean glob = name.indexOf('*') >= 0;
    if (!(glob ? GLOB : NAME).matcher(name).matches()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a model name or glob of letters, digits,"
          + " '.', '_', ':', '/', '@', '+', '-' and '*', at most " + MAX_NAME + " characters)");
    }
    if (upstreamModel != null) {
      if (glob) {
        throw new IllegalArgumentException("upstreamModel: set on the glob '" + name + "' (expected: an alias is one"
            + " exact name)");
      }
      if (!NAME.matcher(upstreamModel).matches()) {
        throw new IllegalArgumentException("upstreamModel: '" + upstreamModel + "' (expected: a model name of"
            + " letters, digits, '.', '_', ':', '/', '@', '+', '-', at most " + MAX_NAME + " characters)");
      }
    }
    policies = List.copyOf(requireNonNullElse(policies, List.of()));
  }

  /** Returns the entry a bare string in the config stands for: the model {@code name}, no alias, no policies. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ModelConfig of(String name) {
    return new ModelConfig(name, null, null);
  }

  /** Says whether {@code name} is a glob. */
  public boolean glob() {
    return name.indexOf('*') >= 0;
  }
}
