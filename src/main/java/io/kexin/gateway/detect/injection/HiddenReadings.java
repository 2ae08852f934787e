package io.kexin.gateway.detect.injection;

import io.kexin.gateway.text.ScanText;
import java.util.ArrayList;
import java.util.List;

/**
 * Returns the readings of a text that a model makes and its characters do not show: a value written in ROT13 or
 * backwards ({@link TurnedReadings}) and a value split by markup ({@link MarkupSplits}), each gated by one pass over
 * the text ({@link ReadingGates}). The policy engine scans them with the rules that read encoded payloads.
 * Stateless and thread-safe.
 */
public final class HiddenReadings {
  private HiddenReadings() {}

  /**
   * Holds one reading: its span in the scanned text, its kind, its text, and where in it the pieces of a split value
   * were joined (a finding counts only when it crosses one), or no joins when any finding in it counts.
   */
  public record Reading(int start, int end, String kind, String text, int[] joins) {
    /** Says whether a finding over {@code [from, to)} of the reading's text counts. */
    public boolean counts(int from, int to) {
      if (joins.length == 0) {
        return true;
      }
      for (int j : joins) {
        if (from < j && j < to) {
          return true;
        }
      }
      return false;
    }
  }

  /** Returns the readings of {@code text}, whose gates are {@code gates}; empty for nearly every text. */
  public static List<Reading> find(ScanText text, ReadingGates gates) {
    if (!gates.turned() && !gates.markup()) {
      return List.of();
    }
    List<Reading> out = new ArrayList<>(1);
    if (gates.turned()) {
      for (Payloads.Decoded d : TurnedReadings.find(text.original())) {
        out.add(new Reading(d.start(), d.end(), d.encoding(), d.text(), new int[0]));
      }
    }
    if (gates.markup()) {
      for (MarkupSplits.Reading r : MarkupSplits.find(text.original())) {
        out.add(new Reading(r.start(), r.end(), "markup-split", r.text(), r.joins()));
      }
    }
    return out;
  }
}
