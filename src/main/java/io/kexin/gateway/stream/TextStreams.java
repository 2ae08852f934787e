package io.kexin.gateway.stream;

/** Hands out the text stream for a key (a choice, a content block, a tool call) of one streamed response. */
public interface TextStreams {

  /** Returns the text stream for {@code key}, opening it on first use. */
  TextStream open(String key);

  /** Returns the text stream for {@code key} if it was opened, else null. */
  TextStream opened(String key);
}
