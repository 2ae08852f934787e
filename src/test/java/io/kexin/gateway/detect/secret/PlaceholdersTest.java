package io.kexin.gateway.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks which values stand in for a credential and which binary key material, with its zero-byte runs, is real. */
class PlaceholdersTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCq3AAAAAAAAxV9kLm2Qz7Rt0PwYs"})
  void keyMaterialWithZeroByteRunsIsNoPlaceholder(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sk-AAAAAAAAAAAAAAAAAAAAAAAA", "AKIAAAAAAAAAAAAAAAAA", "sk-xxxxxxxxxxxxxxxxxxxx",
      "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "${DB_PASSWORD}", "ACCESS_TOKEN", "your-api-key-here",
      "%{DB_PASS}", "%(db_password)s", "%{密码}"})
  void fillerAndReferencesArePlaceholders(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai-key", "pg-creds", "tls-secret", "gw-llm-api-token", "s3-backup-credentials",
      "anthropic", "DeepSeek", "mailgun"})
  void namesOfStoredSecretsArePlaceholders(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct-horse-battery-staple", "Kx9-Vq-key", "-key", "9814-2207-key", "blue--key",
      "openai_key", "anthropic9Kx2", "deepseek-7Qm"})
  void passphrasesAndMixedValuesAreNoSecretNames(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"required", "Optional", "string", "hidden", "Weak", "STRONG", "empty"})
  void whatFormsSayInAPasswordsPlaceIsAPlaceholder(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hunter2", "letmein", "summer2024", "toor", "required1", "Str0ngPass", "50%Off{x}Kq9",
      "口令Kx93%md"})
  void weakPasswordsAreNoPlaceholders(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9f3c0b7e...", "sk-proj-Qm8v...Ef5", "ghp_R7mQ2vLp9x…", "令牌 a1b2c3d4..."})
  void valuesCutShortWithAnEllipsisArePlaceholders(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"eyJ1aWQiOjg4MjA0fQ.Z1RvOA.q8Vt2nLx4Rp", "s:9vXq2LmT7w.kH3sJy0Ue5", "a.b.c.d-Kx93"})
  void dotsInsideAValueAreNoEllipsis(String secret) {
    assertThat(Placeholders.isPlaceholder(secret)).isFalse();
  }
}
