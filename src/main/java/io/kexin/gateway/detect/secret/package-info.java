/** Finds credentials (API keys, tokens, private keys, passwords) with gitleaks-style rules: keywords, RE2 pattern, entropy. */
package io.kexin.gateway.detect.secret;
