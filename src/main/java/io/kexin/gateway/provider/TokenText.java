package io.kexin.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes an array of token ids back to the text the model will read, with the tokenizer of the OpenAI model it was
 * made for (JTokkit's copies of tiktoken's encodings, loaded on first use). Clients send token ids on the completions
 * and embeddings endpoints (LangChain's OpenAI embeddings do by default), and a value sent that way reaches the model
 * as surely as one sent as text. Thread-safe.
 */
final class TokenText {
  /** The model name prefixes of each encoding, longest first where one prefix begins another (tiktoken's table). */
  private static final List<Map.Entry<String, EncodingType>> PREFIXES = List.of(
      Map.entry("gpt-5", EncodingType.O200K_BASE), Map.entry("gpt-4.1", EncodingType.O200K_BASE),
      Map.entry("gpt-4.5", EncodingType.O200K_BASE), Map.entry("gpt-4o", EncodingType.O200K_BASE),
      Map.entry("chatgpt-4o", EncodingType.O200K_BASE), Map.entry("o1", EncodingType.O200K_BASE),
      Map.entry("o3", EncodingType.O200K_BASE), Map.entry("o4", EncodingType.O200K_BASE),
      Map.entry("gpt-4", EncodingType.CL100K_BASE), Map.entry("gpt-3.5", EncodingType.CL100K_BASE),
      Map.entry("gpt-35", EncodingType.CL100K_BASE), Map.entry("text-embedding-3", EncodingType.CL100K_BASE),
      Map.entry("text-embedding-ada-002", EncodingType.CL100K_BASE), Map.entry("davinci-002", EncodingType.CL100K_BASE),
      Map.entry("babbage-002", EncodingType.CL100K_BASE), Map.entry("text-davinci-00", EncodingType.P50K_BASE));

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

  /**
   * Returns the text of {@code ids} (integral numbers) for {@code model}, or null when the model's tokenizer is not
   * known here or an id is not one of its tokens.
   */
  String decode(String model, JsonNode ids) {
    EncodingType type = encodingOf(model);
    if (type == null) {
      return null;
    }
    IntArrayList list = new IntArrayList(ids.size());
    for (JsonNode id : ids) {
      if (!id.canConvertToInt()) {
        return null;
      }
      list.add(id.intValue());
    }
    Encoding encoding = registry.getEncoding(type);
    try {
      return encoding.decode(list);
    } catch (RuntimeException e) {
      // JTokkit reports an id outside the vocabulary with a NullPointerException naming it.
      return null;
    }
  }

  /** Returns the encoding of an OpenAI model name, fine-tunes ({@code ft:gpt-4o-mini:…}) included, or null. */
  static EncodingType encodingOf(String model) {
    if (model == null) {
      return null;
    }
    String name = model.startsWith("ft:") ? model.substring(3) : model;
    for (Map.Entry<String, EncodingType> e : PREFIXES) {
      if (name.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
