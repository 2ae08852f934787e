package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks which declared content codings and charsets leave a request body read as the provider reads it: none, or
 * identity, and UTF-8 (or ASCII) in any spelling pass; any other coding or charset, or two different charsets, is
 * refused with 415.
 */
class BodyCodingTest {

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "-|application/json|-",
      "identity|application/json|-",
      "IDENTITY|application/json; charset=UTF-8|-",
      "-|application/json;charset=\"utf-8\"|-",
      "-|application/json; charset=utf8|-",
      "-|application/json; charset=us-ascii|-",
      "-|text/plain|-",
      "gzip|application/json|unsupported_content_encoding",
      "br|application/json|unsupported_content_encoding",
      "identity, zstd|application/json|unsupported_content_encoding",
      "deflate|application/json; charset=utf-8|unsupported_content_encoding",
      "-|application/json; charset=utf-16|unsupported_charset",
      "-|application/json; charset=UTF-7|unsupported_charset",
      "-|application/json; charset=gb18030|unsupported_charset",
      "-|application/json; charset=utf-8; charset=utf-7|unsupported_charset"})
  void refusesWhatTheGatewayWouldReadOtherwise(String encoding, String type, String code) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (encoding != null) {
      headers.add("content-encoding", encoding);
    }
    headers.add("content-type", type);
    GatewayError error = BodyCoding.refusal(headers);

    if (code == null) {
      assertThat(error).isNull();
    } else {
      assertThat(error.status().code()).isEqualTo(415);
      assertThat(error.code()).isEqualTo(code);
      assertThat(error.message()).doesNotContain(encoding == null ? type.substring(type.lastIndexOf('=') + 1)
          : encoding);
    }
  }
}
