package io.kexin.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses a request's id, which goes upstream in {@code x-request-id}, back to the client, and into every log line and
 * audit event of the exchange. The client's own {@code x-request-id} is kept only when it has the shape of a generated
 * id: a UUID, or 16 to 64 hex digits not all decimal (a W3C trace id, a hash), or this gateway's {@code kx-} form,
 * and no run of its decimal digits (dashes skipped) spells a Chinese mobile number or is as long as a card or an
 * identity number. Any other value is free text that no rule reads before it is written to the audit trail and sent
 * on (a phone number, a key, an e-mail address could all stand there), so it is replaced by an id of the gateway's
 * own, as an edge proxy does.
 */
final class RequestId {
  private RequestId() {}

  /** Returns the client's id from {@code headers} when it has the shape of a generated one, else a new id. */
  static String of(HttpHeaders headers) {
    return chosen(headers.get(ClientHandler.REQUEST_ID));
  }

  /** Returns {@code given}, the client's id (null for none), when it has a generated one's shape, else a new id. */
  static String chosen(String given) {
    return given != null && generated(given) ? given : next();
  }

  /**
   * Says whether {@code id} is a UUID in its canonical form, 16 to 64 hex digits with a letter among them, or
   * {@code kx-} and 32 hex digits, and its digits spell no value ({@link #digitsSpellAValue}).
   */
  static boolean generated(String id) {
    return shaped(id) && !digitsSpellAValue(id);
  }

  private static boolean shaped(String id) {
    int n = id.length();
    if (n == 36 && id.charAt(8) == '-' && id.charAt(13) == '-' && id.charAt(18) == '-' && id.charAt(23) == '-') {
      return hex(id, 0, 8) && hex(id, 9, 13) && hex(id, 14, 18) && hex(id, 19, 23) && hex(id, 24, 36);
    }
    if (n == 35 && id.startsWith("kx-")) {
      return hex(id, 3, 35);
    }
    // all decimal digits is no hash but a number, and may be a card or an identity number: at least one letter
    return n >= 16 && n <= 64 && hex(id, 0, n) && !id.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * Says whether a run of {@code id}'s decimal digits, dashes skipped, holds {@code 1[3-9]} and nine more digits (a
   * Chinese mobile number) or is 15 digits long or longer (a card, an identity number), or is, whole, a North American
   * number (ten digits, {@code [2-9][0-8]d [2-9]dd dddd}, or eleven with a leading 1) or a card of 13 or 14 digits that
   * passes the Luhn check; or whether runs of three digits or more apart by one hex letter each are together, whole, a
   * Chinese mobile number or a card of 13 to 19 digits that passes the Luhn check ({@code 138a1234b5678}); or whether
   * its hex digits decode to printable ASCII text ({@code 31333861…}, a value written in hex). A random 32-hex id has
   * such a run about three times in a hundred (the mobile and the long runs alone, about once), and such a chain of
   * runs about once more in a hundred; those are replaced, which costs the client only its own id on that request.
   */
  static boolean digitsSpellAValue(String id) {
    return digitsSpellAValue(id, 0, id.length());
  }

  /** Says the same of {@code s} from {@code from} to {@code to}. */
  static boolean digitsSpellAValue(String s, int from, int to) {
    return runSpellsAValue(s, from, to) || bridgedRunsSpellAValue(s, from, to) || hexText(s, from, to);
  }

  private static boolean runSpellsAValue(String s, int from, int to) {
    int run = 0;
    char[] last = new char[to - from];
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '-') {
        continue;
      }
      if (c < '0' || c > '9') {
        if (wholeRunIsAValue(last, run)) {
          return true;
        }
        run = 0;
        continue;
      }
      last[run++] = c;
      if (run >= 15 || run >= 11 && last[run - 11] == '1' && last[run - 10] >= '3') {
        return true;
      }
    }
    return wholeRunIsAValue(last, run);
  }

  /**
   * Says whether runs of at least three decimal digits (dashes skipped), each apart from the next by one hex letter,
   * are together, whole, {@code 1[3-9]} and nine more digits or a card of 13 to 19 digits that passes the Luhn check.
   */
  private static boolean bridgedRunsSpellAValue(String s, int from, int to) {
    char[] chain = new char[to - from];
    int length = 0;
    int runs = 0;
    int run = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : ' ';
      if (c == '-') {
        continue;
      }
      if (c >= '0' && c <= '9') {
        chain[length++] = c;
        run++;
        continue;
      }
      if (run >= 3 && i + 1 < to && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
        // One letter between two runs: the chain may go on.
        runs++;
        run = 0;
        continue;
      }
      if (run >= 3) {
        runs++;
      } else {
        length -= run;
      }
      if (runs > 1 && (length == 11 && chain[0] == '1' && chain[1] >= '3'
          || length >= 13 && length <= 19 && luhn(chain, length))) {
        return true;
      }
      length = 0;
      runs = 0;
      run = 0;
    }
    return false;
  }

  /**
   * Says whether the hex digits of {@code s} from {@code from} to {@code to} (dashes skipped), eight bytes or more,
   * decode to printable ASCII, nine bytes in ten at least: text written in hex, which a random id almost never is (for
   * 16 bytes, about once in a million).
   */
  private static boolean hexText(String s, int from, int to) {
    int bytes = 0;
    int printable = 0;
    int high = -1;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        continue;
      }
      if (high < 0) {
        high = d;
        continue;
      }
      int b = high << 4 | d;
      high = -1;
      bytes++;
      printable += b >= 0x20 && b < 0x7F ? 1 : 0;
    }
    return bytes >= 8 && printable * 10 >= bytes * 9;
  }

  /** Says whether the {@code run} digits of {@code d} are a North American number or a 13- or 14-digit card. */
  private static boolean wholeRunIsAValue(char[] d, int run) {
    return run == 10 && northAmerican(d, 0) || run == 11 && d[0] == '1' && northAmerican(d, 1)
        || (run == 13 || run == 14) && luhn(d, run);
  }

  /** Says whether the ten digits of {@code d} from {@code at} have a North American number's shape. */
  private static boolean northAmerican(char[] d, int at) {
    return d[at] >= '2' && d[at + 1] != '9' && d[at + 3] >= '2'
        && !(d[at + 1] == '1' && d[at + 2] == '1') && !(d[at + 4] == '1' && d[at + 5] == '1');
  }

  private static boolean luhn(char[] d, int run) {
    int sum = 0;
    for (int i = 0; i < run; i++) {
      int v = d[run - 1 - i] - '0';
      if (i % 2 == 1) {
        v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      }
      sum += v;
    }
    return sum % 10 == 0;
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code kx-} and two random 64-bit numbers with the top bit set (so always 16 hex digits each). */
  static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] id = new byte[35];
    id[0] = 'k';
    id[1] = 'x';
    id[2] = '-';
    for (int part = 0; part < 2; part++) {
      long v = r.nextLong() | Long.MIN_VALUE;
      for (int i = 3 + 16 * part + 15; i >= 3 + 16 * part; i--) {
        id[i] = (byte) Character.forDigit((int) (v & 0xf), 16);
        v >>>= 4;
      }
    }
    return new String(id, StandardCharsets.US_ASCII);
  }
}
