package io.kexin.gateway.text;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Holds a text to scan; derived forms are computed once and shared by every detector. Not thread-safe: confine
 * an instance to one thread (a racing first call to {@link #normalized()} only computes the same value twice).
 */
public final class ScanText {
  private static final Object[] NONE = new Object[0];
  private final String original;
  private final Normalizer normalizer;
  private NormalizedText normalized;
  private char[] units;
  /** The {@link TextTraits} of the text, or -1 before first use. */
  private int traits = -1;
  /** Derivations computed so far and their values, in pairs, in the first {@link #filled} slots; grown by doubling. */
  private Object[] derived = NONE;
  /** How many slots of {@link #derived} are filled. */
  private int filled;
  /** Where in {@link #derived} the derivation asked last is: the rules of a set ask for the same one in a row. */
  private int last;

  private ScanText(String original, Normalizer normalizer) {
    this.original = requireNonNull(original, "original");
    this.normalizer = requireNonNull(normalizer, "normalizer");
  }

  /** Returns a scan text over {@code original} that normalizes with the standard normalizer. */
  public static ScanText of(String original) {
    return new ScanText(original, StandardNormalizer.INSTANCE);
  }

  /** Returns a scan text over {@code original} that normalizes with {@code normalizer}. */
  public static ScanText of(String original, Normalizer normalizer) {
    return new ScanText(original, normalizer);
  }

  /** Returns the shared standard normalizer that {@link #of(String)} uses; immutable and thread-safe. */
  public static Normalizer defaultNormalizer() {
    return StandardNormalizer.INSTANCE;
  }

  /** Returns the text as received. */
  public String original() {
    return original;
  }

  /**
   * Returns the units of the original text, computed on first use and cached: what the detectors' loops read,
   * which is faster than {@link String#charAt} on every request. Do not modify the array.
   */
  public char[] units() {
    char[] u = units;
    if (u == null) {
      u = original.toCharArray();
      units = u;
    }
    return u;
  }

  /** Returns the {@link TextTraits} bits of the text, computed on first use and cached. */
  public int traits() {
    int t = traits;
    if (t < 0) {
      t = TextTraits.of(units(), original.length());
      traits = t;
    }
    return t;
  }

  /** Returns the {@link #traits} when they are computed already, else -1 (without computing them). */
  public int knownTraits() {
    return traits;
  }

  /**
   * Says whether the text has any of the {@link TextTraits} {@code bits}: from its traits when they are computed, or
   * come out of this call's pass, which computes and caches them whole when the text has none of {@code bits} and
   * otherwise stops at the first unit that shows one.
   */
  boolean hasAnyTrait(int bits) {
    int t = traits;
    if (t < 0) {
      t = TextTraits.of(units(), original.length(), bits);
      if ((t & bits) != 0) {
        return true;
      }
      traits = t;
    }
    return (t & bits) != 0;
  }

  /** Returns the normalizer that {@link #normalized()} uses. */
  public Normalizer normalizer() {
    return normalizer;
  }

  /** Returns the normalized form of the text, computed on first use and cached. */
  public NormalizedText normalized() {
    NormalizedText n = normalized;
    if (n == null) {
      n = normalizer.normalize(original, units());
      normalized = n;
    }
    return n;
  }

  /**
   * Returns what {@code derivation} computes from this text, computed on first use and cached under the
   * derivation instance, so that detectors sharing one derivation (a prefilter) compute it once per text.
   */
  @SuppressWarnings("unchecked")
  public <T> T derived(Derivation<T> derivation) {
    requireNonNull(derivation, "derivation");
    Object[] d = derived;
    int l = last;
    int f = filled;
    if (l < f && d[l] == derivation) {
      return (T) d[l + 1];
    }
    for (int i = 0; i < f; i += 2) {
      if (d[i] == derivation) {
        last = i;
        return (T) d[i + 1];
      }
    }
    T value = requireNonNull(derivation.derive(this), "derived value");
    // read again: the derivation may have asked for others of this text
    f = filled;
    if (f == derived.length) {
      derived = Arrays.copyOf(derived, Math.max(8, 2 * f));
    }
    derived[f] = derivation;
    derived[f + 1] = value;
    filled = f + 2;
    last = f;
    return value;
  }

  /** Says whether {@code derivation} has been computed for this text already (by {@link #derived}). */
  public boolean hasDerived(Derivation<?> derivation) {
    Object[] d = derived;
    for (int i = 0; i < filled; i += 2) {
      if (d[i] == derivation) {
        return true;
      }
    }
    return false;
  }

  /** Computes a value from a scan text; implementations are immutable and thread-safe, compared by identity. */
  @FunctionalInterface
  public interface Derivation<T> {
    /** Returns the value for {@code text}, never null. */
    T derive(ScanText text);
  }

  /** Holds the standard normalizer, built on first use of {@link ScanText#of(String)}; immutable. */
  private static final class StandardNormalizer {
    static final Normalizer INSTANCE = Normalizer.standard();
  }
}
