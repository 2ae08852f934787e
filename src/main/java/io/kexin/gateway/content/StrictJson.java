package io.kexin.gateway.content;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Builds the JSON mapper that reads every body and event the gateway inspects. Strict, because two parsers that
 * read one body differently let a value pass one and reach the other: a repeated key is refused (one parser keeps
 * the first, another the last), and so is anything after the value; error locations never quote the body.
 */
public final class StrictJson {
  private StrictJson() {}

  /** Returns a new strict mapper; build one where the gateway is wired and share it (mappers are thread-safe). */
  public static ObjectMapper mapper() {
    return JsonMapper.builder()
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }
}
