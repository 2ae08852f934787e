package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.config.CredentialFields;
import io.kexin.gateway.config.PdfLimits;
import io.kexin.gateway.config.UnknownFields;
import io.kexin.gateway.document.PdfHiddenTextTest;
import io.kexin.gateway.document.TestPdfs;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends real, compressed PDFs as chat file parts, Responses input files and Anthropic documents, with the shipped
 * policy pack: a value in the page text is blocked (the gateway does not re-encode files), a clean PDF passes as
 * sent, and a PDF that cannot be read is refused unless the configuration lets it pass.
 */
class PdfFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "AKIAQ3EGRT5LMWX2ZUTB";
  private static final String CN_ID = "11010519491231002X";
  private static final String PHONE = "13800138000";
  private static PolicySet pack;

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  private static Inspection open(Endpoint endpoint, PdfLimits limits, FailClosedTest.Recorded recorded) {
    ProviderApi api = endpoint == Endpoint.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    PolicyInspector inspector = new PolicyInspector(() -> pack, recorded, 1 << 16, null, limits);
    return inspector.open(new ExchangeInfo("t", api, endpoint, "r", "t",
        pack.all().stream().map(p -> p.name()).toList(), false, UnknownFields.INSPECT, CredentialFields.REFUSE));
  }

  private static Verdict send(Endpoint endpoint, String json, PdfLimits limits) throws Exception {
    return open(endpoint, limits, new FailClosedTest.Recorded()).request((ObjectNode) JSON.readTree(json));
  }

  /** Returns a request of {@code endpoint} that carries {@code pdf} as its file part, beside a short instruction. */
  static String request(Endpoint endpoint, byte[] pdf) {
    String b64 = Base64.getEncoder().encodeToString(pdf);
    return switch (endpoint) {
      case CHAT -> "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
          + "\"summarize\"},{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":"
          + "\"data:application/pdf;base64," + b64 + "\"}}]}]}";
      case RESPONSES -> "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
          + "\"text\":\"summarize\"},{\"type\":\"input_file\",\"filename\":\"a.pdf\",\"file_data\":"
          + "\"data:application/pdf;base64," + b64 + "\"}]}]}";
      case MESSAGES -> "{\"model\":\"claude\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":["
          + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\""
          + b64 + "\"}},{\"type\":\"text\",\"text\":\"summarize\"}]}]}";
      default -> throw new IllegalArgumentException(endpoint.toString());
    };
  }

  static Stream<Arguments> planted() {
    return Stream.of(Endpoint.CHAT, Endpoint.RESPONSES, Endpoint.MESSAGES).flatMap(e -> Stream.of(
        Arguments.of(e, "an AWS key (en)", false, new String[] {"Deployment notes.", "Use the access key " + AWS
            + " for the backup bucket."}),
        Arguments.of(e, "an AWS key split across two lines (en)", false, new String[] {"Use the access key "
            + AWS.substring(0, 10), AWS.substring(10) + " for the backup bucket."}),
        Arguments.of(e, "an AWS key ending a line, a word starting the next (en)", false, new String[] {"Use the"
            + " access key " + AWS, "for the backup bucket."}),
        Arguments.of(e, "a phone ending a line, digits starting the next (zh)", true, new String[] {"张伟，手机 "
            + PHONE, "8号楼 3 单元。"}),
        Arguments.of(e, "a phone and an ID (zh)", true, new String[] {"员工档案（内部资料，请勿外传）。", "张伟，手机 " + PHONE
            + "，身份证 " + CN_ID + "。"}),
        Arguments.of(e, "an ID split across two lines (zh)", true, new String[] {"员工档案。张伟，身份证 "
            + CN_ID.substring(0, 9), CN_ID.substring(9) + "。"})));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("planted")
  void aValueInThePageTextOfAPdfNeverReachesTheProvider(Endpoint endpoint, String name, boolean chinese,
      String[] lines) throws Exception {
    assumeTrue(!chinese || TestPdfs.cjkFont() != null, "no CJK TrueType font on this machine");
    String json = request(endpoint, TestPdfs.pdf(lines));

    Verdict verdict = send(endpoint, json, PdfLimits.DEFAULT);

    assertThat(FailClosedTest.sent(verdict, json)).as(name).isNull();
    assertThat(verdict).isInstanceOf(Verdict.Reject.class);
    assertThat(((Verdict.Reject) verdict).code()).isEqualTo("content_policy_violation");
    assertThat(((Verdict.Reject) verdict).message()).doesNotContain(AWS.substring(4)).doesNotContain(CN_ID);
  }

  static Stream<Arguments> endpoints() {
    return Stream.of(Arguments.of(Endpoint.CHAT), Arguments.of(Endpoint.RESPONSES), Arguments.of(Endpoint.MESSAGES));
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void aCleanPdfPassesAsSent(Endpoint endpoint) throws Exception {
    String[] lines = TestPdfs.cjkFont() == null ? new String[] {"Quarterly report.", "Revenue grew by 4 percent."}
        : new String[] {"Quarterly report. 季度报告。", "收入增长百分之四。"};
    String json = request(endpoint, TestPdfs.pdf(lines));

    assertThat(send(endpoint, json, PdfLimits.DEFAULT)).isInstanceOf(Verdict.Pass.class);
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void anEncryptedOrTruncatedPdfIsRefusedInTheCallersErrorForm(Endpoint endpoint) throws Exception {
    byte[] encrypted = TestPdfs.pages(1, "user-secret", "Quarterly report.");
    byte[] whole = TestPdfs.pdf("Quarterly report.", "Revenue grew by 4 percent.");
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    Verdict.Reject e = (Verdict.Reject) send(endpoint, request(endpoint, encrypted), PdfLimits.DEFAULT);
    Verdict.Reject t = (Verdict.Reject) send(endpoint, request(endpoint, truncated), PdfLimits.DEFAULT);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("unreadable_pdf");
    assertThat(e.message()).contains("that is encrypted with a password").contains("refuses it");
    assertThat(t.code()).isEqualTo("unreadable_pdf");
    assertThat(t.message()).contains("is truncated");
  }

  @Test
  void boundsAreKeptAndAnUnreadablePdfMayBeLetPass() throws Exception {
    byte[] pdf = TestPdfs.pages(3, null, "Quarterly report.");
    String json = request(Endpoint.CHAT, pdf);
    FailClosedTest.Recorded recorded = new FailClosedTest.Recorded();

    Verdict pages = send(Endpoint.CHAT, json, new PdfLimits(null, 2, null, null, null, null));
    Verdict size = send(Endpoint.CHAT, json, new PdfLimits(pdf.length - 1, null, null, null, null, null));
    Verdict passed = open(Endpoint.CHAT, new PdfLimits(null, 2, null, null, null, PdfLimits.UnreadablePdf.PASS), recorded)
        .request((ObjectNode) JSON.readTree(json));

    assertThat(((Verdict.Reject) pages).message()).contains("has 3 pages, over the 2 read");
    assertThat(((Verdict.Reject) size).message()).contains("bytes, over the");
    assertThat(passed).isInstanceOf(Verdict.Pass.class);
    assertThat(recorded.uninspected).anySatisfy(r -> assertThat(r).contains("has 3 pages"));
  }

  @Test
  void aPdfOverTheBoundThatHoldsAKeyIsStillNotSentWhenRefused() throws Exception {
    String json = request(Endpoint.RESPONSES, TestPdfs.pages(3, null, "key " + AWS));
    PdfLimits twoPages = new PdfLimits(null, 2, null, null, null, null);

    assertThat(FailClosedTest.sent(send(Endpoint.RESPONSES, json, twoPages), json)).isNull();
  }

  static Stream<Arguments> hidden() {
    return Stream.of(Endpoint.CHAT, Endpoint.RESPONSES, Endpoint.MESSAGES).flatMap(e -> Stream.of(
        Arguments.of(e, PdfHiddenTextTest.Place.FIELD_VALUE, "key " + AWS),
        Arguments.of(e, PdfHiddenTextTest.Place.NOTE, "张伟，身份证 " + CN_ID),
        Arguments.of(e, PdfHiddenTextTest.Place.TEXT_ATTACHMENT, "手机 " + PHONE),
        Arguments.of(e, PdfHiddenTextTest.Place.INFO, "key " + AWS)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("hidden")
  void aValueBesideThePageTextOfAPdfNeverReachesTheProvider(Endpoint endpoint, PdfHiddenTextTest.Place place,
      String value) throws Exception {
    String json = request(endpoint, TestPdfs.edited(doc -> place.hide(doc, value), "Quarterly report."));

    Verdict verdict = send(endpoint, json, PdfLimits.DEFAULT);

    assertThat(FailClosedTest.sent(verdict, json)).isNull();
    assertThat(((Verdict.Reject) verdict).code()).isEqualTo("content_policy_violation");
  }

  @Test
  void aPdfOverItsTimeIsRefusedAsUnreadable() throws Exception {
    byte[] pdf = TestPdfs.pages(20, null, "Quarterly report.", "Revenue grew by 4 percent.");
    String json = request(Endpoint.CHAT, pdf);

    Verdict.Reject r = (Verdict.Reject) send(Endpoint.CHAT, json, new PdfLimits(null, null, null, null, 1, null));

    assertThat(r.code()).isEqualTo("unreadable_pdf");
    assertThat(r.message()).contains("that takes more than 1 ms to read");
  }
}
