package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("邮箱test@example.com", List.of("test@example.com")),
        Arguments.of("两个邮箱test@qq.com和test@163.com", List.of("test@qq.com", "test@163.com")),
        Arguments.of("Write to first.last+tag@mail.example.co.uk.", List.of("first.last+tag@mail.example.co.uk")),
        Arguments.of("中文域名 user@例子.中国，谢谢", List.of("user@例子.中国")),
        Arguments.of("punycode user@xn--fsqu00a.xn--fiqs8s ok", List.of("user@xn--fsqu00a.xn--fiqs8s")),
        Arguments.of("full width ｔｅｓｔ＠ｑｑ．ｃｏｍ。", List.of("ｔｅｓｔ＠ｑｑ．ｃｏｍ")),
        Arguments.of("mailto:13812345678@163.com", List.of("13812345678@163.com")),
        Arguments.of("句号结尾 test@qq.com。下一句", List.of("test@qq.com")),
        // negatives
        Arguments.of("test@", List.of()),
        Arguments.of("@example.com", List.of()),
        Arguments.of("test@.com", List.of()),
        Arguments.of("test@example..com", List.of()),
        Arguments.of("test@localhost", List.of()),
        Arguments.of("a..b@example.com", List.of()),
        Arguments.of("test@example.c0m", List.of()),
        Arguments.of("@mention and a@b", List.of()),
        // a Git remote in SCP form names a host's Git service, not a mailbox
        Arguments.of("git clone git@github.com:kexin/gateway.git", List.of()),
        Arguments.of("远程仓库 git@gitee.com:kexin/gateway.git 已添加", List.of()),
        Arguments.of("Git@GitLab.com:~user/repo", List.of()),
        Arguments.of("write to git@kexin-tech.cn: they answer", List.of("git@kexin-tech.cn")),
        Arguments.of("邮箱 git@kexin-tech.cn，欢迎来信", List.of("git@kexin-tech.cn")),
        Arguments.of("ops@github.com:org/repo", List.of("ops@github.com")),
        // message ids in mail headers are no mailboxes; a mailbox planted in one, or beside one, still is
        Arguments.of("Message-ID: <CAF3k9xR2tPq7vLm@mail.gmail.com>\nIn-Reply-To: <20261204101533.4821@kexin-tech.cn>",
            List.of()),
        Arguments.of("References: <5f3a.1733302511@mx.kexin-tech.cn> <5f3b.1733302599@mx.kexin-tech.cn>", List.of()),
        Arguments.of("{\"message_id\": \"<20261204.88213@mail.qq.com>\", \"from\": \"wang88@qq.com\"}",
            List.of("wang88@qq.com")),
        Arguments.of("Message-ID: <1733302511.4821@smtp.163.com>，发件人 <li.na@163.com>", List.of("li.na@163.com")),
        Arguments.of("Message-ID: <zhang.wei@qq.com>", List.of("zhang.wei@qq.com")),
        Arguments.of("From: Li Na <li.na1990@163.com>\nMessage-ID: <x@y>", List.of("li.na1990@163.com")),
        Arguments.of("Reply to <20261204.4821@kexin-tech.cn> please", List.of("20261204.4821@kexin-tech.cn")),
        Arguments.of("消息编号 Message-ID 之后：<20261204.4821@kexin-tech.cn>", List.of("20261204.4821@kexin-tech.cn"))
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("EMAIL", "test@example.com")).isEqualTo(0.9);
    assertThat(Pii.score("EMAIL", "email: test@example.com")).isEqualTo(1.0);
    assertThat(Pii.found("PHONE_CN", "13812345678@163.com")).isEmpty();
  }

  static Stream<Arguments> standIns() {
    return Stream.of(
        Arguments.of("Configure mail.from: name@example.com, then replace it with yours", List.of()),
        Arguments.of("邮箱格式示例：username@example.com 或 your.name@docs.example.org", List.of()),
        Arguments.of("reply to user@corp.test or someone@mail.invalid", List.of()),
        // a named local part at those domains is one person's in tests and demos; a stand-in word elsewhere is real
        Arguments.of("write to jane.doe@example.com", List.of("jane.doe@example.com")),
        Arguments.of("联系 name@qq.com 或 user@163.com", List.of("name@qq.com", "user@163.com")),
        // an iCalendar UID names an event
        Arguments.of("BEGIN:VEVENT\nUID:20261210T020000Z-4471@calendar.example.com\nSUMMARY:周会", List.of()),
        Arguments.of("BEGIN:VEVENT\nUID:7f1c2e8a-4b3d-4e5f@kexin.io\nORGANIZER;CN=Li Na:mailto:li.na@kexin.io",
            List.of("li.na@kexin.io")),
        Arguments.of("UID:zhang.wei@qq.com", List.of("zhang.wei@qq.com")),
        Arguments.of("备注 UID:20261210-4471@kexin.io 不是行首", List.of("20261210-4471@kexin.io")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standIns")
  void readsDocumentationStandInsAndCalendarUidsAsNoMailbox(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> testFixtures() {
    return Stream.of(
        // an address at a reserved domain after a word saying a test or sample is meant is a fixture
        Arguments.of("@Test\nvoid sendsWelcomeMail() {\n  User u = new User(\"Test User\", \"test@example.com\");",
            List.of()),
        Arguments.of("describe('signup', () => {\n  it('rejects duplicates', async () => {\n    await signup({ email: "
            + "'john.doe@example.com' });\n    await expect(signup({ email: 'john.doe@example.com' })).rejects", List.of()),
        Arguments.of("// 单元测试夹具\nconst 用户 = { 姓名: '王测', 邮箱: 'wangce@example.com' };", List.of()),
        Arguments.of("简历模板：邮箱 zhangsan@example.org（请替换为你自己的）", List.of()),
        // the same words before an address at a real domain, and reserved domains with no such word, stay addresses
        Arguments.of("@Test user is alice.chen@outlook.com", List.of("alice.chen@outlook.com")),
        Arguments.of("测试环境的负责人邮箱 li.na@kexin.io", List.of("li.na@kexin.io")),
        Arguments.of("write to jane.doe@example.com", List.of("jane.doe@example.com")),
        Arguments.of("请写信给 jane.doe@example.com。", List.of("jane.doe@example.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testFixtures")
  void readsTestFixturesAtReservedDomainsAsNoMailbox(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> maskedLocalParts() {
    return Stream.of(
        Arguments.of("会员资料：手机 186****2093 | 邮箱 l***g@163.com | 等级 V3", List.of()),
        Arguments.of("We sent the reset link to ja****n@gmail.com and a code to +1 ***-***-4417.", List.of()),
        Arguments.of("邮箱 ***zhang@qq.com*** 加粗了", List.of("zhang@qq.com")),
        Arguments.of("Write to **li.na@163.com** today", List.of("li.na@163.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maskedLocalParts")
  void readsTheLettersAfterAMaskAsNoAddress(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> botMailboxes() {
    return Stream.of(
        Arguments.of("commit 8e1f0c2a\nAuthor: ci-bot <ci-bot@kexin.dev>\n\n    add staging config", List.of()),
        Arguments.of("构建日志：提交人 build_bot@kexin.dev，触发方式 定时", List.of()),
        Arguments.of("Author: Hugh Abbot <abbot@kexin.dev>", List.of("abbot@kexin.dev")),
        Arguments.of("联系 talbot.li@qq.com 或 robot@163.com", List.of("talbot.li@qq.com", "robot@163.com")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("botMailboxes")
  void readsABotsMailboxAsNoOnes(String text, List<String> expected) {
    assertThat(Pii.found("EMAIL", text)).containsExactlyElementsOf(expected);
  }
}
