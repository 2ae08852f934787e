package io.kexin.gateway.inspect;

import io.kexin.gateway.content.Action;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.text.DecodedText;
import io.kexin.gateway.text.JsonText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import static java.util.Objects.requireNonNull;

/**
 * Rewrites the text of one segment according to its treated findings: redact to {@code [REDACTED:ENTITY]}, mask
 * to {@code ****1234}, strip to nothing, pseudonymize to {@code <ENTITY_n>} through the exchange's vault; allow and flag leave the
 * text unchanged, and block redacts (the caller is expected to refuse the exchange instead).
 *
 * <p>Overlapping findings are merged: the union of every chain of overlapping spans gets one edit, whose action
 * and entity come from the winner: the more severe action, then the longer span, then the earlier start, then
 * the rule id. So text any finding covers never stays in the clear. Spans are widened to whole code points.
 *
 * <p>Thread-safe if its vault is; one instance per exchange.
 */
public final class SegmentRewriter {
  private static final Comparator<Treatment> WINNER = Comparator
      .comparing((Treatment t) -> t.action())
      .thenComparingInt(t -> t.finding().length())
      .thenComparing(Comparator.comparingInt((Treatment t) -> t.finding().start()).reversed())
      .thenComparing(Comparator.comparing((Treatment t) -> t.finding().ruleId()).reversed());

  private final PseudonymVault vault;

  /** Creates a rewriter that pseudonymizes through {@code vault}. */
  public SegmentRewriter(PseudonymVault vault) {
    this.vault = requireNonNull(vault, "vault");
  }

  /** Returns {@code text} with the treatments applied. */
  public String rewrite(String text, List<Treatment> treatments) {
    return rewrite(text, treatments, false);
  }

  /**
   * Returns {@code text} with the treatments applied; with {@code json} the text is nested JSON text, so values are
   * read with their escapes decoded and what goes back in is escaped as a JSON string's content.
   */
  public String rewrite(String text, List<Treatment> treatments, boolean json) {
    return apply(text, plan(text, treatments, json));
  }

  /**
   * Returns the edits that apply the treatments to {@code text}: sorted, non-overlapping, at most one per merged
   * span. Pseudonymizing records the values in the vault.
   *
   * @throws IllegalArgumentException if a finding's span lies outside {@code text}
   */
  public List<Edit> plan(String text, List<Treatment> treatments) {
    return plan(text, treatments, false);
  }

  /** Returns {@link #plan(String, List)} for a text that is nested JSON text when {@code json} is set. */
  public List<Edit> plan(String text, List<Treatment> treatments, boolean json) {
    requireNonNull(text, "text");
    requireNonNull(treatments, "treatments");
    List<Treatment> active = new ArrayList<>(treatments.size());
    for (Treatment t : treatments) {
      Finding f = requireNonNull(t, "treatment").finding();
      if (f.end() > text.length()) {
        throw new IllegalArgumentException("finding " + f.ruleId() + ": end " + f.end()
            + " (expected: <= text length " + text.length() + ")");
      }
      if (t.action().compareTo(Action.STRIP) >= 0 && f.length() > 0) {
        active.add(t);
      }
    }
    active.sort(Comparator.comparingInt((Treatment t) -> t.finding().start()));
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    while (i < active.size()) {
      Treatment winner = active.get(i);
      int start = widenStart(text, winner.finding().start());
      int end = widenEnd(text, winner.finding().end());
      int j = i + 1;
      while (j < active.size() && widenStart(text, active.get(j).finding().start()) < end) {
        Treatment t = active.get(j);
        end = Math.max(end, widenEnd(text, t.finding().end()));
        if (WINNER.compare(t, winner) > 0) {
          winner = t;
        }
        j++;
      }
      edits.add(new Edit(start, end, replacement(text.substring(start, end), winner, json)));
      i = j;
    }
    return List.copyOf(edits);
  }

  /**
   * Returns {@code text} with the edits applied.
   *
   * @throws IllegalArgumentException if the edits are not sorted, overlap, or lie outside {@code text}
   */
  public static String apply(String text, List<Edit> edits) {
    requireNonNull(text, "text");
    requireNonNull(edits, "edits");
    if (edits.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16 * edits.size());
    int copied = 0;
    for (Edit edit : edits) {
      if (edit.start() < copied || edit.end() > text.length()) {
        throw new IllegalArgumentException("edit: [" + edit.start() + ", " + edit.end()
            + ") (expected: sorted, non-overlapping, within [0, " + text.length() + "])");
      }
      out.append(text, copied, edit.start()).append(edit.replacement());
      copied = edit.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  private String replacement(String span, Treatment winner, boolean json) {
    String entity = winner.finding().entity();
    String value = json ? DecodedText.of(span, true).text() : span;
    return switch (winner.action()) {
      case STRIP -> "";
      case PSEUDONYMIZE -> vault.placeholder(entity, value);
      case MASK -> json ? JsonText.escape(mask(value, winner.keepLast())) : mask(value, winner.keepLast());
      case REDACT, BLOCK -> "[REDACTED:" + EntityLabel.of(entity) + "]";
      case ALLOW, FLAG -> span;
    };
  }

  /** Returns one '*' per code point, leaving the last {@code keepLast} visible unless that would show them all. */
  static String mask(String span, int keepLast) {
    int count = span.codePointCount(0, span.length());
    int keep = keepLast < count ? keepLast : 0;
    int cut = span.offsetByCodePoints(0, count - keep);
    return "*".repeat(count - keep) + span.substring(cut);
  }

  private static int widenStart(String text, int start) {
    return start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))
        && Character.isHighSurrogate(text.charAt(start - 1)) ? start - 1 : start;
  }

  private static int widenEnd(String text, int end) {
    return end > 0 && end < text.length() && Character.isLowSurrogate(text.charAt(end))
        && Character.isHighSurrogate(text.charAt(end - 1)) ? end + 1 : end;
  }
}
