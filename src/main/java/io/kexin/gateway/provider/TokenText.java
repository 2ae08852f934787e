package io.kexin.gateway.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes an array of token ids back to the text the model will read, with the tokenizer of the OpenAI model it was
 * made for. Clients send token ids on the completions and embeddings endpoints (LangChain's OpenAI embeddings do by
 * default), and a value sent that way reaches the model as surely as one sent as text. Thread-safe.
 *
 * <p>The vocabularies are tiktoken's files as JTokkit ships them. Decoding needs only each id's bytes, so this reads
 * the files into one table per encoding, on first use: a fifth of the memory and a third of the load time of
 * JTokkit's encoder (o200k_base: 6 MB and 0.5 s on a loaded 2-core machine, against 30 MB and 1.5 s), which would
 * otherwise be built on an event loop for a request that only needs a lookup per id.
 */
final class TokenText {
  /** Names a tiktoken encoding by its vocabulary file. */
  private enum Encoding {
    O200K("o200k_base"), CL100K("cl100k_base"), P50K("p50k_base");

    final String file;

    Encoding(String name) {
      this.file = "/com/knuddels/jtokkit/" + name + ".tiktoken";
    }
  }

  /** The model name prefixes of each encoding, a longer prefix before one it begins with (tiktoken's table). */
  private static final List<Map.Entry<String, Encoding>> PREFIXES = List.of(
      Map.entry("gpt-5", Encoding.O200K), Map.entry("gpt-4.1", Encoding.O200K),
      Map.entry("gpt-4.5", Encoding.O200K), Map.entry("gpt-4o", Encoding.O200K),
      Map.entry("chatgpt-4o", Encoding.O200K), Map.entry("o1", Encoding.O200K), Map.entry("o3", Encoding.O200K),
      Map.entry("o4", Encoding.O200K), Map.entry("gpt-4", Encoding.CL100K), Map.entry("gpt-3.5", Encoding.CL100K),
      Map.entry("gpt-35", Encoding.CL100K), Map.entry("text-embedding-3", Encoding.CL100K),
      Map.entry("text-embedding-ada-002", Encoding.CL100K), Map.entry("davinci-002", Encoding.CL100K),
      Map.entry("babbage-002", Encoding.CL100K), Map.entry("text-davinci-00", Encoding.P50K));

  private final Map<Encoding, byte[][]> tables = new ConcurrentHashMap<>();

  /**
   * Returns the text of {@code ids} (integral numbers) for {@code model}, or null when the model's tokenizer is not
   * known here or an id is not one of its tokens (special tokens included: no client sends them as ids).
   */
  String decode(String model, JsonNode ids) {
    Encoding encoding = encodingOf(model);
    if (encoding == null) {
      return null;
    }
    byte[][] table = tables.computeIfAbsent(encoding, TokenText::load);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.size() * 4);
    for (JsonNode id : ids) {
      int i = id.canConvertToInt() ? id.intValue() : -1;
      if (i < 0 || i >= table.length || table[i] == null) {
        return null;
      }
      bytes.writeBytes(table[i]);
    }
    return bytes.toString(UTF_8);
  }

  /** Returns the encoding of an OpenAI model name, fine-tunes ({@code ft:gpt-4o-mini:…}) included, or null. */
  private static Encoding encodingOf(String model) {
    if (model == null) {
      return null;
    }
    String name = model.startsWith("ft:") ? model.substring(3) : model;
    for (Map.Entry<String, Encoding> e : PREFIXES) {
      if (name.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Reads a tiktoken file, a line per token: its bytes in base64, a space, its id. */
  private static byte[][] load(Encoding encoding) {
    InputStream in = TokenText.class.getResourceAsStream(encoding.file);
    if (in == null) {
      throw new IllegalStateException("missing tokenizer vocabulary " + encoding.file);
    }
    List<byte[]> table = new ArrayList<>(200_000);
    Base64.Decoder base64 = Base64.getDecoder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space < 0) {
          continue;
        }
        int id = Integer.parseInt(line, space + 1, line.length(), 10);
        while (table.size() <= id) {
          table.add(null);
        }
        table.set(id, base64.decode(line.substring(0, space)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return table.toArray(new byte[0][]);
  }
}
