package io.kexin.gateway.inspect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kexin.gateway.config.AudioLimits;
import io.kexin.gateway.config.ImageLimits;
import io.kexin.gateway.config.PdfLimits;
import io.kexin.gateway.content.StrictJson;
import io.kexin.gateway.document.ImageText;
import io.kexin.gateway.document.PdfText;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Opens a {@link PolicyInspection} per exchange with the policies its route and tenant name. The policy set is read
 * through a supplier, so a reload swaps it for every new exchange at once. Thread-safe.
 */
public final class PolicyInspector implements Inspector {
  private final Supplier<PolicySet> policies;
  private final PolicyEngine engine;
  private final DecisionRecorder recorder;
  /** Reads stream events: strict, like the reading of whole bodies, so both paths see one text. */
  private final ObjectMapper streamJson = StrictJson.mapper();
  private final int maxHeld;
  private final PdfText pdfs;
  private final ImageSegments images;
  private final AudioLimits audio;
  private volatile Resolved resolved;

  /** Caches, for one policy set, the policies each list of names resolves to. */
  private record Resolved(PolicySet set, Map<List<String>, Applied> byNames) {}

  /** Holds the policies an exchange applies and their stream hold-back window. */
  private record Applied(List<CompiledPolicy> policies, int window) {
    static Applied of(List<CompiledPolicy> policies) {
      return new Applied(policies, StreamInspection.window(policies));
    }
  }

  /**
   * Creates an inspector over the current policy set, recording decisions to {@code recorder}; a streamed text may
   * hold at most {@code maxHeld} characters back before the stream fails.
   */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder, int maxHeld) {
    this(policies, recorder, maxHeld, null);
  }

  /**
   * Creates an inspector as {@link #PolicyInspector(Supplier, DecisionRecorder, int)} does that keeps what rules
   * found in whole-body segments in {@code cache} (null: scans every segment every time).
   */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder, int maxHeld, SegmentCache cache) {
    this(policies, recorder, maxHeld, cache, PdfLimits.DEFAULT);
  }

  /**
   * Creates an inspector as {@link #PolicyInspector(Supplier, DecisionRecorder, int, SegmentCache)} does that reads
   * the PDFs bodies carry within {@code pdf}.
   */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder, int maxHeld, SegmentCache cache,
      PdfLimits pdf) {
    this(policies, recorder, maxHeld, cache, pdf, new ImageText(ImageLimits.DEFAULT));
  }

  /**
   * Creates an inspector as {@link #PolicyInspector(Supplier, DecisionRecorder, int, SegmentCache, PdfLimits)} does
   * that reads the text drawn in the images bodies carry with {@code images} when its limits turn OCR on.
   */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder, int maxHeld, SegmentCache cache,
      PdfLimits pdf, ImageText images) {
    this(policies, recorder, maxHeld, cache, pdf, images, AudioLimits.DEFAULT);
  }

  /**
   * Creates an inspector as {@link #PolicyInspector(Supplier, DecisionRecorder, int, SegmentCache, PdfLimits,
   * ImageText)} does that treats the audio requests give a model to hear as {@code audio} says.
   */
  public PolicyInspector(Supplier<PolicySet> policies, DecisionRecorder recorder, int maxHeld, SegmentCache cache,
      PdfLimits pdf, ImageText images, AudioLimits audio) {
    this.audio = requireNonNull(audio, "audio");
    this.pdfs = new PdfText(pdf);
    this.images = new ImageSegments(images);
    this.engine = new PolicyEngine(cache);
    this.policies = requireNonNull(policies, "policies");
    this.recorder = requireNonNull(recorder, "recorder");
    if (maxHeld <= 0) {
      throw new IllegalArgumentException("maxHeld: " + maxHeld + " (expected: > 0)");
    }
    this.maxHeld = maxHeld;
  }

  @Override
  public boolean blocks() {
    return policies.get().blocks();
  }

  @Override
  public boolean readsImages() {
    return images.reads();
  }

  @Override
  public Inspection open(ExchangeInfo exchange) {
    PolicySet set = policies.get();
    Resolved cache = resolved;
    if (cache == null || cache.set() != set) {
      cache = new Resolved(set, new ConcurrentHashMap<>());
      resolved = cache;
    }
    Applied applied = cache.byNames().computeIfAbsent(exchange.policies(), names -> Applied.of(set.resolve(names)));
    if (applied.policies().isEmpty()) {
      return Inspector.passThrough().open(exchange);
    }
    return new PolicyInspection(exchange, applied.policies(), applied.window(), set.revision(), engine, recorder,
        streamJson, maxHeld, pdfs, images, audio);
  }
}
