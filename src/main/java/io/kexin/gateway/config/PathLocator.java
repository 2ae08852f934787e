package io.kexin.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Indexes where each value of a YAML document sits, so checks made after binding can name file:line:col. */
final class PathLocator {
  private final Map<String, JsonLocation> locations = new HashMap<>();
  private final Map<String, JsonLocation> keys = new HashMap<>();

  /** Frames one open object or array while walking the document. */
  private static final class Frame {
    final String path;
    final boolean array;
    int next;

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }
  }

  PathLocator(YAMLFactory factory, String yaml) throws IOException {
    try (JsonParser p = factory.createParser(yaml)) {
      Deque<Frame> frames = new ArrayDeque<>();
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          Frame parent = frames.peek();
          String name = p.currentName();
          keys.putIfAbsent(parent == null || parent.path.isEmpty() ? name : parent.path + "." + name,
              p.currentTokenLocation());
          continue;
        }
        if (t.isStructEnd()) {
          frames.pop();
          continue;
        }
        Frame parent = frames.peek();
        String path;
        if (parent == null) {
          path = "";
        } else if (parent.array) {
          path = parent.path + "[" + parent.next++ + "]";
        } else {
          path = parent.path.isEmpty() ? p.currentName() : parent.path + "." + p.currentName();
        }
        locations.putIfAbsent(path, p.currentTokenLocation());
        if (t.isStructStart()) {
          frames.push(new Frame(path, t == JsonToken.START_ARRAY));
        }
      }
    }
  }

  /** Returns the location of the key of the entry at {@code path}, or of the nearest value. */
  JsonLocation locateKey(String path) {
    JsonLocation key = keys.get(path);
    return key != null ? key : locate(path);
  }

  /** Returns the location of the value at {@code path} (as {@code routes[1].upstream}), or of the nearest parent. */
  JsonLocation locate(String path) {
    String p = path;
    while (true) {
      JsonLocation loc = locations.get(p);
      if (loc != null || p.isEmpty()) {
        return loc;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }
}
