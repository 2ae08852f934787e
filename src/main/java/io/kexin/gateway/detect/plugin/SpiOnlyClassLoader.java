package io.kexin.gateway.detect.plugin;

import static java.util.Objects.requireNonNull;

/**
 * Shows a plugin the JDK and the SPI package {@code io.kexin.gateway.plugin} only: none of the gateway's internals
 * nor its libraries, so a plugin cannot bind to them and brings (shades) its own. Thread-safe.
 */
final class SpiOnlyClassLoader extends ClassLoader {
  static final String SPI_PACKAGE = "io.kexin.gateway.plugin.";
  private final ClassLoader gateway;

  SpiOnlyClassLoader(ClassLoader gateway) {
    super("kexin-plugin-spi", ClassLoader.getPlatformClassLoader());
    this.gateway = requireNonNull(gateway, "gateway");
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(SPI_PACKAGE) && name.indexOf('.', SPI_PACKAGE.length()) < 0) {
      return gateway.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }
}
