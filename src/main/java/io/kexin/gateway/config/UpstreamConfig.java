package io.kexin.gateway.config;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Declares one LLM API the gateway forwards to: one {@code baseUrl} or several {@code targets} (weights, priorities,
 * limits), the schema it speaks, the credential to inject (from the environment via {@code ${VAR}} or from a file),
 * its timeouts and when a failing target is ejected. A credential goes over plain HTTP only to a loopback address,
 * or where {@code insecure: true} says so. An {@code azure-openai} upstream maps OpenAI paths to a deployment:
 * {@code deployments} by the request's model, else {@code deployment}, else the model name itself, with
 * {@code apiVersion} (default {@value #AZURE_API_VERSION}).
 */
public record UpstreamConfig(String name, URI baseUrl, List<TargetConfig> targets, Provider provider, String apiKey,
    Path apiKeyFile, Timeouts timeouts, Boolean insecure, OutlierConfig outlierDetection, String deployment,
    Map<String, String> deployments, String apiVersion) {
  /** The Azure OpenAI API version used when an upstream names none: the current GA version. */
  public static final String AZURE_API_VERSION = "2024-10-21";
  /** Matches a deployment name that is safe as one path segment. */
  public static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");

  public UpstreamConfig {
    requireNonNull(name, "name");
    requireNonNull(provider, "provider");
    if (baseUrl != null && targets != null) {
      throw new IllegalArgumentException("baseUrl and targets: both set (expected: one baseUrl, or a list of"
          + " targets)");
    }
    if (baseUrl == null && (targets == null || targets.isEmpty())) {
      throw new IllegalArgumentException("baseUrl: missing (expected: a baseUrl, or a non-empty list of targets)");
    }
    if (baseUrl != null) {
      TargetConfig.checkUrl(baseUrl);
    }
    targets = targets == null ? null : List.copyOf(targets);
    if (apiKey != null && apiKeyFile != null) {
      throw new IllegalArgumentException("apiKey and apiKeyFile: both set (expected: at most one)");
    }
    timeouts = requireNonNullElse(timeouts, Timeouts.DEFAULT);
    insecure = requireNonNullElse(insecure, false);
    outlierDetection = requireNonNullElse(outlierDetection, OutlierConfig.DEFAULT);
    boolean credential = apiKey != null || apiKeyFile != null;
    for (TargetConfig t : targets == null ? List.of(TargetConfig.of(baseUrl)) : targets) {
      URI url = t.baseUrl();
      if ("http".equals(url.getScheme()) && credential && !insecure && !loopback(url.getHost())) {
        throw new IllegalArgumentException("baseUrl: " + url + " (expected: https:// when a credential is sent, or a"
            + " loopback address; set insecure: true to send the credential in clear anyway)");
      }
    }
    boolean azure = provider == Provider.AZURE_OPENAI;
    if (!azure && (deployment != null || deployments != null && !deployments.isEmpty() || apiVersion != null)) {
      throw new IllegalArgumentException((deployment != null ? "deployment" : deployments != null ? "deployments"
          : "apiVersion") + ": set on an upstream of provider " + provider.configName() + " (expected: only with"
          + " provider: azure-openai)");
    }
    if (deployment != null && !DEPLOYMENT.matcher(deployment).matches()) {
      throw new IllegalArgumentException("deployment: " + deployment + " (expected: letters, digits, '.', '_', '-')");
    }
    deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
    for (Map.Entry<String, String> d : deployments.entrySet()) {
      if (!DEPLOYMENT.matcher(d.getValue()).matches()) {
        throw new IllegalArgumentException("deployments." + d.getKey() + ": " + d.getValue()
            + " (expected: letters, digits, '.', '_', '-')");
      }
    }
    if (apiVersion != null && !VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException("apiVersion: " + apiVersion + " (expected: a version such as "
          + AZURE_API_VERSION + ")");
    }
    apiVersion = azure ? requireNonNullElse(apiVersion, AZURE_API_VERSION) : null;
  }

  /** Returns a single-URL upstream that is not marked insecure, with the default outlier detection. */
  public UpstreamConfig(String name, URI baseUrl, Provider provider, String apiKey, Path apiKeyFile,
      Timeouts timeouts) {
    this(name, baseUrl, provider, apiKey, apiKeyFile, timeouts, null);
  }

  /** Returns a single-URL upstream with the default outlier detection. */
  public UpstreamConfig(String name, URI baseUrl, Provider provider, String apiKey, Path apiKeyFile,
      Timeouts timeouts, Boolean insecure) {
    this(name, baseUrl, null, provider, apiKey, apiKeyFile, timeouts, insecure, null, null, null, null);
  }

  /** Returns the targets: the list given, or the one target {@code baseUrl} stands for. */
  public List<TargetConfig> targetList() {
    return targets != null ? targets : List.of(TargetConfig.of(baseUrl));
  }

  /** Returns this upstream reading its credential from {@code file} instead. */
  public UpstreamConfig withApiKeyFile(Path file) {
    return new UpstreamConfig(name, baseUrl, targets, provider, null, file, timeouts, insecure, outlierDetection,
        deployment, deployments, apiVersion);
  }

  /** Says whether {@code host} names this machine: {@code localhost}, 127.0.0.0/8 or ::1 (no name is resolved). */
  private static boolean loopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  @Override
  public String toString() {
    return "UpstreamConfig[name=" + name + ", targets=" + targetList().stream().map(TargetConfig::baseUrl).toList()
        + ", provider=" + provider + "]";
  }
}
