package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Describes, for one body of one endpoint, where text lives beyond the fields an adapter reads with their roles:
 * the fields whose scalar value is not text ({@code model}, sampling parameters, ids the provider generates), the subtrees that
 * are free-form (metadata, JSON schemas, tool inputs: every key, string and number in them is text), the subtrees a
 * system writes (tool definitions), the messages whose {@code role} field names the writer, the options that are
 * not text while they hold a number or a boolean, and the fields that carry a credential to the provider (binary data
 * is marked by the adapters, which know each part's type). Everything else the model or the provider can read is text: {@link #walk}
 * yields it as segments. Immutable and thread-safe.
 */
final class Layout {
  /** What a position of the body holds. */
  private enum Kind { STRUCT, NOT_TEXT, ENUMERATED, IDENTIFIER, OPTION, FREE, CREDENTIAL }

  /** Holds one position of the description; {@code any} matches every array index and every other key. */
  private static final class Node {
    /** Stands for every position below a container found where a not-text scalar belongs. */
    static final Node NESTED = new Node();

    static {
      NESTED.kind = Kind.FREE;
      NESTED.any = NESTED;
    }

    final Map<String, Node> children = new HashMap<>();
    Node any;
    Kind kind = Kind.STRUCT;
    Role role;
    boolean roleField;
    /** For an enumerated field, the words the provider documents there, beside the fixed words of the schemas. */
    Set<String> documented;

    Node child(String key) {
      Node n = children.get(key);
      return n != null ? n : any;
    }

    Node make(String key) {
      if (key.equals("*")) {
        if (any == null) {
          any = new Node();
        }
        return any;
      }
      return children.computeIfAbsent(key, k -> new Node());
    }
  }

  /** The layout of an error body: all of it is free-form text the upstream wrote. */
  static final Layout ERROR = builder(Role.ASSISTANT).free("/error").build();

  private final Node root;
  private final Role defaultRole;

  private Layout(Node root, Role defaultRole) {
    this.root = root;
    this.defaultRole = defaultRole;
  }

  /** Returns a builder for a body whose text is written by {@code defaultRole} unless said otherwise. */
  static Builder builder(Role defaultRole) {
    return new Builder(defaultRole);
  }

  /**
   * Adds to {@code c} every piece of text of {@code body} that the adapter has not added already ({@code c} knows
   * which): strings as text, object keys and numbers, grouped per role, as segments that cannot be rewritten.
   *
   * @throws UnknownShapeException if {@code unknown} is REFUSE and the body has a field the description does not know
   */
  void walk(JsonNode body, Collector c, UnknownFields unknown) throws UnknownShapeException {
    Walk w = new Walk(c, unknown);
    w.node(body, root, Path.ROOT, defaultRole, false, false);
    w.finish();
  }

  /** Walks one body; not thread-safe. */
  private static final class Walk {
    private final Collector c;
    private final UnknownFields unknown;
    /** Object keys and numbers per role, made on first use: most bodies have none outside known fields. */
    private Map<Role, StringBuilder> keys;
    private Map<Role, StringBuilder> numbers;

    Walk(Collector c, UnknownFields unknown) {
      this.c = c;
      this.unknown = unknown;
    }

    void node(JsonNode value, Node at, Path path, Role role, boolean free, boolean credential)
        throws UnknownShapeException {
      Kind kind = at != null ? at.kind : free ? Kind.FREE : Kind.STRUCT;
      boolean inCredential = credential || kind == Kind.CREDENTIAL;
      // An option's number is not read: no model reads it, and random seeds would match card and phone rules.
      if (kind == Kind.OPTION && (value.isNumber() || value.isBoolean() || value.isNull())) {
        return;
      }
      // A not-text field holds a word, an id or a count; an object or array put there is read as free-form text
      // (its numbers stay counts), since a client or upstream can nest anything where a scalar is expected.
      if (kind == Kind.NOT_TEXT || (kind == Kind.ENUMERATED || kind == Kind.IDENTIFIER) && !value.isTextual()) {
        if (value.isContainerNode()) {
          node(value, Node.NESTED, path, role, true, credential);
        }
        return;
      }
      // An enumerated word the provider documents carries nothing; a newer one is read as text below; anything else
      // is no word of the provider but a message to whoever reads the field, and the answer is refused (FieldKind).
      if (kind == Kind.ENUMERATED) {
        String word = value.textValue();
        if (word.isEmpty() || at.documented.contains(word)
            || word.length() <= Vocabulary.LONGEST && Vocabulary.contains(word)) {
          return;
        }
        if (!EventFields.enumeratedShape(word)) {
          throw new UnknownShapeException(Vocabulary.safePointer(path.pointer()),
              "a value outside the shape of its enumerated field");
        }
      }
      if (at != null && at.role != null) {
        role = at.role;
      }
      boolean inFree = free || kind == Kind.FREE;
      switch (value.getNodeType()) {
        case STRING -> {
          String text = value.textValue();
          if (text.isEmpty() || text.length() <= Vocabulary.LONGEST && Vocabulary.contains(text)) {
            return;
          }
          String pointer = path.pointer();
          if (c.consumed(pointer)) {
            return;
          }
          c.segment(new TextSegment(pointer, role, text, inCredential ? TextSegment.Form.CREDENTIAL
              : kind == Kind.ENUMERATED || kind == Kind.IDENTIFIER ? TextSegment.Form.IDENTIFIER
              : TextSegment.Form.TEXT));
        }
        case NUMBER -> {
          if (inFree && at != Node.NESTED) {
            numbers = append(numbers, role, NumberText.of(value));
          }
        }
        case ARRAY -> {
          Node element = at == null ? null : at.any;
          for (int i = 0; i < value.size(); i++) {
            node(value.get(i), element == null ? at : element, new Path(path, null, i), role, inFree, inCredential);
          }
        }
        case OBJECT -> {
          JsonNode r = value.get("role");
          if (at != null && at.roleField && r != null && r.isTextual()) {
            try {
              role = Role.parse(r.textValue());
            } catch (IllegalArgumentException e) {
              // the adapter has refused an unknown role already; keep the enclosing one
            }
          }
          for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            Path p = new Path(path, key, -1);
            Node child = at == null ? null : at.child(key);
            boolean known = Vocabulary.contains(key);
            if (child == null && !inFree && !known) {
              if (unknown == UnknownFields.REFUSE) {
                throw new UnknownShapeException(Vocabulary.safePointer(p.pointer()),
                    "a field the gateway does not know (unknownFields: refuse)");
              }
              if (unknown == UnknownFields.PASS) {
                continue;
              }
            }
            if (!known) {
              keys = append(keys, role, key);
            }
            node(field.getValue(), child, p, role, inFree || child == null && !known, inCredential);
          }
        }
        default -> { }
      }
    }

    private static Map<Role, StringBuilder> append(Map<Role, StringBuilder> groups, Role role, String text) {
      Map<Role, StringBuilder> g = groups == null ? new EnumMap<>(Role.class) : groups;
      StringBuilder sb = g.computeIfAbsent(role, r -> new StringBuilder());
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(text);
      return g;
    }

    void finish() {
      if (keys != null) {
        keys.forEach((role, text) -> c.segment(new TextSegment("#keys", role, text.toString(), TextSegment.Form.KEY)));
      }
      if (numbers != null) {
        numbers.forEach((role, text) ->
            c.segment(new TextSegment("#numbers", role, text.toString(), TextSegment.Form.NUMBER)));
      }
    }
  }

  /** Names a node of the body being walked; its RFC 6901 pointer is built only when a string needs it. */
  private static final class Path {
    static final Path ROOT = new Path(null, null, -1);
    private final Path parent;
    private final String key;
    private final int index;

    Path(Path parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    String pointer() {
      if (parent == null) {
        return "";
      }
      String above = parent.pointer();
      return key != null ? Collector.child(above, key) : Collector.child(above, index);
    }
  }

  /** Builds a layout from pointer patterns whose tokens are field names or {@code *}; not thread-safe. */
  static final class Builder {
    private final Node root = new Node();
    private final Role defaultRole;

    private Builder(Role defaultRole) {
      this.defaultRole = defaultRole;
    }

    /** Declares fields whose scalar value is not text; an object or array found there is read as free-form. */
    Builder notText(String... patterns) {
      return mark(Kind.NOT_TEXT, patterns);
    }

    /**
     * Declares enumerated fields: a word of {@code documented} or of the schemas is not text, another word of the
     * shape of the provider's words is, and any other string refuses the body ({@link FieldKind#ENUMERATED}).
     */
    Builder enumerated(Set<String> documented, String... patterns) {
      for (String p : patterns) {
        Node n = node(p);
        n.kind = Kind.ENUMERATED;
        n.documented = documented;
      }
      return this;
    }

    /**
     * Declares fields that hold an id or a model name the provider writes: read as text by the local rules
     * ({@link TextSegment.Form#IDENTIFIER}); an object or array found there is read as free-form.
     */
    Builder identifiers(String... patterns) {
      return mark(Kind.IDENTIFIER, patterns);
    }

    /** Declares free-form subtrees: every key, string and number in them is text. */
    Builder free(String... patterns) {
      return mark(Kind.FREE, patterns);
    }

    /** Declares fields that carry a credential to the provider. */
    Builder credential(String... patterns) {
      return mark(Kind.CREDENTIAL, patterns);
    }

    /** Declares options whose value is not text when it is a number, a boolean or null; anything else is. */
    Builder options(String... patterns) {
      return mark(Kind.OPTION, patterns);
    }

    /** Declares subtrees written by {@code role}. */
    Builder role(Role role, String... patterns) {
      for (String p : patterns) {
        node(p).role = role;
      }
      return this;
    }

    /** Declares objects whose {@code role} field names who wrote the text under them. */
    Builder roleField(String... patterns) {
      for (String p : patterns) {
        node(p).roleField = true;
      }
      return this;
    }

    private Builder mark(Kind kind, String... patterns) {
      for (String p : patterns) {
        node(p).kind = kind;
      }
      return this;
    }

    private Node node(String pattern) {
      Node n = root;
      for (String token : pattern.substring(1).split("/")) {
        n = n.make(token);
      }
      return n;
    }

    Layout build() {
      return new Layout(root, defaultRole);
    }
  }
}
