package io.kexin.gateway.provider;

/** Names the kind of request an API path serves; decides where the text lives in its bodies. */
public enum Endpoint {
  CHAT,
  COMPLETIONS,
  EMBEDDINGS,
  RESPONSES,
  MODELS,
  MESSAGES
}
