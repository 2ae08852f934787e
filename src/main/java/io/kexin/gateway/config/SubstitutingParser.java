package io.kexin.gateway.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/** Wraps a YAML parser so that string scalars come out with {@code ${VAR}} references expanded. */
final class SubstitutingParser extends JsonParserDelegate {
  private final EnvSubstitution substitution;
  private JsonToken expandedToken;
  private String expanded;

  SubstitutingParser(JsonParser parser, EnvSubstitution substitution) {
    super(parser);
    this.substitution = substitution;
  }

  @Override
  public String getText() throws IOException {
    if (!hasToken(JsonToken.VALUE_STRING)) {
      return super.getText();
    }
    if (expandedToken != currentToken() || expanded == null) {
      try {
        expanded = substitution.expand(super.getText());
      } catch (IllegalArgumentException e) {
        throw new JsonParseException(this, e.getMessage(), currentTokenLocation(), null);
      }
      expandedToken = currentToken();
    }
    return expanded;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    expanded = null;
    return super.nextToken();
  }

  @Override
  public String getValueAsString() throws IOException {
    return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString();
  }

  @Override
  public String getValueAsString(String defaultValue) throws IOException {
    return hasToken(JsonToken.VALUE_STRING) ? getText() : super.getValueAsString(defaultValue);
  }

  @Override
  public char[] getTextCharacters() throws IOException {
    return hasToken(JsonToken.VALUE_STRING) ? getText().toCharArray() : super.getTextCharacters();
  }

  @Override
  public int getTextLength() throws IOException {
    return hasToken(JsonToken.VALUE_STRING) ? getText().length() : super.getTextLength();
  }

  @Override
  public int getTextOffset() throws IOException {
    return hasToken(JsonToken.VALUE_STRING) ? 0 : super.getTextOffset();
  }
}
