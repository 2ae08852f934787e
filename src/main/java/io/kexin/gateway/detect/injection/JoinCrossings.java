package io.kexin.gateway.detect.injection;

/**
 * Says whether an encoded payload ({@link Payloads#find(String, int, boolean)}) or a hidden reading
 * ({@link HiddenReadings}) may hold both units around a join of two texts: the policy engine reads the payloads of a
 * reading of joined texts only for what crosses a join (each text's own segment reads the rest), and skips the passes
 * over the whole reading when no join can be crossed. Looks at the units beside the join and a bounded stretch before
 * it, from what each kind of span may hold: units of ASCII (every run, list, token and piece of markup), Unicode tag
 * units, and, past ASCII, only the rest of a URL-encoded run after its {@code %}, a quoted-printable line after a soft
 * break, the inside of an HTML tag that splits a value, and a PEM block read turned. Stateless.
 */
public final class JoinCrossings {
  /** How far before a join the opening {@code <} of a tag inside a split value may be: a tag is at most 40 units. */
  private static final int TAG_REACH = 48;
  /** How far a PEM block read turned reaches from its header or footer: {@link TurnedReadings}' bound and more. */
  private static final int PEM_REACH = 8192 + 32;

  private JoinCrossings() {}

  /**
   * Says whether a span that {@link Payloads#find(String, int, boolean)} or {@link HiddenReadings#find} returns for
   * {@code text} may hold both unit {@code join - 1} and unit {@code join}; false only when none can.
   */
  public static boolean mayCross(String text, int join) {
    int n = text.length();
    if (join <= 0 || join >= n) {
      return false;
    }
    char before = text.charAt(join - 1);
    char after = text.charAt(join);
    if (tagUnit(before) && tagUnit(after)) {
      return true;
    }
    if (before < 0x80 && after < 0x80
        && (!Character.isWhitespace(before) && !Character.isWhitespace(after) || nearListOrSoftBreak(text, join))) {
      // a token, a run, a piece of markup straddles the join; or a list of byte values goes on across it (its
      // numbers one space or a comma apart), or a quoted-printable soft break ('=' then a line break) is at it
      return true;
    }
    // Past ASCII, or ASCII white space beside the join: only these spans hold such units.
    return stretchMayCross(text, join) || tagBefore(text, join) || pemAround(text, join);
  }

  /**
   * Says whether a URL-encoded run (from a {@code %} over units that are no white space and no {@code "}) or the
   * line after a quoted-printable soft break ({@code =} then a line break, then units that are no white space) may
   * reach from before the join over it: read back from the join over units that are no white space.
   */
  private static boolean stretchMayCross(String text, int join) {
    boolean quote = false;
    int p = join - 1;
    for (int limit = Math.max(-1, join - 1 - Payloads.BLOCK - 1); p > limit; p--) {
      char c = text.charAt(p);
      if (Character.isWhitespace(c)) {
        break;
      }
      if (c == '%' && !quote) {
        return true;
      }
      quote |= c == '"';
    }
    if (p < 0) {
      return false;
    }
    if (!Character.isWhitespace(text.charAt(p))) {
      // a stretch longer than a block: not looked into further
      return true;
    }
    char c = text.charAt(p);
    return (c == '\n' || c == '\r') && (p >= 1 && text.charAt(p - 1) == '='
        || c == '\n' && p >= 2 && text.charAt(p - 1) == '\r' && text.charAt(p - 2) == '=');
  }

  /** Says whether a digit is within two units of the join or an {@code =} right before it (ASCII around it). */
  private static boolean nearListOrSoftBreak(String text, int join) {
    for (int k = Math.max(0, join - 2), end = Math.min(text.length(), join + 2); k < end; k++) {
      char c = text.charAt(k);
      if (c >= '0' && c <= '9' || c == '=' && k < join) {
        return true;
      }
    }
    return false;
  }

  /** Says whether a {@code <} close before the join may open a tag that splits a value ({@link MarkupSplits}). */
  private static boolean tagBefore(String text, int join) {
    for (int k = join - 1, stop = Math.max(0, join - TAG_REACH); k >= stop; k--) {
      if (text.charAt(k) == '<') {
        return true;
      }
    }
    return false;
  }

  /** Says whether a PEM block read turned ({@link TurnedReadings}) may span the join: its header or footer is near. */
  private static boolean pemAround(String text, int join) {
    int header = text.lastIndexOf("-----ORTVA", join - 1);
    if (header >= 0 && header >= join - PEM_REACH) {
      return true;
    }
    int footer = text.indexOf("NIGEB-----", Math.max(0, join - 10));
    return footer >= 0 && footer <= join + PEM_REACH;
  }

  /** Says whether {@code c} is a unit of a Unicode tag character (its high surrogate, or a low one of the block). */
  private static boolean tagUnit(char c) {
    return c == 0xDB40 || c >= 0xDC00 && c <= 0xDC7F;
  }
}
