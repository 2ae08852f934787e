package io.kexin.gateway.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.AudioLimits;
import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.PdfLimits;
import io.kexin.gateway.content.Action;
import io.kexin.gateway.content.Replacement;
import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.kexin.gateway.document.FileReading;
import io.kexin.gateway.document.PdfText;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.CompiledRule;
import io.kexin.gateway.policy.Direction;
import io.kexin.gateway.policy.Mode;
import io.kexin.gateway.policy.OnError;
import io.kexin.gateway.provider.BodyRewriter;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.Extraction;
import io.kexin.gateway.provider.ImageData;
import io.kexin.gateway.provider.PdfData;
import io.kexin.gateway.provider.UnknownShapeException;
import io.kexin.gateway.provider.Vocabulary;
import io.kexin.gateway.stream.SseEvent;
import io.kexin.gateway.stream.StreamShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies policies to one exchange: the request body on its way up (block, rewrite, or pass), then the response
 * body on its way back (response rules first, then the request's pseudonyms restored). Holds the exchange's
 * pseudonym vault in memory only. One instance per exchange, used from one thread.
 */
final class PolicyInspection implements Inspection {
  private final ExchangeInfo exchange;
  private final List<CompiledPolicy> policies;
  private final String revision;
  private final PolicyEngine engine;
  private final DecisionRecorder recorder;
  private final PseudonymVault vault = new PseudonymVault();
  private final ObjectMapper streamJson;
  private final int streamWindow;
  private final int maxHeld;
  private final PdfText pdfs;
  private final ImageSegments images;
  private final AudioLimits audio;
  private final TokenUsage usage = new TokenUsage();
  private StreamInspection stream;
  private boolean recorded;
  private String model;
  /** Whether the gateway asked for the stream's usage: then the usage-only chunk is read and not sent on. */
  private boolean usageAsked;
  /** Whether response rules apply to what the model writes, so that an answer's echoes of its text go: see {@link #echoes}. */
  private Boolean echoes;

  PolicyInspection(ExchangeInfo exchange, List<CompiledPolicy> policies, int streamWindow, String revision,
      PolicyEngine engine, DecisionRecorder recorder, ObjectMapper streamJson, int maxHeld, PdfText pdfs, ImageSegments images,
      AudioLimits audio) {
    this.exchange = exchange;
    this.audio = audio;
    this.pdfs = pdfs;
    this.images = images;
    this.policies = policies;
    this.streamWindow = streamWindow;
    this.revision = revision;
    this.engine = engine;
    this.recorder = recorder;
    this.streamJson = streamJson;
    this.maxHeld = maxHeld;
  }

  @Override
  public Verdict request(ObjectNode body) {
    long start = System.nanoTime();
    try {
      return inspectRequest(body);
    } finally {
      recorder.inspected(Direction.REQUEST, System.nanoTime() - start);
    }
  }

  private Verdict inspectRequest(ObjectNode body) {
    model = body.path("model").isTextual() ? body.get("model").asText() : null;
    Extraction extraction;
    try {
      extraction = exchange.api().requestSegments(exchange.endpoint(), body, exchange.unknownFields());
    } catch (UnknownShapeException e) {
      return unknownShape(Direction.REQUEST, e);
    }
    if (exchange.credentialFields() == CredentialFields.REFUSE && carriesCredential(extraction)) {
      recorder.uninspected(exchange, Direction.REQUEST, "a field that carries a credential to the provider", true);
      return new Verdict.Reject(400, "invalid_request_error", "credential_field_refused", "the request carries a"
          + " credential for the provider's tool runner (an MCP server's authorization), which this route does not"
          + " let pass (credentialFields: refuse)");
    }
    if (!extraction.audio().isEmpty() && audio.refuses()) {
      return unreadable(Direction.REQUEST, "audio at " + extraction.audio().get(0) + " for the model to hear",
          "unreadable_audio", true);
    }
    countUninspectedMedia(extraction, Direction.REQUEST);
    List<TextSegment> segments = extraction.segments();
    ImageSegments.Reading drawn = null;
    if (!exchange.metadata().isEmpty() || !extraction.pdfs().isEmpty() || reads(extraction)) {
      segments = new ArrayList<>(segments);
      segments.addAll(exchange.metadata());
      FileTexts files = readFiles(extraction, Direction.REQUEST, segments);
      if (files.refusal() != null) {
        return files.refusal();
      }
      drawn = files.drawn();
    }
    Outcome outcome = engine.run(policies, Direction.REQUEST, segments, vault);
    if (drawn != null) {
      images.settle(drawn, outcome);
    }
    vault.seal();
    recorder.record(exchange, Direction.REQUEST, outcome, revision);
    Verdict refusal = refusal(outcome, Direction.REQUEST);
    if (refusal != null) {
      return refusal;
    }
    // Log-probabilities would repeat the answer token by token where response rules cannot see it.
    boolean dropped = echoes() && exchange.api().dropTextEchoOptions(exchange.endpoint(), body);
    boolean asked = askForStreamUsage(body);
    if (outcome.replacements().isEmpty() && !dropped && !asked) {
      return Verdict.pass();
    }
    BodyRewriter.rewrite(body, outcome.replacements());
    return new Verdict.Rewrite(body);
  }

  /** Holds the refusal of a file that cannot be read (or null), and what reading the images gave (or null). */
  private record FileTexts(Verdict refusal, ImageSegments.Reading drawn) {}

  /**
   * Adds to {@code segments} the text of the files the body carries: the page text of each PDF, and, when OCR is on,
   * the text drawn in each image, those the PDFs' pages draw included (a scanned page has no text layer).
   */
  private FileTexts readFiles(Extraction extraction, Direction direction, List<TextSegment> segments) {
    List<ImageData> pictures = new ArrayList<>(images.reads() ? extraction.images() : List.of());
    Verdict unread = readPdfs(extraction, direction, segments, pictures);
    if (unread != null || pictures.isEmpty()) {
      return new FileTexts(unread, null);
    }
    ImageSegments.Reading drawn = images.read(pictures, scope(direction), segments, recorder);
    return new FileTexts(unreadImages(drawn, direction), drawn);
  }

  /**
   * Adds to {@code segments} the page text of each PDF the body carries ({@link TextSegment.Form#DECODED}, so a
   * finding that would rewrite it blocks: the gateway does not re-encode files), once as the page lays it out and
   * once with its lines joined, since a model reads a value wrapped onto the next line whole. Returns the refusal of a
   * PDF that cannot be read within the configured bounds, or null; {@code unreadable: pass} lets such a PDF pass
   * uninspected, recorded as such. When OCR is on, the images the pages draw are added to {@code pictures}.
   */
  private Verdict readPdfs(Extraction extraction, Direction direction, List<TextSegment> segments,
      List<ImageData> pictures) {
    for (PdfData pdf : extraction.pdfs()) {
      FileReading reading = images.reads() ? pdfs.read(pdf.bytes(), images.maxPixels(), images.maxSmallImages())
          : pdfs.read(pdf.bytes());
      if (reading.read()) {
        for (int i = 0; i < reading.images().size(); i++) {
          pictures.add(new ImageData(pdf.pointer() + "#pdf-image-" + i, pdf.role(), reading.images().get(i)));
        }
        String text = reading.text();
        segments.add(new TextSegment(pdf.pointer() + TextSegment.PDF_SUFFIX, pdf.role(), text,
            TextSegment.Form.DECODED));
        if (text.indexOf('\n') >= 0 && text.indexOf('\n') < text.length() - 1) {
          segments.add(new TextSegment(pdf.pointer() + TextSegment.PDF_LINES_SUFFIX, pdf.role(), text.replace("\n", ""),
              TextSegment.Form.DECODED));
        }
        continue;
      }
      Verdict refusal = unreadable(direction, "a PDF at " + pdf.pointer() + " that " + reading.unreadable(),
          "unreadable_pdf", pdfs.limits().unreadable() == PdfLimits.UnreadablePdf.REFUSE);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  /**
   * Records {@code what} (a file the gateway cannot read, in words that never quote it) as uninspected, and returns its
   * refusal when {@code refuse}: 400 with {@code code} for a request, 502 for an answer; else null.
   */
  private Verdict unreadable(Direction direction, String what, String code, boolean refuse) {
    recorder.uninspected(exchange, direction, what, refuse);
    if (!refuse) {
      return null;
    }
    return direction == Direction.REQUEST
        ? new Verdict.Reject(400, "invalid_request_error", code, "the request carries " + what
            + ", which the gateway cannot inspect, so it refuses it")
        : new Verdict.Reject(502, "api_error", "uninspectable_response", "the upstream sent " + what
            + ", which the gateway cannot inspect, so it refuses it");
  }

  /** Says whether the body carries images and OCR reads them. */
  private boolean reads(Extraction extraction) {
    return images.reads() && !extraction.images().isEmpty();
  }

  /** Returns what decides whether an image's text is clean: the policy revision, the route's policies, the direction. */
  private String scope(Direction direction) {
    return revision + '|' + String.join(",", exchange.policies()) + '|' + direction;
  }

  /**
   * Returns the refusal of the first image that could not be read ({@code limits.images.unreadable: refuse}, the
   * default), or null; with {@code pass}, each such image is recorded as uninspected and the body goes on.
   */
  private Verdict unreadImages(ImageSegments.Reading drawn, Direction direction) {
    for (ImageSegments.Unread image : drawn.unread()) {
      Verdict refusal = unreadable(direction, "an image at " + image.pointer() + " that " + image.why(),
          "unreadable_image", images.refusesUnreadable());
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  /**
   * Asks an OpenAI chat or completions stream for its token usage ({@code stream_options.include_usage}) when the
   * client did not; says whether it did. The extra usage-only chunk is then kept from the client.
   */
  private boolean askForStreamUsage(ObjectNode body) {
    if (!exchange.stream() || exchange.endpoint() != Endpoint.CHAT && exchange.endpoint() != Endpoint.COMPLETIONS
        || !body.path("stream").asBoolean(false)) {
      return false;
    }
    JsonNode options = body.get("stream_options");
    if (options != null && !options.isObject() || options != null && options.has("include_usage")) {
      return false;
    }
    ObjectNode o = options == null ? body.putObject("stream_options") : (ObjectNode) options;
    o.put("include_usage", true);
    usageAsked = true;
    return true;
  }

  @Override
  public Verdict uninspectable(String what) {
    boolean refuse = !exchange.passUnknownShapes();
    recorder.uninspected(exchange, Direction.RESPONSE, what, refuse);
    return refuse ? new Verdict.Reject(502, "api_error", "uninspectable_response", "the upstream sent " + what
        + ", which the gateway cannot inspect, so it refuses it") : Verdict.pass();
  }

  @Override
  public Verdict response(ObjectNode body) {
    long start = System.nanoTime();
    try {
      usage.read(body);
      reportUsage();
      return inspectResponse(body);
    } finally {
      recorder.inspected(Direction.RESPONSE, System.nanoTime() - start);
    }
  }

  /**
   * Says whether response rules apply to what the model writes. Then the options that ask for log-probabilities are
   * removed from the request, and log-probabilities an answer carries anyway (an upstream that ignores the request,
   * or adds them on its own) are removed from it: they repeat the answer token by token, with each token's UTF-8
   * bytes and the alternatives the model did not pick, and no rewrite of the text (a mask, a redaction) can be made
   * in step with them, so a value the rules change in the text would reach the client through them.
   */
  private boolean echoes() {
    if (echoes == null) {
      echoes = !engine.rules(policies, Direction.RESPONSE, Role.ASSISTANT).isEmpty();
    }
    return echoes;
  }

  private Verdict inspectResponse(ObjectNode body) {
    boolean dropped = echoes() && exchange.api().dropTextEchoes(exchange.endpoint(), body);
    Verdict verdict = inspectAnswer(body);
    return dropped && verdict instanceof Verdict.Pass ? new Verdict.Rewrite(body) : verdict;
  }

  private Verdict inspectAnswer(ObjectNode body) {
    Extraction extraction;
    try {
      extraction = exchange.api().responseSegments(exchange.endpoint(), body, exchange.unknownFields());
    } catch (UnknownShapeException e) {
      return unknownShape(Direction.RESPONSE, e);
    }
    return answer(body, extraction);
  }

  @Override
  public Verdict errorResponse(ObjectNode body) {
    Extraction extraction = exchange.api().errorSegments(body);
    return answer(body, extraction);
  }

  /**
   * Records the media parts of {@code extraction} that no reading inspects (audio, files that are neither text nor a
   * PDF, and images while OCR is off), as a request's and an answer's alike.
   */
  private void countUninspectedMedia(Extraction extraction, Direction direction) {
    int media = extraction.mediaParts() - (images.reads() ? extraction.images().size() : 0);
    if (media > 0) {
      recorder.uninspected(exchange, direction, media + " media part(s)", false);
    }
  }

  /** Applies the response rules to an answer's text, then restores the request's pseudonyms in it. */
  private Verdict answer(ObjectNode body, Extraction extraction) {
    countUninspectedMedia(extraction, Direction.RESPONSE);
    List<TextSegment> segments = extraction.segments();
    ImageSegments.Reading drawn = null;
    if (!extraction.pdfs().isEmpty() || reads(extraction)) {
      segments = new ArrayList<>(segments);
      FileTexts files = readFiles(extraction, Direction.RESPONSE, segments);
      if (files.refusal() != null) {
        return files.refusal();
      }
      drawn = files.drawn();
    }
    Outcome outcome = engine.run(policies, Direction.RESPONSE, segments, vault);
    if (drawn != null) {
      images.settle(drawn, outcome);
    }
    recorder.record(exchange, Direction.RESPONSE, outcome, revision);
    Verdict refusal = refusal(outcome, Direction.RESPONSE);
    if (refusal != null) {
      return refusal;
    }
    List<Replacement> replacements = restore(extraction.segments(), outcome.replacements());
    if (replacements.isEmpty()) {
      return Verdict.pass();
    }
    BodyRewriter.rewrite(body, replacements);
    return new Verdict.Rewrite(body);
  }

  @Override
  public Verdict errorText(String text) {
    Outcome outcome = engine.run(policies, Direction.RESPONSE, List.of(new TextSegment("", Role.ASSISTANT, text)),
        vault);
    recorder.record(exchange, Direction.RESPONSE, outcome, revision);
    Verdict refusal = refusal(outcome, Direction.RESPONSE);
    if (refusal != null) {
      return refusal;
    }
    if (!outcome.replacements().isEmpty()) {
      // A text body has no field to rewrite in place; what a rule would change does not reach the client.
      return new Verdict.Reject(502, "api_error", "upstream_error_withheld", "the upstream answered with an error"
          + " whose text the response policies would change, so the gateway withholds it");
    }
    return Verdict.pass();
  }

  private static boolean carriesCredential(Extraction extraction) {
    for (TextSegment s : extraction.segments()) {
      if (s.form() == TextSegment.Form.CREDENTIAL) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<SseEvent> streamEvent(SseEvent event) {
    long start = System.nanoTime();
    if (event.data() != null && TokenUsage.mayCarry(event.data()) && readUsage(event.data())) {
      return List.of();
    }
    List<SseEvent> out = stream().onEvent(withoutEchoes(event));
    if (stream.stopped() && !recorded) {
      record();
    }
    recorder.inspected(Direction.RESPONSE, System.nanoTime() - start);
    recorder.streamHeld(stream.heldChars());
    return out;
  }

  /** Returns {@code event} without the fields that repeat its text when response rules apply (see {@link #echoes}). */
  private SseEvent withoutEchoes(SseEvent event) {
    if (event.data() == null || !exchange.api().mayEchoText(event.data()) || !echoes()) {
      return event;
    }
    JsonNode node;
    try {
      node = streamJson.readTree(event.data());
    } catch (IOException e) {
      return event; // the stream inspector reports what it cannot read
    }
    if (node instanceof ObjectNode data && exchange.api().dropTextEchoes(exchange.endpoint(), data)) {
      return event.withData(data.toString());
    }
    return event;
  }

  /** Reads the usage an event carries; says whether the event is the usage-only chunk the gateway asked for. */
  private boolean readUsage(String data) {
    JsonNode node;
    try {
      node = streamJson.readTree(data);
    } catch (IOException e) {
      return false; // the stream inspector reports what it cannot read
    }
    usage.read(node);
    JsonNode choices = node.path("choices");
    return usageAsked && choices.isArray() && choices.isEmpty() && node.path("usage").isObject();
  }

  private void reportUsage() {
    if (usage.seen()) {
      recorder.usage(exchange, model, usage.input(), usage.output());
    }
  }

  @Override
  public List<SseEvent> streamEnd() {
    // A stream that ends before its first event still ends with the provider's error event.
    List<SseEvent> out = stream().onEnd();
    if (!recorded) {
      record();
    }
    return out;
  }

  private StreamInspection stream() {
    if (stream == null) {
      stream = new StreamInspection(StreamShape.of(exchange.api(), exchange.endpoint(), streamJson), policies, engine, vault,
          streamWindow, maxHeld, new StreamInspection.StreamImages(images, scope(Direction.RESPONSE), recorder,
              what -> recorder.uninspected(exchange, Direction.RESPONSE, what, false)));
    }
    return stream;
  }

  @Override
  public boolean answersWait() {
    for (Role role : Role.values()) {
      for (CompiledRule rule : engine.rules(policies, Direction.RESPONSE, role)) {
        if (rule.detector().blocks()) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean streamStopped() {
    return stream != null && stream.stopped();
  }

  private void record() {
    recorded = true;
    reportUsage();
    recorder.record(exchange, Direction.RESPONSE, stream.outcome(), revision);
  }

  private List<Replacement> restore(List<TextSegment> segments, List<Replacement> rewritten) {
    if (vault.size() == 0) {
      return rewritten;
    }
    List<Replacement> out = new ArrayList<>(segments.size());
    for (TextSegment segment : segments) {
      // A transcript gets the client's own values back like the text, though no rule may rewrite it.
      if (!segment.form().rewritable() && segment.form() != TextSegment.Form.TRANSCRIPT) {
        continue;
      }
      String text = segment.text();
      for (Replacement r : rewritten) {
        if (r.jsonPointer().equals(segment.jsonPointer())) {
          text = r.text();
        }
      }
      String restored = vault.restore(text, segment.form() == TextSegment.Form.JSON);
      if (!restored.equals(segment.text())) {
        out.add(new Replacement(segment.jsonPointer(), restored));
      }
    }
    return out;
  }

  @Override
  public Verdict failed(Direction direction, Throwable cause) {
    boolean refuse = policies.stream().anyMatch(p -> p.mode() != Mode.OFF && p.onError() == OnError.BLOCK);
    recorder.failed(exchange, direction, cause.getClass().getSimpleName(), refuse);
    if (!refuse) {
      return Verdict.pass();
    }
    return new Verdict.Reject(500, "api_error", "inspection_error", "the " + direction.label() + " could not be"
        + " inspected, so it was refused as the policies declare (onError: block)");
  }

  private Verdict refusal(Outcome outcome, Direction direction) {
    if (outcome.failed() != null) {
      return new Verdict.Reject(500, "api_error", "policy_error", "policy '" + outcome.failed().policy()
          + "' could not be applied (rule " + outcome.failed().id() + " failed), so the " + direction.label()
          + " was refused as the policy declares (onError: block)");
    }
    Hit block = outcome.block();
    if (block == null) {
      return null;
    }
    String message = direction.label() + " blocked by policy rule " + block.rule().id()
        + (block.rule().action() != Action.BLOCK
            ? " (it would " + block.rule().action().policyName() + " " + unrewritable(block) + ", which cannot be"
                + " rewritten in place)" : "")
        + (block.rule().message() == null ? "" : ": " + block.rule().message());
    return new Verdict.Reject(400, "invalid_request_error", "content_policy_violation", message);
  }

  /** Names what a rewrite would have changed, for a block message: never the text itself. */
  private static String unrewritable(Hit block) {
    String pointer = block.jsonPointer();
    return pointer.startsWith("/header/") ? "a request header" : pointer.startsWith("/query/") ? "a query parameter"
        : pointer.endsWith(TextSegment.OCR_SUFFIX) ? "the text drawn in an image"
        : pointer.endsWith(TextSegment.DECODED_SUFFIX) ? "the text inside a file or data URL"
        : pointer.endsWith("/audio/transcript") ? "the transcript of audio that would still say it"
        : pointer.endsWith(TextSegment.JOINED_SUFFIX) ? "a value split across two texts"
        : "an object key or a number";
  }

  private Verdict unknownShape(Direction direction, UnknownShapeException e) {
    boolean refuse = !exchange.passUnknownShapes();
    // The pointer may run through object keys the sender chose: only fixed words of the schema are shown.
    String where = "unknown shape at '" + Vocabulary.safePointer(e.jsonPointer()) + "': " + e.reason();
    recorder.uninspected(exchange, direction, where, refuse);
    if (!refuse) {
      return Verdict.pass();
    }
    return direction == Direction.REQUEST
        ? new Verdict.Reject(400, "invalid_request_error", "unsupported_request_shape",
            "the gateway cannot inspect this request, so it refuses it: " + where)
        : new Verdict.Reject(502, "api_error", "unsupported_response_shape",
            "the gateway cannot inspect the upstream's response, so it refuses it: " + where);
  }
}
