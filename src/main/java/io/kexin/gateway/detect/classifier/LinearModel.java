package io.kexin.gateway.detect.classifier;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Scores text per category with a linear model over {@link TextFeatures}: the raw score of a category is its bias
 * plus the sum of the weights of the text's distinct features divided by the square root of their number (so a
 * text repeated scores like the text once), and a
 * Platt sigmoid per category and language (English, Chinese: {@link #language}) turns it into a calibrated
 * probability, so that Chinese scores are not judged on a scale the far larger English data set. Each category and
 * language carries the threshold chosen
 * when it was trained. Immutable and thread-safe.
 */
public final class LinearModel {
  /** The class-path resource of the model the gateway ships. */
  public static final String SHIPPED = "/io/kexin/gateway/detect/classifier/content-safety.model";
  /** The class-path resource of the shipped stacked model: n-grams plus the injection and harm heuristics' cues. */
  public static final String SHIPPED_STACKED = "/io/kexin/gateway/detect/classifier/content-safety-stacked.model";
  /** What a policy names the shipped stacked model by ({@code model: builtin:stacked}). */
  public static final String STACKED_NAME = "builtin:stacked";
  private static final int MAGIC = 0x4B584C4D; // "KXLM"
  /** Format version written: 4 names the injection heuristics a stacked model was trained with. */
  private static final int VERSION = 4;
  /** Oldest format read: 3, the same without that name (read for models of n-grams alone). */
  private static final int OLDEST = 3;
  /** Languages with their own calibration: 0 English (and every other), 1 Chinese. */
  public static final int LANGUAGES = 2;
  private final TextFeatures features;
  private final List<String> categories;
  private final int k;
  /**
   * Weights quantized to 16 bits and interleaved by bucket, {@code weights[bucket * k + category]}, so that one
   * feature reads 8 bytes of one cache line and the table stays small enough for the CPU caches.
   */
  private final short[] weights;
  /** The value of one quantization step per category. */
  private final float[] scales;
  private final float[] bias;
  private final float[] plattA;
  private final float[] plattB;
  private final float[] thresholds;
  /** The dense features stacked on the n-grams, or null for a model of n-grams alone. */
  private final Cues cues;
  /** Their weights, {@code cueWeights[cue * k + category]}; empty without cues. */
  private final float[] cueWeights;
  /** The scores of whole texts, shared by every rule of this model that runs its own passes. */
  private final WholeTextScores wholeText;

  /** Creates a model of n-grams alone from float weights, quantized to 16 bits per category. */
  public LinearModel(TextFeatures features, List<String> categories, float[] weights, float[] bias, float[] plattA,
      float[] plattB, float[] thresholds) {
    this(features, categories, weights, bias, plattA, plattB, thresholds, null, new float[0]);
  }

  /**
   * Creates a model from float weights, quantized to 16 bits per category, with {@code cues} (may be null) and
   * their weights ({@code cueWeights[cue * k + category]}); the other arrays are used as given.
   */
  public LinearModel(TextFeatures features, List<String> categories, float[] weights, float[] bias, float[] plattA,
      float[] plattB, float[] thresholds, Cues cues, float[] cueWeights) {
    this(features, categories, quantize(weights, categories.size()), scales(weights, categories.size()), bias,
        plattA, plattB, thresholds, cues, cueWeights);
  }

  private LinearModel(TextFeatures features, List<String> categories, short[] weights, float[] scales, float[] bias,
      float[] plattA, float[] plattB, float[] thresholds, Cues cues, float[] cueWeights) {
    this.features = requireNonNull(features, "features");
    this.categories = List.copyOf(categories);
    this.k = categories.size();
    if (k == 0) {
      throw new IllegalArgumentException("categories: [] (expected: at least one)");
    }
    if (weights.length != features.buckets() * k) {
      throw new IllegalArgumentException("weights: " + weights.length + " (expected: " + features.buckets() * k + ")");
    }
    for (float[] a : new float[][] {scales, bias}) {
      if (a.length != k) {
        throw new IllegalArgumentException("per-category array: " + a.length + " (expected: " + k + ")");
      }
    }
    for (float[] a : new float[][] {plattA, plattB, thresholds}) {
      if (a.length != k * LANGUAGES) {
        throw new IllegalArgumentException("per-category and language array: " + a.length + " (expected: "
            + k * LANGUAGES + ")");
      }
    }
    if (cueWeights.length != (cues == null ? 0 : Cues.SIZE * k)) {
      throw new IllegalArgumentException("cue weights: " + cueWeights.length + " (expected: "
          + (cues == null ? 0 : Cues.SIZE * k) + ")");
    }
    this.cues = cues;
    this.cueWeights = cueWeights;
    this.wholeText = WholeTextScores.of(this, cues);
    this.weights = weights;
    this.scales = scales;
    this.bias = bias;
    this.plattA = plattA;
    this.plattB = plattB;
    this.thresholds = thresholds;
  }

  /** Returns the category names, in score order. */
  public List<String> categories() {
    return categories;
  }

  /** Returns the index of {@code category}, or -1. */
  public int indexOf(String category) {
    return categories.indexOf(category);
  }

  /** Returns the threshold chosen for category {@code index} in language {@code lang} when the model was trained. */
  public double threshold(int lang, int index) {
    return thresholds[lang * k + index];
  }

  /**
   * Returns the language whose calibration applies to {@code text[from, to)}: 1 (Chinese) when at least a fifth of
   * its letters are CJK ideographs, else 0.
   */
  public static int language(char[] text, int from, int to) {
    int cjk = 0;
    int letters = 0;
    for (int i = from; i < to; i++) {
      char c = text[i];
      if (c < 0x80) {
        letters += (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 1 : 0;
      } else if (c >= 0x3400 && c <= 0x9FFF) {
        cjk++;
        letters++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    return letters > 0 && cjk * 5 >= letters ? 1 : 0;
  }

  /** Returns the feature extractor. */
  public TextFeatures features() {
    return features;
  }

  /** Returns the dense features stacked on the n-grams, or null for a model of n-grams alone. */
  public Cues cues() {
    return cues;
  }

  /** Returns the scores of whole texts that every rule of this model reads, computed once per text. */
  public WholeTextScores wholeText() {
    return wholeText;
  }

  /** Writes the raw (uncalibrated) scores of {@code text[from, to)} per category into {@code out}. */
  public void rawScores(char[] text, int from, int to, double[] out) {
    double[] dense = null;
    if (cues != null) {
      dense = new double[Cues.SIZE];
      cues.extract(new String(text, from, to - from), dense);
    }
    rawScores(text, from, to, dense, out);
  }

  /**
   * Writes the raw scores of {@code text[from, to)} into {@code out}, its dense features given ({@code null} for a
   * model without cues).
   */
  public void rawScores(char[] text, int from, int to, double[] dense, double[] out) {
    Accumulator acc = new Accumulator(weights, k, features.buckets());
    features.extract(text, from, to, acc);
    double norm = norm(acc.distinct);
    for (int c = 0; c < k; c++) {
      out[c] = bias[c] + acc.sums[c] * (double) scales[c] * norm;
    }
    if (cues != null) {
      for (int j = 0; j < Cues.SIZE; j++) {
        for (int c = 0; c < k; c++) {
          out[c] += cueWeights[j * k + c] * dense[j];
        }
      }
    }
  }

  /**
   * Returns the factor applied to the sum of the weights of {@code n} distinct features, {@code 1 / sqrt(n)}:
   * a long text is not diluted the way a mean would dilute it (which measured far worse on held-out sources).
   */
  public static double norm(int n) {
    return n == 0 ? 0 : 1 / Math.sqrt(n);
  }

  /** Returns the calibrated probability of category {@code index} for {@code text[from, to)}. */
  public double score(char[] text, int from, int to, int index) {
    double[] raw = new double[k];
    rawScores(text, from, to, raw);
    return calibrate(language(text, from, to), index, raw[index]);
  }

  /** Returns the calibrated probability of category {@code index} for a raw score of a text in {@code lang}. */
  public double calibrate(int lang, int index, double raw) {
    int i = lang * k + index;
    return 1 / (1 + Math.exp(-(plattA[i] * raw + plattB[i])));
  }

  /** Writes the model, weights quantized to 16 bits per category, gzip-compressed. */
  public void write(OutputStream out) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(out);
    DataOutputStream data = new DataOutputStream(gz);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(features.bits());
    data.writeInt(k);
    for (int c = 0; c < k; c++) {
      data.writeUTF(categories.get(c));
      data.writeFloat(bias[c]);
    }
    for (int i = 0; i < k * LANGUAGES; i++) {
      data.writeFloat(plattA[i]);
      data.writeFloat(plattB[i]);
      data.writeFloat(thresholds[i]);
    }
    for (int c = 0; c < k; c++) {
      data.writeFloat(scales[c]);
    }
    byte[] raw = new byte[weights.length * 2];
    for (int i = 0; i < weights.length; i++) {
      raw[2 * i] = (byte) (weights[i] >> 8);
      raw[2 * i + 1] = (byte) weights[i];
    }
    data.write(raw);
    data.writeBoolean(cues != null);
    if (cues != null) {
      data.writeInt(Cues.SIZE);
      for (float w : cueWeights) {
        data.writeFloat(w);
      }
      Map<String, String> lists = cues.lists();
      data.writeInt(lists.size());
      for (Map.Entry<String, String> e : lists.entrySet()) {
        data.writeUTF(e.getKey());
        byte[] text = e.getValue().getBytes(StandardCharsets.UTF_8);
        data.writeInt(text.length);
        data.write(text);
      }
      data.writeUTF(Cues.heuristicsDigest());
    }
    data.flush();
    gz.finish();
  }

  /** Reads a model written by {@link #write}; a damaged or foreign file is an {@link IOException}. */
  public static LinearModel read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new GZIPInputStream(in, 1 << 16));
    if (data.readInt() != MAGIC) {
      throw new IOException("not a classifier model (expected: a file written by gateway train)");
    }
    int version = data.readInt();
    if (version < OLDEST || version > VERSION) {
      throw new IOException("model version " + version + " (expected: " + OLDEST + ".." + VERSION + ")");
    }
    int bits = data.readInt();
    int k = data.readInt();
    if (bits < 8 || bits > 24 || k < 1 || k > 64) {
      throw new IOException("model shape: bits " + bits + ", categories " + k + " (expected: 8..24, 1..64)");
    }
    String[] names = new String[k];
    float[] bias = new float[k];
    float[] a = new float[k * LANGUAGES];
    float[] b = new float[k * LANGUAGES];
    float[] t = new float[k * LANGUAGES];
    for (int c = 0; c < k; c++) {
      names[c] = data.readUTF();
      bias[c] = data.readFloat();
    }
    for (int i = 0; i < k * LANGUAGES; i++) {
      a[i] = data.readFloat();
      b[i] = data.readFloat();
      t[i] = data.readFloat();
    }
    float[] scales = new float[k];
    for (int c = 0; c < k; c++) {
      scales[c] = data.readFloat();
    }
    TextFeatures features = new TextFeatures(bits);
    short[] weights = new short[features.buckets() * k];
    byte[] raw = new byte[weights.length * 2];
    data.readFully(raw);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (short) ((raw[2 * i] & 0xFF) << 8 | raw[2 * i + 1] & 0xFF);
    }
    Cues cues = null;
    float[] cueWeights = new float[0];
    if (data.readBoolean()) {
      if (version < 4) {
        throw new IOException("stacked model of format " + version + " does not name the injection heuristics it"
            + " was trained with (expected: format 4; run: gateway train)");
      }
      if (data.readInt() != Cues.SIZE) {
        throw new IOException("model cues: not " + Cues.SIZE + " (expected: a file written by this version)");
      }
      cueWeights = new float[Cues.SIZE * k];
      for (int i = 0; i < cueWeights.length; i++) {
        cueWeights[i] = data.readFloat();
      }
      int n = data.readInt();
      if (n < 0 || n > Cues.HARM_LISTS.size()) {
        throw new IOException("model cues: " + n + " lists (expected: 0.." + Cues.HARM_LISTS.size() + ")");
      }
      Map<String, String> lists = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = data.readUTF();
        int length = data.readInt();
        if (length < 0 || length > 1 << 22) {
          throw new IOException("model cues: list " + name + " of " + length + " bytes (expected: 0..4 MiB)");
        }
        byte[] text = new byte[length];
        data.readFully(text);
        lists.put(name, new String(text, StandardCharsets.UTF_8));
      }
      String trained = data.readUTF();
      String now = Cues.heuristicsDigest();
      if (!trained.equals(now)) {
        throw new IOException("stacked model trained with injection heuristics sha256 " + abbreviated(trained)
            + ", but this build's heuristics.txt is sha256 " + abbreviated(now) + ": its features would not be the"
            + " ones it learned (expected: a model trained with this build's heuristics; run: gateway train)");
      }
      try {
        cues = Cues.of(lists);
      } catch (IllegalArgumentException e) {
        throw new IOException("model cues: " + e.getMessage(), e);
      }
    }
    return new LinearModel(features, List.of(names), weights, scales, bias, a, b, t, cues, cueWeights);
  }

  private static String abbreviated(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
  }

  private static float[] scales(float[] weights, int k) {
    float[] scales = new float[k];
    for (int i = 0; i < weights.length; i++) {
      scales[i % k] = Math.max(scales[i % k], Math.abs(weights[i]) / 32767f);
    }
    for (int c = 0; c < k; c++) {
      scales[c] = scales[c] == 0 ? 1 : scales[c];
    }
    return scales;
  }

  private static short[] quantize(float[] weights, int k) {
    float[] scales = scales(weights, k);
    short[] q = new short[weights.length];
    for (int i = 0; i < weights.length; i++) {
      q[i] = (short) Math.round(weights[i] / scales[i % k]);
    }
    return q;
  }

  /** Sums the quantized weights of the distinct features per category: a feature counts once however often it occurs. */
  private static final class Accumulator implements FeatureSink {
    private final short[] weights;
    private final int k;
    private final long[] sums;
    private final long[] seen;
    private int distinct;

    Accumulator(short[] weights, int k, int buckets) {
      this.weights = weights;
      this.k = k;
      this.sums = new long[k];
      this.seen = new long[buckets >>> 6];
    }

    @Override
    public void feature(int index) {
      long bit = 1L << index;
      int word = index >>> 6;
      if ((seen[word] & bit) != 0) {
        return;
      }
      seen[word] |= bit;
      distinct++;
      int base = index * k;
      for (int c = 0; c < k; c++) {
        sums[c] += weights[base + c];
      }
    }
  }
}
