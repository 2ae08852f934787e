package io.kexin.gateway.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Says which settings of a running gateway only a restart changes (the listeners with their ports and TLS, the limits
 * with the thread counts and buffers sized at start, the audit sink, the policy directory, the admin token, the
 * detector plugins, the tenant quotas with their store) and keeps
 * their running values in a reloaded config; every other section, one added later included, is taken from the file.
 * Stateless.
 */
final class RestartRequired {
  /** The sections of {@link GatewayConfig} fixed at start. */
  static final Set<String> SECTIONS =
      Set.of("listeners", "limits", "audit", "policies", "admin", "plugins", "quotas");
  /** How deep inside a section a change is named ({@code listeners.proxy.port}). */
  private static final int DEPTH = 3;

  /** Holds a reloaded config with the fixed sections kept, and the settings that changed in them. */
  record Pinned(GatewayConfig config, List<String> changed) {}

  private RestartRequired() {}

  /** Returns {@code loaded} with the sections fixed at start taken from {@code running}, and what differed there. */
  static Pinned pin(GatewayConfig running, GatewayConfig loaded) {
    RecordComponent[] components = GatewayConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Object now = get(c, running);
      Object next = get(c, loaded);
      if (SECTIONS.contains(c.getName())) {
        values[i] = now;
        diff(c.getName(), now, next, DEPTH, changed);
      } else {
        values[i] = next;
      }
    }
    try {
      Constructor<GatewayConfig> canonical = GatewayConfig.class.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return new Pinned(canonical.newInstance(values), List.copyOf(changed));
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the running and loaded configs mix into an invalid one", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("GatewayConfig has no canonical constructor", e);
    }
  }

  /** Adds the names of the settings that differ between {@code a} and {@code b} below {@code name}. */
  private static void diff(String name, Object a, Object b, int depth, List<String> out) {
    if (Objects.equals(a, b)) {
      return;
    }
    if (depth <= 1 || a == null || b == null || !a.getClass().isRecord() || a.getClass() != b.getClass()) {
      out.add(name);
      return;
    }
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      diff(name + "." + c.getName(), get(c, a), get(c, b), depth - 1, out);
    }
  }

  private static Object get(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
    }
  }
}
