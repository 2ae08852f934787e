package io.kexin.gateway.tenant;

import io.kexin.gateway.config.GatewayConfig;
import io.kexin.gateway.config.TenantConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps virtual keys to tenants. Only SHA-256 hashes of keys are held; a presented key is hashed and looked up, so
 * the gateway never stores a client's key in the clear. Immutable and thread-safe.
 */
public final class VirtualKeys {
  private final Map<String, Tenant> byHash;

  private VirtualKeys(Map<String, Tenant> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  /** Builds the key table from the tenants in the config. */
  public static VirtualKeys fromConfig(GatewayConfig config) {
    Map<String, Tenant> byHash = new HashMap<>();
    for (TenantConfig t : config.tenants()) {
      Tenant tenant = new Tenant(t.name(), t.policies(), Set.copyOf(t.models()));
      for (String key : t.keys()) {
        byHash.put(key, tenant);
      }
    }
    return new VirtualKeys(byHash);
  }

  /** Returns the tenant that owns {@code key}, if any. */
  public Optional<Tenant> authenticate(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.empty();
    }
    return byHash(hash(key));
  }

  /** Returns the tenant that owns the key whose hash ({@code sha256:<64 hex>}) is {@code keyHash}, if any. */
  public Optional<Tenant> byHash(String keyHash) {
    return Optional.ofNullable(byHash.get(keyHash));
  }

  /** Returns the config form of a key's hash: {@code sha256:<64 lowercase hex>}. */
  public static String hash(String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Returns the number of keys known. */
  public int size() {
    return byHash.size();
  }
}
