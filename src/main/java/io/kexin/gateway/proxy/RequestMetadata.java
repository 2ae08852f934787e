package io.kexin.gateway.proxy;

import io.kexin.gateway.content.Role;
import io.kexin.gateway.content.TextSegment;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the texts a request carries to the provider besides its body's messages: its model name, a name in its path,
 * the values of its query parameters and of every header whose value goes upstream as the client wrote it, as
 * segments the request's policies inspect like body text ({@link TextSegment.Form#METADATA}: a finding that would
 * rewrite one blocks, since none can be rewritten in the client's name). The model reads none of them, but the
 * provider receives and may log them: a personal detail or key put in {@code X-User-Email}, {@code X-Stainless-OS}
 * or {@code ?note=} must not leave uninspected. The client's own credentials are not read here: they never go
 * upstream.
 */
final class RequestMetadata {
  /**
   * Headers whose client values never reach the provider: framing and hop-by-hop headers, credentials, and those the
   * gateway writes itself ({@code accept-encoding}, {@code content-type}, {@code traceparent}, {@code x-request-id}).
   * Every other header, the providers' SDKs' ({@code x-stainless-*}, {@code anthropic-version}, {@code anthropic-beta})
   * and HTTP's ({@code accept}, {@code accept-language}) included, goes upstream as written, so it is read ({@link
   * #SDK} and {@link #ADDRESSES} skip only values of their fixed shapes).
   */
  private static final Set<String> STRUCTURAL = Set.of("host", "content-length", "content-type", "accept-encoding",
      "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "expect", "authorization",
      "proxy-authorization", "x-api-key", "api-key", "traceparent", "x-request-id");
  /** Headers in which proxies list client addresses: skipped while they hold addresses only, read otherwise. */
  private static final Set<String> ADDRESSES = Set.of("x-forwarded-for", "x-real-ip");
  /**
   * Headers of HTTP and of the providers' SDKs that hold a short word, version, number or list of media types or
   * languages: skipped while they hold no more ({@link #fixedWords}), read otherwise.
   */
  private static final Set<String> SDK = Set.of("accept", "accept-language", "anthropic-version", "anthropic-beta",
      "openai-beta", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "cache-control", "pragma", "origin",
      "x-stainless-lang", "x-stainless-package-version", "x-stainless-os", "x-stainless-arch",
      "x-stainless-runtime", "x-stainless-runtime-version", "x-stainless-retry-count", "x-stainless-timeout",
      "x-stainless-async", "x-stainless-helper-method", "x-stainless-read-timeout", "x-stainless-poll-helper",
      "x-stainless-custom-poll-interval");
  /** Bounds a value {@link #fixedWords} lets pass unread: its length, its digits, and each run of letters and digits. */
  private static final int FIXED_LENGTH = 32;
  private static final int FIXED_DIGITS = 6;
  private static final int FIXED_RUN = 12;

  private static final String MODELS = "/models/";
  private static final String DEPLOYMENTS = "/deployments/";

  private RequestMetadata() {}

  /**
   * Returns the segments of the query parameters of {@code uri} (without those that carry the client's credential)
   * and the name its path carries ({@link #pathName}), of the headers of {@code headers} not in {@link #STRUCTURAL}
   * nor holding {@code clientKey}, and of the body's {@code model} name (null for none; {@link TextSegment#MODEL});
   * an empty list, without allocating, when there are none.
   */
  static List<TextSegment> of(HttpHeaders headers, String uri, String clientKey, String model) {
    List<TextSegment> out = List.of();
    if (model != null && !model.isEmpty()) {
      out = add(out, new TextSegment(TextSegment.MODEL, Role.USER, model, TextSegment.Form.METADATA));
    }
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    // The SDK headers' values, read once more joined when together they hold more digits than one fixed value may, or
    // more letters and digits than one run of it: a value split across them (x-stainless-os: 138, x-stainless-arch:
    // 0013 8000; strictly | confidential) is read whole, in the order they arrive and in the order of their names.
    List<String[]> sdkHeaders = null;
    int sdkDigits = 0;
    int sdkAlnum = 0;
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      String name = h.getKey().toString().toLowerCase(Locale.ROOT);
      String value = h.getValue().toString();
      if (STRUCTURAL.contains(name) || name.startsWith("sec-") || name.startsWith("x-kexin-") || value.isEmpty()
          || clientKey != null && !clientKey.isEmpty() && value.contains(clientKey)
          || ADDRESSES.contains(name) && addresses(value)) {
        continue;
      }
      boolean sdk = SDK.contains(name);
      if (sdk) {
        sdkHeaders = sdkHeaders == null ? new ArrayList<>(8) : sdkHeaders;
        sdkHeaders.add(new String[] {name, value});
        sdkDigits += digits(value);
        sdkAlnum += alnum(value);
      }
      if (sdk && fixedWords(value)) {
        continue;
      }
      out = add(out, new TextSegment("/header/" + name, Role.USER, utf8(value), TextSegment.Form.METADATA));
    }
    if (sdkHeaders != null && sdkHeaders.size() > 1 && (sdkDigits > FIXED_DIGITS || sdkAlnum > FIXED_RUN)) {
      out = joined(out, sdkHeaders, "");
      List<String[]> named = new ArrayList<>(sdkHeaders);
      named.sort((a, b) -> a[0].compareTo(b[0]));
      if (!sameOrder(named, sdkHeaders)) {
        out = joined(out, named, "#named");
      }
    }
    String kept = ClientCredentials.stripQuery(uri, clientKey);
    int q = kept.indexOf('?');
    String named = pathName(q < 0 ? kept : kept.substring(0, q));
    if (named != null) {
      out = add(out, new TextSegment("/path", Role.USER, named, TextSegment.Form.METADATA));
    }
    if (q >= 0) {
      for (String param : kept.substring(q + 1).split("[&;]", -1)) {
        int eq = param.indexOf('=');
        String name = ClientCredentials.decode(eq < 0 ? param : param.substring(0, eq));
        String value = eq < 0 ? "" : ClientCredentials.decode(param.substring(eq + 1));
        // the name is sent as well as the value: a value may hide in either
        String text = value.isEmpty() ? name : name + "=" + value;
        if (!text.isEmpty()) {
          out = add(out, new TextSegment("/query/" + name, Role.USER, text, TextSegment.Form.METADATA));
        }
      }
    }
    return out;
  }

  /**
   * Returns the part of a request path the client chooses, decoded: the model id of {@code /v1/models/{id}} or the
   * deployment of an Azure path ({@code /openai/deployments/{name}/…}); null when the path has none.
   */
  static String pathName(String path) {
    int models = path.indexOf(MODELS);
    int deployments = path.indexOf(DEPLOYMENTS);
    String name;
    if (models >= 0) {
      // the rest of the path: a model id may hold slashes (meta-llama/Llama-3.1-8B)
      name = path.substring(models + MODELS.length());
    } else if (deployments >= 0) {
      int from = deployments + DEPLOYMENTS.length();
      int end = path.indexOf('/', from);
      name = end < 0 ? path.substring(from) : path.substring(from, end);
    } else {
      return null;
    }
    name = ClientCredentials.decode(name);
    return name.isEmpty() ? null : name;
  }

  /**
   * Returns a header value as the provider reads it: HTTP/1.1 decodes header bytes one a character (ISO-8859-1), so
   * a value sent in UTF-8 ({@code 电话 138…}) is decoded again as UTF-8 when it is well-formed UTF-8.
   */
  static String utf8(String value) {
    boolean high = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        return value;
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return value;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return value;
    }
  }

  /**
   * Says whether {@code value} is what an SDK or a browser writes there ({@code python}, {@code 1.52.0}, {@code x64},
   * {@code application/json}, {@code zh-CN,zh;q=0.9}): at most {@value #FIXED_LENGTH} characters of ASCII letters,
   * digits and {@code . , ; : = / * + _ -} (a space only after a comma or semicolon), at most {@value #FIXED_DIGITS}
   * digits and no run of more than {@value #FIXED_RUN} letters and digits, which holds no phone, ID, card, address or
   * key; a value with more is read.
   */
  static boolean fixedWords(String value) {
    int n = value.length();
    if (n > FIXED_LENGTH) {
      return false;
    }
    int digits = 0;
    int run = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
      if (alnum) {
        digits += c <= '9' ? 1 : 0;
        if (++run > FIXED_RUN || digits > FIXED_DIGITS) {
          return false;
        }
      } else if (".,;:=/*+_-".indexOf(c) >= 0 || c == ' ' && i > 0 && (value.charAt(i - 1) == ','
          || value.charAt(i - 1) == ';')) {
        run = 0;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds to {@code out} the SDK header values {@code sdk} read joined in their order: apart by spaces, and again glued
   * where a letter or digit meets a letter or digit (when that differs), their audit pointers ending in {@code order}.
   */
  private static List<TextSegment> joined(List<TextSegment> out, List<String[]> sdk, String order) {
    StringBuilder spaced = new StringBuilder();
    StringBuilder glued = new StringBuilder();
    for (String[] h : sdk) {
      String value = utf8(h[1]);
      if (!spaced.isEmpty()) {
        boolean meet = Character.isLetterOrDigit(glued.charAt(glued.length() - 1))
            && Character.isLetterOrDigit(value.charAt(0));
        spaced.append(' ');
        glued.append(meet ? "" : " ");
      }
      spaced.append(value);
      glued.append(value);
    }
    out = add(out, new TextSegment("/header/*#joined" + order, Role.USER, spaced.toString(),
        TextSegment.Form.METADATA));
    if (glued.length() < spaced.length()) {
      out = add(out, new TextSegment("/header/*#glued" + order, Role.USER, glued.toString(),
          TextSegment.Form.METADATA));
    }
    return out;
  }

  private static boolean sameOrder(List<String[]> a, List<String[]> b) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static int alnum(String value) {
    int alnum = 0;
    for (int i = 0; i < value.length(); i++) {
      alnum += Character.isLetterOrDigit(value.charAt(i)) ? 1 : 0;
    }
    return alnum;
  }

  private static int digits(String value) {
    int digits = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      digits += c >= '0' && c <= '9' ? 1 : 0;
    }
    return digits;
  }

  /** Says whether {@code value} is a list of IP addresses, apart by commas, as proxies write client addresses. */
  static boolean addresses(String value) {
    for (String part : value.split(",", -1)) {
      String a = part.strip();
      if (!NetUtil.isValidIpV4Address(a) && !NetUtil.isValidIpV6Address(a) && !a.equals("unknown")) {
        return false;
      }
    }
    return true;
  }

  private static List<TextSegment> add(List<TextSegment> out, TextSegment segment) {
    List<TextSegment> list = out.isEmpty() ? new ArrayList<>(2) : out;
    list.add(segment);
    return list;
  }
}
