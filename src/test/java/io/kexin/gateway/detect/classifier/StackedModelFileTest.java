package io.kexin.gateway.detect.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A stacked model names the injection heuristics it was trained with; a build with other ones refuses it at load. */
class StackedModelFileTest {
  private static byte[] stacked() throws IOException {
    TextFeatures f = new TextFeatures(8);
    float[] w = new float[f.buckets() * 2];
    Arrays.fill(w, 0.01f);
    LinearModel m = new LinearModel(f, List.of("a", "b"), w, new float[] {0f, 0f}, new float[] {1f, 1f, 1f, 1f},
        new float[4], new float[] {0.5f, 0.5f, 0.5f, 0.5f}, Cues.of(Map.of()), new float[Cues.SIZE * 2]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.write(out);
    return out.toByteArray();
  }

  @Test
  void readsBackAModelTrainedWithThisBuildsHeuristics() throws IOException {
    LinearModel m = LinearModel.read(new ByteArrayInputStream(stacked()));
    assertThat(m.cues()).isNotNull();
    assertThat(Cues.heuristicsDigest()).hasSize(64);
  }

  @Test
  void refusesAModelTrainedWithOtherHeuristics() throws IOException {
    byte[] raw = new GZIPInputStream(new ByteArrayInputStream(stacked())).readAllBytes();
    String tail = new String(raw, raw.length - 64, 64, StandardCharsets.US_ASCII);
    assertThat(tail).isEqualTo(Cues.heuristicsDigest());
    Arrays.fill(raw, raw.length - 64, raw.length, (byte) '0');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    assertThatThrownBy(() -> LinearModel.read(new ByteArrayInputStream(out.toByteArray())))
        .isInstanceOf(IOException.class).hasMessageContaining("trained with injection heuristics sha256 000000000000")
        .hasMessageContaining("run: gateway train");
  }
}
