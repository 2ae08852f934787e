package io.kexin.gateway.detect.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that asterisks masking an e-mail address are no split while emphasis around its pieces still is one. */
class MarkupSplitsTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "联系方式（已脱敏）：手机 138****5678，邮箱 z***@qq.com，如需完整信息请走审批。",
      "会员资料：手机 186****2093 | 邮箱 l***g@163.com | 等级 V3",
      "We sent a reset link to m****@outlook.com and a code to +1 ***-***-4417.",
      "Contact: zhang@q***.com (masked)",
      "Account recovery: we sent a code to j***@g***.com. Didn't get it?",
      "验证码已发送至邮箱 r***@p***.me，10 分钟内有效。"})
  void asterisksMaskingAnAddressJoinNothing(String text) {
    assertThat(MarkupSplits.find(text)).noneMatch(r -> r.text().contains("@"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "mail me at zhang***san***@qq.com today",
      "邮箱 **zhang**san@qq.com 谢谢",
      "write to alice**.**smith@example.org",
      "write to alice***@***example.com now",
      "邮箱 zhang***@example***.com 谢谢"})
  void emphasisAroundAnAddressPieceIsStillASplit(String text) {
    assertThat(MarkupSplits.find(text)).anyMatch(r -> r.text().contains("@") && r.joins().length > 0);
  }
}
