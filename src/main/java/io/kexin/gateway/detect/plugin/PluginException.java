package io.kexin.gateway.detect.plugin;

/**
 * Says that a plugin detector could not judge a text: it failed to load, threw, answered out of contract or ran past
 * its time budget. The message names the plugin and the kind, never the text or the plugin's own message.
 */
public final class PluginException extends RuntimeException {
  /** Creates the exception. */
  PluginException(String message) {
    super(message);
  }
}
