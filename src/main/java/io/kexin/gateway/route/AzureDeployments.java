package io.kexin.gateway.route;

import io.kexin.gateway.config.UpstreamConfig;
import java.util.Map;

/**
 * Maps a request's model to an Azure OpenAI deployment: the {@code deployments} entry for the model, else the
 * default {@code deployment}, else the model name itself (Azure deployments are often named after their model);
 * with the {@code api-version} every Azure call carries. Immutable.
 */
public record AzureDeployments(String deployment, Map<String, String> deployments, String apiVersion) {
  public AzureDeployments {
    deployments = Map.copyOf(deployments);
  }

  /** Returns the deployment for {@code model} (may be null), or null when none is safe to put in a path. */
  public String deploymentFor(String model) {
    String d = model == null ? null : deployments.get(model);
    if (d == null) {
      d = deployment;
    }
    if (d == null) {
      d = model;
    }
    return d != null && UpstreamConfig.DEPLOYMENT.matcher(d).matches() ? d : null;
  }
}
