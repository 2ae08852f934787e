package io.kexin.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that a JSON number reads as the digits a model sees in it, whether the reader keeps decimals exactly (as
 * the proxy's does) or as doubles (as a plain mapper does): a whole number written with a fraction or an exponent
 * reads as its plain digits, a long exponent as the significand's digits, and other numbers as they are.
 */
class NumberTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader EXACT = JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource(delimiter = '|', value = {
      "13812345678|13812345678",
      "-13812345678|-13812345678",
      "13812345678.0|13812345678",
      "13812345678e0|13812345678",
      "13812345678E+0|13812345678",
      "1.3812345678e10|13812345678",
      "138123456780e-1|13812345678",
      "1381234567800000000000000000e-17|13812345678",
      "0.5|0.5",
      "3.14|3.14",
      "0|0",
      "0.0|0"})
  void readsTheDigitsAModelSees(String written, String read) throws Exception {
    assertThat(NumberText.of(EXACT.readTree(written))).isEqualTo(read);
    assertThat(NumberText.of(JSON.readTree(written))).isEqualTo(read);
  }

  @ParameterizedTest(name = "{0} reads {1} when decimals are exact")
  @CsvSource(delimiter = '|', value = {
      "13812345678e99999|13812345678",
      "110105194912310028.0|110105194912310028",
      "0.13812345678|0.13812345678",
      "1e400|1",
      "1e-100|1"})
  void readsExactDecimalsWithoutRounding(String written, String read) throws Exception {
    assertThat(NumberText.of(EXACT.readTree(written))).isEqualTo(read);
  }
}
