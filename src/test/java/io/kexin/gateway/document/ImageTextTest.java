package io.kexin.gateway.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kexin.gateway.config.ImageLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads text drawn in real images with the real engine, English and Chinese, in each format a client sends, and
 * keeps the bounds: a bomb of blank pixels, an image that takes too long, an engine that is missing or lacks a
 * language, bytes that are no image.
 */
class ImageTextTest {
  private static final String AWS = "AKIAZ7Q3M4XK2P5RT5WB";

  private static ImageText ocr() {
    return new ImageText(new ImageLimits(true, null, null, null, null, null, null, null, null));
  }

  private static String read(ImageText ocr, byte[] image) {
    FileReading reading = ocr.read(image, ocr.deadline());
    assertThat(reading.unreadable()).isNull();
    return reading.text();
  }

  @Test
  void readsAKeyAndAPhoneNumberDrawnInEnglish() {
    TestImages.requireOcr();
    String text = read(ocr(), TestImages.png("Deploy notes: aws_access_key_id = " + AWS,
        "Please call me at 138 1234 5678 tomorrow."));

    assertThat(text).contains(AWS).contains("138 1234 5678").contains("Please call me");
  }

  @Test
  void readsAnIdAndANameDrawnInChinese() {
    TestImages.requireOcr();
    String text = read(ocr(), TestImages.png("客户张伟的身份证号是11010519491231002X，电话13912345678。"));

    assertThat(text.replace(" ", "")).contains("张伟").contains("11010519491231002X").contains("13912345678");
  }

  @Test
  void readsEveryFormatAClientSends() {
    TestImages.requireOcr();
    for (String format : List.of("png", "jpeg", "gif", "bmp", "tiff")) {
      byte[] image = TestImages.image(format, "token " + AWS);
      assertThat(ImageText.isImage(image)).as(format).isTrue();
      assertThat(read(ocr(), image)).as(format).contains(AWS);
    }
  }

  @Test
  void refusesABombOfBlankPixelsBeforeTheEngineSeesIt() {
    byte[] bomb = TestImages.blank(12_000, 4_000);
    assertThat(bomb.length).isLessThan(100_000);

    FileReading reading = ocr().read(bomb, ocr().deadline());

    assertThat(reading.read()).isFalse();
    assertThat(reading.unreadable()).isEqualTo("has more than 40000000 pixels");
  }

  @Test
  void refusesAnImageLargerThanItsByteBound() {
    ImageText small = new ImageText(new ImageLimits(true, null, null, 1_000, null, null, null, null, null));
    FileReading reading = small.read(TestImages.png("a line of text to make the image larger than a kilobyte"),
        small.deadline());

    assertThat(reading.unreadable()).isEqualTo("is larger than 1000 bytes");
  }

  @Test
  void anImageThatTakesLongerThanItsBoundIsUnreadAndTheEngineKilled() {
    TestImages.requireOcr();
    ImageText slow = new ImageText(new ImageLimits(true, null, null, null, null, 1, null, null, null));
    FileReading reading = slow.read(TestImages.png("text " + AWS, "更多的文字 13912345678"), slow.deadline());

    assertThat(reading.unreadable()).isIn("takes more than 1 ms to read",
        "waited more than 1 ms for the OCR engine (too many images at once)");
  }

  @Test
  void aDamagedHeaderOrBytesThatAreNoImageAreUnread() {
    byte[] png = TestImages.png("x");
    byte[] damaged = java.util.Arrays.copyOf(png, 20);

    assertThat(ocr().read(damaged, ocr().deadline()).unreadable()).isEqualTo("has a damaged PNG header");
    assertThat(ocr().read("plain text".getBytes(), ocr().deadline()).unreadable())
        .startsWith("is not an image in a format");
    assertThat(ImageText.isImage("plain text".getBytes())).isFalse();
  }

  @Test
  void anEngineThatCannotStartLeavesTheImageUnreadAndFailsTheStartupCheck() {
    ImageText missing = new ImageText(new ImageLimits(true, "/nonexistent/tesseract", null, null, null, null, null,
        null, null));

    assertThat(missing.read(TestImages.png("x"), missing.deadline()).unreadable())
        .isEqualTo("was not read: the OCR engine '/nonexistent/tesseract' did not start");
    assertThatThrownBy(missing::check).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be started");
  }

  @Test
  void theStartupCheckNamesALanguageTheEngineLacks() {
    TestImages.requireOcr();
    ImageText klingon = new ImageText(new ImageLimits(true, null, List.of("eng", "tlh"), null, null, null, null,
        null, null));

    assertThatThrownBy(klingon::check).isInstanceOf(IllegalStateException.class).hasMessageContaining("tlh");
    ocr().check();
  }

  @Test
  void anEngineThatFailsOnTheImageLeavesItUnread(@TempDir Path dir) throws Exception {
    Path failing = dir.resolve("failing-engine");
    Files.writeString(failing, "#!/bin/sh\ncat > /dev/null\nexit 3\n");
    assertThat(failing.toFile().setExecutable(true)).isTrue();
    ImageText broken = new ImageText(new ImageLimits(true, failing.toString(), null, null, null, null, null, null,
        null));

    assertThat(broken.read(TestImages.png("x"), broken.deadline()).unreadable())
        .isEqualTo("is not an image the OCR engine can read");
  }
}
