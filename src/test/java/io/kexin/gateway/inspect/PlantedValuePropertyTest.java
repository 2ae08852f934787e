package io.kexin.gateway.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kexin.gateway.policy.CompiledPolicy;
import io.kexin.gateway.policy.PolicySet;
import io.kexin.gateway.policy.ShippedPolicies;
import io.kexin.gateway.provider.Endpoint;
import io.kexin.gateway.provider.ProviderApi;
import io.kexin.gateway.text.DecodedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plants a protected value at a random place of a randomly shaped request (any field the model reads or the
 * provider receives, at any depth, as a string, an object key or a number, plain, split by invisible characters,
 * escaped inside tool arguments, or in a full-width or letter-spaced form) and checks, with the shipped pack, that
 * the upstream never receives it in any form a model reads as the value. Seeded, so a failure repeats.
 */
class PlantedValuePropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int CASES = 400;
  private static final String[] WORDS = {"weather", "北京", "report", "季度报告", "summary", "the", "请", "总结", "data",
      "value", "note", "city", "客户", "invoice", "hello 世界"};
  private static final String[] INVISIBLE = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD",
      "\uDB40\uDC41", "\u202E"};
  private static PolicySet pack;

  /** A protected value and the forms in which a model still reads it. */
  private enum Value {
    AWS_KEY("AKIAQ3EGRT5LMWX2ZUTB", true),
    CN_ID("11010519491231002X", false),
    PHONE_CN("13800138000", false),
    EMAIL("zhang.wei@example.cn", false),
    CODENAME("Project Phoenix", false);

    final String text;
    final boolean credential;

    Value(String text, boolean credential) {
      this.text = text;
      this.credential = credential;
    }
  }

  /** The API a request is shaped for. */
  enum Api {
    CHAT, RESPONSES, MESSAGES
  }

  @BeforeAll
  static void loadPack() {
    pack = ShippedPolicies.pack();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void theUpstreamNeverReceivesAPlantedValue(Api api) throws Exception {
    Random random = new Random(20261205L + api.ordinal());
    PolicyInspector inspector = new PolicyInspector(() -> pack, new FailClosedTest.Recorded(), 1 << 16);
    List<String> names = pack.all().stream().map(CompiledPolicy::name).toList();
    ProviderApi provider = api == Api.MESSAGES ? ProviderApi.anthropic() : ProviderApi.openAi();
    Endpoint endpoint = switch (api) {
      case CHAT -> Endpoint.CHAT;
      case RESPONSES -> Endpoint.RESPONSES;
      case MESSAGES -> Endpoint.MESSAGES;
    };
    int planted = 0;
    int sent = 0;
    for (int i = 0; i < CASES; i++) {
      ObjectNode body = request(api, random);
      Value value = Value.values()[random.nextInt(Value.values().length)];
      String where = plant(body, value, random);
      if (where == null) {
        continue;
      }
      planted++;
      String json = body.toString();
      Verdict verdict = inspector.open(new ExchangeInfo("p", provider, endpoint, "r", "t", names, false))
          .request((ObjectNode) JSON.readTree(json));
      String upstream = FailClosedTest.sent(verdict, json);
      if (upstream == null) {
        continue;
      }
      sent++;
      String read = asRead(JSON.readTree(upstream));
      assertThat(read).as("case %d: %s planted %s; upstream received %s", i, value, where, upstream)
          .doesNotContain(canonical(value.text));
    }
    assertThat(planted).isGreaterThan(CASES * 3 / 4);
    assertThat(sent).as("some planted requests go upstream rewritten rather than all refused").isPositive();
  }

  /** Returns a random request of {@code api}'s shape, with tools, metadata and unknown fields now and then. */
  private static ObjectNode request(Api api, Random r) {
    ObjectNode body = F.objectNode().put("model", "m");
    int messages = 1 + r.nextInt(3);
    ArrayNode list = body.putArray(api == Api.RESPONSES ? "input" : "messages");
    if (api == Api.MESSAGES) {
      body.put("max_tokens", 64);
      if (r.nextBoolean()) {
        body.put("system", words(r));
      }
    }
    for (int i = 0; i < messages; i++) {
      boolean assistant = i % 2 == 1;
      ObjectNode m = list.addObject().put("role", assistant ? "assistant" : "user");
      if (r.nextBoolean()) {
        m.put("content", words(r));
      } else {
        ArrayNode parts = m.putArray("content");
        String textType = api == Api.RESPONSES ? (assistant ? "output_text" : "input_text") : "text";
        parts.addObject().put("type", textType).put("text", words(r));
        if (api == Api.MESSAGES && assistant && r.nextBoolean()) {
          parts.addObject().put("type", "tool_use").put("id", "toolu_" + i).put("name", "lookup")
              .set("input", free(r, 2));
        }
      }
      if (api == Api.CHAT && assistant && r.nextBoolean()) {
        ObjectNode call = m.putArray("tool_calls").addObject().put("id", "call_" + i).put("type", "function");
        call.putObject("function").put("name", "lookup").put("arguments", free(r, 2).toString());
      }
    }
    if (api == Api.RESPONSES && r.nextBoolean()) {
      list.addObject().put("type", "function_call").put("call_id", "c1").put("name", "lookup")
          .put("arguments", free(r, 2).toString());
    }
    if (r.nextBoolean()) {
      ObjectNode tool = body.putArray("tools").addObject();
      ObjectNode schema = F.objectNode().put("type", "object");
      ObjectNode props = schema.putObject("properties");
      props.putObject("city").put("type", "string").put("description", words(r))
          .set("enum", F.arrayNode().add(words(r)).add(words(r)));
      switch (api) {
        case CHAT -> tool.put("type", "function").putObject("function").put("name", "lookup")
            .put("description", words(r)).set("parameters", schema);
        case RESPONSES -> tool.put("type", "function").put("name", "lookup").put("description", words(r))
            .set("parameters", schema);
        case MESSAGES -> tool.put("name", "lookup").put("description", words(r)).set("input_schema", schema);
      }
    }
    if (r.nextBoolean()) {
      body.set("metadata", api == Api.MESSAGES ? F.objectNode().put("user_id", words(r)) : free(r, 2));
    }
    if (r.nextInt(3) == 0) {
      body.set(r.nextBoolean() ? "documents" : "chat_template_kwargs", free(r, 3));
    }
    if (api == Api.CHAT && r.nextInt(4) == 0) {
      body.put("user", words(r));
    }
    return body;
  }

  private static ObjectNode free(Random r, int depth) {
    ObjectNode o = F.objectNode();
    int fields = 1 + r.nextInt(3);
    for (int i = 0; i < fields; i++) {
      String key = WORDS[r.nextInt(WORDS.length)] + i;
      switch (depth == 0 ? r.nextInt(2) : r.nextInt(4)) {
        case 0 -> o.put(key, words(r));
        case 1 -> o.put(key, r.nextInt(1000));
        case 2 -> o.set(key, free(r, depth - 1));
        default -> o.putArray(key).add(words(r)).add(free(r, depth - 1));
      }
    }
    return o;
  }

  private static String words(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** A place a value can be planted: replaces a string, renames a key, or replaces a number. */
  private record Slot(String where, Consumer<String> plantText, boolean key, boolean number, boolean arguments) {}

  /** Plants {@code value} at a random slot of {@code body}; returns where, or null if the body has no slot. */
  private static String plant(ObjectNode body, Value value, Random r) throws Exception {
    List<Slot> slots = new ArrayList<>();
    collect(body, "", false, slots);
    if (slots.isEmpty()) {
      return null;
    }
    Slot slot = slots.get(r.nextInt(slots.size()));
    if (slot.number()) {
      // A number: only digits can stand there, so plant the value's digits if it has the shape of a number.
      if (!value.text.chars().allMatch(Character::isDigit)) {
        return null;
      }
    }
    String form = slot.number() ? value.text : form(value, r);
    String planted = slot.key() || slot.number() ? form : words(r) + " " + form + " " + words(r);
    slot.plantText().accept(planted);
    return slot.where() + " as " + printable(form);
  }

  /** Returns a form of the value: plain, split by invisible characters, full-width or letter-spaced (credentials). */
  private static String form(Value value, Random r) {
    String v = value.text;
    int kind = r.nextInt(value.credential ? 4 : 2);
    return switch (kind) {
      case 0 -> v;
      case 1 -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
          sb.append(v.charAt(i));
          if (i < v.length() - 1 && r.nextInt(3) == 0) {
            sb.append(INVISIBLE[r.nextInt(INVISIBLE.length)]);
          }
        }
        yield sb.toString();
      }
      case 2 -> {
        StringBuilder sb = new StringBuilder();
        v.chars().forEach(c -> sb.append((char) (c >= '!' && c <= '~' ? c + 0xFEE0 : c)));
        yield sb.toString();
      }
      default -> String.join(" ", v.split(""));
    };
  }

  private static void collect(JsonNode node, String at, boolean free, List<Slot> slots) {
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      o.properties().forEach(fields::add);
      for (Map.Entry<String, JsonNode> field : fields) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String p = at + "/" + key;
        if (at.isEmpty() && (key.equals("model") || key.equals("max_tokens"))
            || key.equals("role") || key.equals("type") || key.equals("id") && !free) {
          continue;
        }
        boolean inFree = free || key.equals("metadata") || key.equals("properties") || key.equals("input")
            && value.isObject() || key.equals("documents") || key.equals("chat_template_kwargs");
        if (value.isTextual()) {
          if (key.equals("arguments")) {
            slots.add(new Slot(p + " (inside the arguments)", text -> o.put(key, plantInArguments(value, text)),
                false, false, true));
          } else {
            slots.add(new Slot(p, text -> o.put(key, text), false, false, false));
          }
        } else if (value.isNumber() && inFree) {
          slots.add(new Slot(p + " (number)", text -> o.set(key, F.numberNode(new java.math.BigInteger(text))),
              false, true, false));
        } else {
          collect(value, p, inFree, slots);
        }
        if (free || key.equals("properties")) {
          slots.add(new Slot(p + " (key)", text -> rename(o, key, text), true, false, false));
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode e = a.get(i);
        int index = i;
        if (e.isTextual()) {
          slots.add(new Slot(at + "/" + i, text -> a.set(index, F.textNode(text)), false, false, false));
        } else {
          collect(e, at + "/" + i, free, slots);
        }
      }
    }
  }

  /** Returns JSON arguments with {@code text} as a new field's value, written with \\u escapes for some of it. */
  private static String plantInArguments(JsonNode arguments, String text) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7E || c == '"' || c == '\\' || i % 3 == 0) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    String args = arguments.textValue();
    return "{\"planted\":\"" + escaped + "\"," + args.substring(1);
  }

  private static void rename(ObjectNode o, String key, String newKey) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    o.properties().forEach(fields::add);
    o.removeAll();
    for (Map.Entry<String, JsonNode> f : fields) {
      o.set(f.getKey().equals(key) ? newKey : f.getKey(), f.getValue());
    }
  }

  /** Returns every string, key and number of a body as a model reads them, nested JSON arguments decoded. */
  private static String asRead(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    read(node, sb);
    return sb.toString();
  }

  private static void read(JsonNode node, StringBuilder sb) {
    if (node.isTextual()) {
      sb.append(canonical(DecodedText.of(node.textValue(), true).text())).append('\n');
    } else if (node.isNumber()) {
      sb.append(node.asText()).append('\n');
    } else {
      node.properties().forEach(f -> {
        sb.append(canonical(f.getKey())).append('\n');
        read(f.getValue(), sb);
      });
      for (JsonNode e : node) {
        if (!node.isObject()) {
          read(e, sb);
        }
      }
    }
  }

  /** Folds what does not change how a model reads a value: invisible characters, width, spacing, case. */
  private static String canonical(String s) {
    String visible = DecodedText.of(s, false).text();
    return java.text.Normalizer.normalize(visible, java.text.Normalizer.Form.NFKC).replace(" ", "")
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c < 0x7F && c >= 0x20 ? String.valueOf((char) c)
        : String.format("\\u{%x}", c)));
    return sb.toString();
  }
}
