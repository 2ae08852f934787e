package io.kexin.gateway.stream;

import io.kexin.gateway.provider.EventFields;
import io.kexin.gateway.provider.FieldKind;
import io.kexin.gateway.provider.OpaqueText;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reads the values of a stream's declared fields as their {@link FieldKind} says: a documented enumerated word goes out
 * unread; a newer word, an identifier or an opaque token is inspected as a whole text; an enumerated value of no
 * word's shape stops the stream; padding is replaced. The same id and model come in every event, so the verdict on an
 * enumerated word or an identifier is remembered per value: the per-event cost stays a map look-up. One instance per
 * stream; not thread-safe.
 */
final class DeclaredValues {
  /** The most values remembered per stream; a stream with more has each further one inspected every time. */
  private static final int REMEMBERED = 256;
  /** Longer values are not remembered: the key would keep a large text alive for the stream's life. */
  private static final int LONGEST_REMEMBERED = 512;
  private static final String PADDING = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private final EventFields fields;
  /** Per value read, what goes out in its place (itself when unchanged). */
  private final Map<String, String> sent = new HashMap<>();
  /**
   * The values last relayed unread, per kind (enumerated, identifier), read by the per-token path straight from the
   * parser's characters: a chunk's id, model and words repeat in every chunk, and no string need be made for them.
   */
  private final String[][] recent = new String[2][RECENT];
  private final int[] recentCount = new int[2];
  private static final int RECENT = 8;
  /**
   * The opaque tokens of the stream so far, per field, as a client joins the pieces of one that arrives over several
   * deltas (an Anthropic {@code signature_delta} after another); at most {@value #LONGEST_OPAQUE} characters each.
   */
  private Map<String, StringBuilder> opaque;
  private static final int LONGEST_OPAQUE = 1 << 16;
  /** Made on first use: most streams carry no padding. */
  private SplittableRandom random;

  DeclaredValues(EventFields fields) {
    this.fields = fields;
  }

  /** Returns the stream's declared fields. */
  EventFields fields() {
    return fields;
  }

  /**
   * Says whether {@code value} of field {@code name} goes out as sent without more reading: a documented word, or a
   * value already inspected in this stream and left unchanged.
   */
  boolean relayed(String name, String value) {
    FieldKind kind = fields.kind(name);
    if (kind == FieldKind.ENUMERATED) {
      // A value read unchanged as an id is still no word when it lacks a word's shape.
      return fields.documented(value) || EventFields.enumeratedShape(value) && value.equals(sent.get(value));
    }
    return kind == FieldKind.IDENTIFIER && value.equals(sent.get(value));
  }

  /** Says as {@link #relayed(String, String)} does, for the value held in {@code text[offset, offset + length)}. */
  boolean relayed(String name, char[] text, int offset, int length) {
    FieldKind kind = fields.kind(name);
    int k = kind == FieldKind.ENUMERATED ? 0 : kind == FieldKind.IDENTIFIER ? 1 : -1;
    if (k < 0) {
      return false;
    }
    String[] r = recent[k];
    for (int i = 0; i < recentCount[k]; i++) {
      if (same(r[i], text, offset, length)) {
        return true;
      }
    }
    String value = new String(text, offset, length);
    boolean relayed = relayed(name, value);
    if (relayed && recentCount[k] < RECENT) {
      r[recentCount[k]++] = value;
    }
    return relayed;
  }

  private static boolean same(String s, char[] text, int offset, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != text[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns what goes out in place of {@code value} of the declared field {@code name} (the same string when
   * unchanged, an empty one when the inspection stopped the stream).
   *
   * @throws SseException when an enumerated field holds a value of no word's shape
   */
  String sent(String name, String value, TextStreams streams) {
    FieldKind kind = fields.kind(name);
    if (value.isEmpty() || kind == null) {
      return value;
    }
    switch (kind) {
      case PADDING -> {
        return padding(value.length());
      }
      case OPAQUE -> {
        String out = opaque(value, streams);
        joinedOpaque(name, value, streams);
        return out;
      }
      case ENUMERATED -> {
        if (fields.documented(value)) {
          return value;
        }
        if (!EventFields.enumeratedShape(value)) {
          // The field name is a declared word; the value is never quoted.
          throw new SseException("a value outside the shape of its enumerated field '" + name + "'");
        }
        return remembered(value, streams);
      }
      default -> {
        return remembered(value, streams);
      }
    }
  }

  /**
   * Reads the pieces of {@code name}'s opaque token so far joined, when {@code value} is not the first: base64 cut into
   * pieces decodes, piece by piece, to text that holds no value whole, and the client joins them.
   */
  private void joinedOpaque(String name, String value, TextStreams streams) {
    if (opaque == null) {
      opaque = new HashMap<>(2);
    }
    StringBuilder joined = opaque.computeIfAbsent(name, n -> new StringBuilder());
    boolean first = joined.isEmpty();
    joined.append(value);
    if (joined.length() > LONGEST_OPAQUE) {
      // keeps the last half, cut where a group of four base64 characters starts, so that it decodes as sent
      joined.delete(0, (joined.length() - LONGEST_OPAQUE / 2) & ~3);
    }
    if (!first) {
      String decoded = OpaqueText.of(joined.toString());
      if (decoded != null) {
        String read = streams.whole(decoded);
        if (!read.isEmpty() && !read.equals(decoded)) {
          throw new SseException("a token whose base64, joined across events, holds text the response rules would "
              + "change");
        }
      }
    }
  }

  /**
   * Reads an opaque token as a whole answer's is read: as text unless it is long base64, and the text its base64
   * holds; a finding in that text stops the stream, since no rewrite of the token can remove it.
   */
  private static String opaque(String value, TextStreams streams) {
    String sent = OpaqueText.binary(value) ? value : streams.whole(value);
    String decoded = OpaqueText.of(value);
    if (decoded == null || sent.isEmpty()) {
      return sent;
    }
    String read = streams.whole(decoded);
    if (!read.isEmpty() && !read.equals(decoded)) {
      throw new SseException("a token whose base64 holds text the response rules would change");
    }
    return read.isEmpty() ? "" : sent;
  }

  private String remembered(String value, TextStreams streams) {
    String out = sent.get(value);
    if (out != null) {
      return out;
    }
    out = streams.identifier(value);
    // A verdict that stopped the stream is never asked for again; an empty one is not remembered.
    if (!out.isEmpty() && value.length() <= LONGEST_REMEMBERED && sent.size() < REMEMBERED) {
      sent.put(value, out);
    }
    return out;
  }

  /** Returns random letters and digits: what the upstream wrote is dropped, the length it hid stays hidden. */
  String padding(int length) {
    if (random == null) {
      random = new SplittableRandom();
    }
    int n = Math.min(length, EventFields.MAX_PADDING);
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = PADDING.charAt(random.nextInt(PADDING.length()));
    }
    return new String(out);
  }
}
