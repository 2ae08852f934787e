package io.kexin.gateway.detect.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognizes IP addresses: dotted IPv4 among the candidates (four parts 0-255 without leading zeros; 0.6, 0.9
 * with context) and IPv6 found by {@link #ipv6End} from a hexadecimal group followed by a colon (eight groups
 * of 1-4 hex digits, or fewer with one {@code ::}, optionally ending in an IPv4 part; 0.8, 0.95). Immutable.
 */
final class IpAddressRecognizer implements Recognizer {
  /** Bounds the length of an IPv6 address in characters, IPv4 tail included. */
  static final int MAX_IPV6 = 45;
  private static final List<String> CONTEXT = List.of("ip", "地址", "address", "server", "host", "服务器", "主机");
  /**
   * Words that, right before four dotted numbers, say they are a version (kernel 5.15.0.107, 版本 1.2.3.4), lower-case;
   * an address has no version word just before it, so these veto the reading as IPv4.
   */
  private static final List<String> VERSION_WORDS = List.of("version", "ver", "ver.", "kernel", "build", "release",
      "firmware", "tag", "chart", "版本", "版本号", "版本號", "内核", "內核", "编译号", "編譯號", "固件", "韧体", "韌體");

  @Override
  public String entity() {
    return "IP_ADDRESS";
  }

  @Override
  public List<String> contextWords() {
    return CONTEXT;
  }

  @Override
  public boolean mayMatch(int length, int groups, boolean letterFirst, boolean signed) {
    return !letterFirst && !signed && groups == 4 && length <= 12;
  }

  @Override
  public Match match(Candidate c) {
    if (c.prefix() != 0 || c.groups().length != 4 || !c.separatedOnlyBy('.') || !c.digitsOnly()) {
      return null;
    }
    int at = 0;
    for (int length : c.groups()) {
      if (length > 3 || (length > 1 && c.value().charAt(at) == '0')
          || Integer.parseInt(c.value(), at, at + length, 10) > 255) {
        return Match.invalid("dotted IPv4", "part out of range or with a leading zero");
      }
      at += length;
    }
    return Match.valid("dotted IPv4", "four parts 0-255", 0.6, 0.9);
  }

  /**
   * Says whether a valid dotted IPv4 candidate names no one's machine: loopback (127/8), unspecified (0.0.0.0) or
   * broadcast, which configs name for the writer's own host, or a public DNS resolver's anycast address. The caller
   * reads such a value as nothing else either, as it does a version string.
   */
  static boolean namesNoOnesHost(Candidate c) {
    String a = dotted(c);
    return a.startsWith("127.") || a.equals("0.0.0.0") || a.equals("255.255.255.255") || PUBLIC_RESOLVERS.contains(a)
        || a.equals(METADATA_ENDPOINT);
  }

  /**
   * Says whether the dotted IPv4 candidate {@code c}, ending at {@code end}, is a network in CIDR notation rather
   * than a host: a {@code /} and a prefix length of 0 to 32 follow it, and every bit of the address past the prefix
   * is zero ({@code 10.0.0.0/16}, {@code 192.168.4.0/24}); {@code 10.1.2.3/24}, an interface's address, and a
   * {@code /32}, one host, stay addresses.
   */
  static boolean network(Candidate c, char[] units, int end, int n) {
    if (end + 1 >= n || units[end] != '/') {
      return false;
    }
    int p = end + 1;
    int prefix = 0;
    while (p < n && p - end <= 2 && units[p] >= '0' && units[p] <= '9') {
      prefix = prefix * 10 + units[p] - '0';
      p++;
    }
    if (p == end + 1 || prefix >= 32 || p < n && (units[p] >= '0' && units[p] <= '9' || units[p] == '.')) {
      return false;
    }
    long address = 0;
    int at = 0;
    for (int length : c.groups()) {
      address = address << 8 | Integer.parseInt(c.value(), at, at + length, 10);
      at += length;
    }
    long host = (1L << (32 - prefix)) - 1;
    return (address & host) == 0;
  }

  /**
   * Says whether the dotted IPv4 candidate {@code c}, at {@code start} of {@code text}, is one of the blocks RFC 5737
   * reserves for documentation ({@code 192.0.2.0/24}, {@code 198.51.100.0/24}, {@code 203.0.113.0/24}) and a word
   * within {@value SampleValues#REACH} characters before it says a sample, a test or an example is meant
   * ({@code sample client IP 192.0.2.44}, {@code 示例：198.51.100.7}); without one it is read as an address, since
   * logs and configs use the blocks as anyone's.
   */
  static boolean documentation(Candidate c, String text, int start) {
    int[] g = c.groups();
    String v = c.value();
    boolean block = g[0] == 3 && (g[1] == 1 && g[2] == 1 && v.startsWith("19202")
        || g[1] == 2 && g[2] == 3 && v.startsWith("19851100") || g[1] == 1 && g[2] == 3 && v.startsWith("2030113"));
    return block && SampleValues.documented(SampleValues.before(text, start));
  }

  /**
   * Anycast addresses of public DNS resolvers (Google, Cloudflare, Quad9, OpenDNS, 114DNS, AliDNS, DNSPod, Baidu):
   * configs and docs name them by the million, and they locate a service, not anyone's machine.
   */
  private static final Set<String> PUBLIC_RESOLVERS = Set.of("8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9",
      "149.112.112.112", "208.67.222.222", "208.67.220.220", "114.114.114.114", "114.114.115.115", "223.5.5.5",
      "223.6.6.6", "119.29.29.29", "180.76.76.76");

  /** The link-local address every cloud (AWS, GCP, Azure, Alibaba, Tencent) serves instance metadata at. */
  private static final String METADATA_ENDPOINT = "169.254.169.254";

  /** Returns the candidate's four parts joined by dots. */
  private static String dotted(Candidate c) {
    StringBuilder b = new StringBuilder(15);
    int at = 0;
    for (int length : c.groups()) {
      if (at > 0) {
        b.append('.');
      }
      b.append(c.value(), at, at + length);
      at += length;
    }
    return b.toString();
  }

  /** Suffixes a dash glues to a kernel's or a build's version (5.15.0.107-generic, 1.2.3.4-rc1), lower-case. */
  private static final Set<String> VERSION_SUFFIXES = Set.of("generic", "lowlatency", "rc",
      "alpha", "beta", "snapshot", "lts", "amd", "arm", "aws", "azure", "gcp", "oracle", "kvm", "el", "fc");

  /**
   * Says whether four dotted numbers read as IPv4 are a version string instead: a version word directly before them
   * ({@code window} is the lower-cased text before the value; spaces, colons, equals signs and quotes may stand
   * between), or a dash and a build's suffix glued after them ({@code 5.15.0.107-generic}, {@code 1.2.3.4-rc1}).
   */
  static boolean versionLike(String window, char[] units, int end, int n) {
    if (end + 1 < n && units[end] == '-') {
      int p = end + 1;
      StringBuilder suffix = new StringBuilder();
      while (p < n && p - end <= 12 && ((units[p] | 0x20) >= 'a' && (units[p] | 0x20) <= 'z')) {
        suffix.append((char) (units[p++] | 0x20));
      }
      // Only a build's own suffix: any letter after a dash would let "10.42.18.7-x" pass as a version.
      if (VERSION_SUFFIXES.contains(suffix.toString())) {
        return true;
      }
    }
    int w = trimmed(window, window.length());
    // A version word may stand a link or two back: "kernel is 6.8.0.49", "firmware 7.2.1.3 → 7.2.4.0",
    // "版本从 1.2.3.4 升级到 1.2.3.5"; the words between are only links and other dotted versions.
    for (int hop = 0; hop < 3; hop++) {
      if (endsWithWord(window, w, VERSION_WORDS) != null) {
        return true;
      }
      String link = endsWithWord(window, w, VERSION_LINKS);
      if (link == null) {
        return false;
      }
      w = trimmed(window, w - link.length());
      int v = w;
      while (v > 0 && (Character.isDigit(window.charAt(v - 1)) || window.charAt(v - 1) == '.')) {
        v--;
      }
      if (v < w && window.indexOf('.', v) >= 0 && window.indexOf('.', v) < w) {
        w = trimmed(window, v);
      }
    }
    return false;
  }

  /** Words that link a version word to the dotted number after it, lower-case. */
  private static final List<String> VERSION_LINKS = List.of("→", "->", "=>", "to", "from", "replaces", "replaced",
      "is", "was", "升级到", "升级至", "升級到", "升級至", "到", "至", "从", "從", "为", "為", "是");

  /** Returns the end of {@code window}'s first {@code end} units without trailing spaces, colons, equals or quotes. */
  private static int trimmed(String window, int end) {
    int w = end;
    while (w > 0 && " \t:=：\"'".indexOf(window.charAt(w - 1)) >= 0) {
      w--;
    }
    return w;
  }

  /** Returns the word of {@code words} that {@code window}'s first {@code w} units end with as a whole word, or null. */
  private static String endsWithWord(String window, int w, List<String> words) {
    for (String word : words) {
      int at = w - word.length();
      if (at >= 0 && window.startsWith(word, at) && (at == 0 || word.charAt(0) > 0x7f
          || !Character.isLetter(word.charAt(0)) || !Character.isLetter(window.charAt(at - 1)))) {
        return word;
      }
    }
    return null;
  }

  /** Returns the match for a valid IPv6 address occupying all of {@code s}, or null. */
  Match matchIpv6(CharSequence s) {
    // :: and ::1 are the unspecified and loopback addresses, like 0.0.0.0 and 127.0.0.1.
    if (s.length() <= 3 && (s.toString().equals("::") || s.toString().equals("::1"))) {
      return null;
    }
    if (documentationHost(s)) {
      return null;
    }
    return ipv6(s) ? Match.valid("IPv6", "groups valid", 0.8, 0.95) : null;
  }

  /**
   * Says whether {@code s} is the placeholder of RFC 3849's documentation prefix, {@code 2001:db8::} with a host of
   * one or two hexadecimal digits ({@code 2001:db8::1}), as 127.0.0.1 stands for a machine; fuller addresses in the
   * prefix ({@code 2001:db8:4f21::1c7}) are written as realistic values in logs and stay addresses.
   */
  static boolean documentationHost(CharSequence s) {
    int n = s.length();
    if (n < 10 || n > 12) {
      return false;
    }
    String v = s.toString().toLowerCase(Locale.ROOT);
    if (!v.startsWith("2001:db8::")) {
      return false;
    }
    for (int i = 10; i < n; i++) {
      if (Character.digit(v.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether {@code s} (ASCII) is an IPv6 address with at least one hexadecimal digit. */
  static boolean ipv6(CharSequence s) {
    int n = s.length();
    if (n < 3 || n > MAX_IPV6) {
      return false;
    }
    int groups = 0;
    int compressions = 0;
    int i = 0;
    boolean anyDigit = false;
    if (s.charAt(0) == ':') {
      if (s.charAt(1) != ':') {
        return false;
      }
      compressions = 1;
      i = 2;
    }
    while (i < n) {
      int start = i;
      while (i < n && Fold.hex(Character.toUpperCase(s.charAt(i)))) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        if (!ipv4(s, start, n) || groups > 6) {
          return false;
        }
        groups += 2;
        anyDigit = true;
        break;
      }
      int length = i - start;
      if (length == 0 || length > 4) {
        return false;
      }
      anyDigit = true;
      groups++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (++compressions > 1) {
          return false;
        }
        i++;
      } else if (i == n) {
        return false;
      }
    }
    return anyDigit && (compressions == 0 ? groups == 8 : groups <= 7);
  }

  private static boolean ipv4(CharSequence s, int from, int to) {
    int parts = 0;
    int i = from;
    while (i <= to) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        value = value * 10 + s.charAt(i) - '0';
        i++;
      }
      int length = i - start;
      if (length == 0 || length > 3 || value > 255 || (length > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != '.') {
        return false;
      }
      i++;
    }
    return parts == 4;
  }
}
