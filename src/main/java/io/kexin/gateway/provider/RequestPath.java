package io.kexin.gateway.provider;

/** Reduces a request target to the path an adapter routes on. */
final class RequestPath {
  private RequestPath() {}

  /** Returns the path without its query string or fragment. */
  static String of(String target) {
    int end = target.length();
    int q = target.indexOf('?');
    if (q >= 0) {
      end = q;
    }
    int h = target.indexOf('#');
    if (h >= 0 && h < end) {
      end = h;
    }
    return target.substring(0, end);
  }
}
