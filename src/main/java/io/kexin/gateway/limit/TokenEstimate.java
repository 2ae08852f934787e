package io.kexin.gateway.limit;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Estimates the tokens of a request body from its UTF-8 bytes in one pass, without parsing it: Latin text at about
 * four characters a token for OpenAI models and three and a half for Anthropic's, one token per CJK character, two
 * for a character outside the Basic Multilingual Plane, and a fixed 1,000 for a base64 run of 512 characters or more
 * (an image or a file, which the providers price by size, not by characters). The JSON around the text is counted
 * too, which the providers' per-message overhead roughly matches. The upstream's {@code usage} corrects it.
 * Stateless.
 */
public final class TokenEstimate {
  /** Tokens counted for one long base64 run. */
  static final long MEDIA_TOKENS = 1_000;
  private static final int MEDIA_RUN = 512;

  private TokenEstimate() {}

  /** Returns the estimated input tokens of {@code body} ({@code anthropic}: Anthropic's tokenizer, else OpenAI's). */
  public static long of(ByteBuf body, boolean anthropic) {
    Counter counter = new Counter();
    body.forEachByte(body.readerIndex(), body.readableBytes(), counter);
    return counter.tokens(anthropic);
  }

  /** Returns the estimate for text, as {@link #of(ByteBuf, boolean)} counts it. */
  static long of(String text, boolean anthropic) {
    Counter counter = new Counter();
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      counter.process(b);
    }
    return counter.tokens(anthropic);
  }

  /** Counts one body's bytes by class. */
  private static final class Counter implements ByteProcessor {
    private long latin;
    private long wide;
    private long astral;
    private long other;
    private long media;
    private int run;

    @Override
    public boolean process(byte value) {
      int b = value & 0xff;
      if (b < 0x80) {
        if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/') {
          run++;
        } else {
          endRun();
        }
        latin++;
      } else {
        endRun();
        if (b >= 0xf0) {
          astral++;
        } else if (b >= 0xe0) {
          wide++;
        } else if (b >= 0xc0) {
          other++;
        }
      }
      return true;
    }

    private void endRun() {
      if (run >= MEDIA_RUN) {
        media++;
        latin -= run;
      }
      run = 0;
    }

    long tokens(boolean anthropic) {
      endRun();
      double latinTokens = anthropic ? latin / 3.5 : latin / 4.0;
      long total = (long) Math.ceil(latinTokens + wide + 2 * astral + other / 2.0) + media * MEDIA_TOKENS;
      return Math.max(1, total);
    }
  }
}
