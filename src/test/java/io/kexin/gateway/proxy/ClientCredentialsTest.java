package io.kexin.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks which query parameters and headers count as carrying the client's credentials. */
class ClientCredentialsTest {
  private static final String KEY = "kx-secret-key";

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      /v1/chat/completions                                         | /v1/chat/completions
      /v1/chat/completions?                                        | /v1/chat/completions
      /v1/chat/completions?api-version=2024-06-01                  | /v1/chat/completions?api-version=2024-06-01
      /v1/x?key=abc&api-version=1                                  | /v1/x?api-version=1
      /v1/x?KEY=abc&Api_Key=d&APIKEY=e&Access_Token=f&TOKEN=g&Auth=h | /v1/x
      /v1/x?api%2Dkey=1&api%5fkey=2&%6Bey=3&a=1                    | /v1/x?a=1
      /v1/x?+key+=1&b=2                                            | /v1/x?b=2
      /v1/x?q=kx-secret-key&r=1                                    | /v1/x?r=1
      /v1/x?q=kx%2Dsecret%2Dkey&r=1                                | /v1/x?r=1
      /v1/x?q=Bearer+kx-secret-key&r=1                             | /v1/x?r=1
      /v1/x?kx-secret-key&r=1                                      | /v1/x?r=1
      /v1/x?a=1;key=2&b=3                                          | /v1/x?b=3
      /v1/x?a=%zz&keys=1&tokens=2&b=%41                            | /v1/x?a=%zz&keys=1&tokens=2&b=%41
      /v1/x?a=1&&b=2                                               | /v1/x?a=1&b=2
      """)
  void keepsOnlyParametersWithoutCredentials(String uri, String expected) {
    assertThat(ClientCredentials.stripQuery(uri, KEY)).isEqualTo(expected);
  }

  @Test
  void decodesLikeAServerAndLeavesMalformedEscapes() {
    assertThat(ClientCredentials.decode("a%20b+c%e4%bd%a0%zz%4")).isEqualTo("a b c你%zz%4");
  }

  @Test
  void removesCredentialHeadersAndAnyHeaderHoldingTheKey() {
    HttpHeaders h = new DefaultHttpHeaders()
        .add("Authorization", "Bearer " + KEY).add("X-Api-Key", KEY).add("API-KEY", KEY)
        .add("x-goog-api-key", KEY).add("cookie", "a=1; s=" + KEY).add("accept", "application/json")
        .add("x-other", "value");

    ClientCredentials.stripHeaders(h, KEY);

    assertThat(h.names()).containsExactlyInAnyOrder("accept", "x-other");
  }
}
