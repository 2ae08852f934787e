package io.kexin.gateway.provider;

import java.util.function.Consumer;

/**
 * Lists the string values and numbers of nested JSON text (a tool call's arguments), in order, their escapes decoded;
 * object keys are left out. Hand-written rather than a JSON parser: it runs on every request that carries tool calls,
 * needs no tree, and must take text that is not JSON at all (a model's arguments can be anything), which it then gives
 * whole. Stateless.
 */
final class JsonStrings {
  private JsonStrings() {}

  /** Gives {@code json}'s string values and numbers to {@code out}; {@code json} whole when it is not an object or array. */
  static void each(String json, Consumer<String> out) {
    int n = json.length();
    int i = 0;
    while (i < n && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    if (i == n || json.charAt(i) != '{' && json.charAt(i) != '[') {
      out.accept(json);
      return;
    }
    StringBuilder sb = new StringBuilder();
    while (i < n) {
      char c = json.charAt(i);
      if (c == '"') {
        sb.setLength(0);
        i = string(json, i + 1, sb);
        if (i < 0) {
          return;
        }
        int j = i;
        while (j < n && Character.isWhitespace(json.charAt(j))) {
          j++;
        }
        if (j == n || json.charAt(j) != ':') {
          out.accept(sb.toString());
        }
      } else if (c == '-' || c >= '0' && c <= '9') {
        int start = i;
        while (i < n && (json.charAt(i) >= '0' && json.charAt(i) <= '9' || "+-.eE".indexOf(json.charAt(i)) >= 0)) {
          i++;
        }
        out.accept(json.substring(start, i));
      } else {
        i++;
      }
    }
  }

  /** Decodes the string whose first character is at {@code i} into {@code sb}; returns the index after its quote, or -1. */
  private static int string(String json, int i, StringBuilder sb) {
    int n = json.length();
    while (i < n) {
      char c = json.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i == n) {
        return -1;
      }
      char e = json.charAt(i++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          if (i + 4 > n) {
            return -1;
          }
          try {
            sb.append((char) Integer.parseInt(json, i, i + 4, 16));
          } catch (NumberFormatException x) {
            return -1;
          }
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return -1;
  }
}
