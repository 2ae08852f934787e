package io.kexin.gateway.provider;

import io.kexin.gateway.content.TextSegment;

/**
 * Turns the JSON text of a streamed tool call's arguments, piece by piece, into a view of the same length that shows
 * only what a tool reads as values: the characters of string values (an escape's character at its last unit), numbers
 * as written, and a {@link TextSegment#PART_BREAK} before each value (at the {@code :} of an object's member, the
 * {@code [} or {@code ,} of an array); keys, literals and the rest of the syntax become {@link #PAD}, an invisible
 * character that detectors read through. So the texts of a streamed run read joined put a call's values beside the
 * text the client shows, as a whole answer's joined reading does ({@link ArgumentValues}, which parses the whole
 * arguments instead), and each unit of the view stands for the unit of the arguments at the same position; the
 * choices of an answer with {@code n > 1} are read across in the same view. One instance per tool call, used from one
 * thread.
 */
public final class ArgumentView {
  /** Stands for a unit that shows nothing: a word joiner, invisible and not a break. */
  public static final char PAD = '\u2060';
  /** Nesting depth kept exactly; deeper levels are read as arrays, which only changes what counts as a key. */
  private static final int DEPTH = 64;
  private final boolean[] objects = new boolean[DEPTH];
  private int depth;
  private boolean expectKey;
  private boolean inString;
  private boolean key;
  /** Units of the escape being read: 0 outside one, 1 after the backslash, 2 to 5 within {@code \}{@code uXXXX}. */
  private int escape;
  private int hex;
  private boolean inNumber;

  /** Returns the view of the next piece {@code raw} of the arguments: as many units, each standing for one. */
  public String of(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      out.append(inString ? inString(raw.charAt(i)) : outside(raw.charAt(i)));
    }
    return out.toString();
  }

  private char inString(char c) {
    if (escape == 1) {
      escape = c == 'u' ? 2 : 0;
      hex = 0;
      return escape == 2 || key ? PAD : switch (c) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        case 'b' -> '\b';
        case 'f' -> '\f';
        default -> c;
      };
    }
    if (escape >= 2) {
      int d = Character.digit(c, 16);
      hex = hex * 16 + Math.max(d, 0);
      if (d < 0 || ++escape < 6) {
        escape = d < 0 ? 0 : escape;
        return d < 0 && !key ? c : PAD;
      }
      escape = 0;
      return key ? PAD : (char) hex;
    }
    if (c == '\\') {
      escape = 1;
      return PAD;
    }
    if (c == '"') {
      inString = false;
      return PAD;
    }
    return key ? PAD : c;
  }

  private char outside(char c) {
    boolean numeric = c >= '0' && c <= '9' || c == '-' || inNumber && (c == '.' || c == 'e' || c == 'E' || c == '+');
    inNumber = numeric;
    if (numeric) {
      return c;
    }
    boolean inObject = depth > 0 && depth <= DEPTH && objects[depth - 1];
    switch (c) {
      case '"' -> {
        inString = true;
        key = inObject && expectKey;
        expectKey = false;
        return PAD;
      }
      case '{', '[' -> {
        if (depth < DEPTH) {
          objects[depth] = c == '{';
        }
        depth++;
        expectKey = c == '{';
        return c == '[' ? TextSegment.PART_BREAK : PAD;
      }
      case '}', ']' -> {
        depth = Math.max(0, depth - 1);
        expectKey = false;
        return PAD;
      }
      case ':' -> {
        expectKey = false;
        return TextSegment.PART_BREAK;
      }
      case ',' -> {
        // In an object the key comes next, and the colon after it is the break before the value.
        expectKey = inObject;
        return inObject ? PAD : TextSegment.PART_BREAK;
      }
      default -> {
        return PAD;
      }
    }
  }
}
