package io.kexin.gateway.detect.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IpAddressRecognizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("server 192.168.1.10 is down", List.of("192.168.1.10")),
        Arguments.of("服务器地址：10.0.0.1。", List.of("10.0.0.1")),
        Arguments.of("ping 8.8.8.9:53", List.of("8.8.8.9")),
        Arguments.of("v6 2001:db8:4f21::1c7 works", List.of("2001:db8:4f21::1c7")),
        Arguments.of("loopback ::1 and fe80::1ff:fe23:4567:890a.", List.of("fe80::1ff:fe23:4567:890a")),
        Arguments.of("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            List.of("2001:0db8:85a3:0000:0000:8a2e:0370:7334")),
        Arguments.of("mapped ::ffff:192.0.2.128", List.of("::ffff:192.0.2.128")),
        // negatives
        Arguments.of("octet 256: 192.168.1.256", List.of()),
        Arguments.of("leading zero 192.168.01.1", List.of()),
        Arguments.of("five parts 1.2.3.4.5", List.of()),
        Arguments.of("time 10:30:45", List.of()),
        Arguments.of("MAC 00:1a:2b:3c:4d:5e", List.of()),
        Arguments.of("two compressions 1::2::3", List.of()),
        Arguments.of("group too long 12345::1", List.of()),
        Arguments.of("std::vector and Card: 4", List.of()),
        // version strings: a version word right before, or a dash and a letter glued after
        Arguments.of("Linux runner 5.15.0.107-generic #117-Ubuntu", List.of()),
        Arguments.of("kernel 5.15.0.107 LTS", List.of()),
        Arguments.of("version: 5.15.0.107", List.of()),
        Arguments.of("chart version 1.2.3.4, app 1.2.3.4-rc1", List.of()),
        Arguments.of("版本 5.15.0.107，内核 6.8.0.49，韌體 2.1.0.33", List.of()),
        Arguments.of("版本號：10.2.0.5", List.of()),
        // an address beside a version word further away is still one
        Arguments.of("kernel 5.15.0.107 on host 10.42.18.7", List.of("10.42.18.7")),
        Arguments.of("版本 5.15.0.107 部署在服务器 121.41.87.153", List.of("121.41.87.153")),
        Arguments.of("the versioned host 10.1.2.3", List.of("10.1.2.3")),
        Arguments.of("peer 45.79.112.203-", List.of("45.79.112.203")),
        Arguments.of("connect to 10.42.18.7-x now", List.of("10.42.18.7")),
        Arguments.of("连接 10.42.18.7-web 节点", List.of("10.42.18.7")),
        // loopback, unspecified and broadcast name the writer's own host or none; public resolvers a service
        Arguments.of("listen: 0.0.0.0:8443\nadmin: 127.0.0.1:9901\nhost: 127.0.1.1", List.of()),
        Arguments.of("server { listen [::]:80; proxy_pass http://[::1]:8080; }", List.of()),
        Arguments.of("redis 主机：127.0.0.1，绑定 0.0.0.0，广播 255.255.255.255", List.of()),
        Arguments.of("resolver 8.8.8.8 1.1.1.1; 国内用 114.114.114.114 和 223.5.5.5", List.of()),
        Arguments.of("peer 128.0.0.1 and 126.255.255.254 and 8.8.8.7", List.of("128.0.0.1", "126.255.255.254",
            "8.8.8.7")),
        Arguments.of("客户 IP：10.0.0.127，出口 0.0.0.1", List.of("10.0.0.127", "0.0.0.1")),
        // a version word a link or two back: is, →, replaces, 升级到, 从
        Arguments.of("Release 10.1.2.3 replaces 10.1.2.2; the kernel is 6.8.0.49", List.of()),
        Arguments.of("firmware 7.2.1.3 → 7.2.4.0 -> 7.2.5.0", List.of()),
        Arguments.of("固件版本从 2.1.0.33 升级到 2.1.0.40", List.of()),
        Arguments.of("the host is 10.42.18.7; build server 10.42.18.8", List.of("10.42.18.7", "10.42.18.8")),
        Arguments.of("版本 5.15.0.107 部署到 10.42.18.7", List.of("10.42.18.7")),
        Arguments.of("主机是 10.42.18.7，升级到 10.42.18.9", List.of("10.42.18.7", "10.42.18.9"))
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String text, List<String> expected) {
    assertThat(Pii.found("IP_ADDRESS", text)).containsExactlyElementsOf(expected);
  }

  @Test
  void scoresWithAndWithoutContext() {
    assertThat(Pii.score("IP_ADDRESS", "at 192.168.1.10")).isEqualTo(0.6);
    assertThat(Pii.score("IP_ADDRESS", "IP 192.168.1.10")).isEqualTo(0.9);
    assertThat(Pii.score("IP_ADDRESS", "at 2001:db8:4f21::1c7")).isEqualTo(0.8);
  }

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("subnet_cidr = 10.0.0.0/16; vpc 172.16.0.0/12, peer 192.168.4.0/24", List.of()),
        Arguments.of("内网网段 192.168.4.0/24，网关 192.168.4.1", List.of("192.168.4.1")),
        // an interface's address with its prefix, and a /32, are hosts
        Arguments.of("eth0 inet 10.1.2.3/24; route 10.8.0.0/32", List.of("10.1.2.3", "10.8.0.0")),
        Arguments.of("白名单 10.20.0.0/16 与主机 10.20.3.7/24", List.of("10.20.3.7")),
        Arguments.of("ratio 10.0.0.0/2.5 is no prefix", List.of("10.0.0.0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void readsANetworkInCidrNotationAsNoHost(String text, List<String> expected) {
    assertThat(Pii.found("IP_ADDRESS", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> documentationBlocks() {
    return Stream.of(
        Arguments.of("Sample client IP for docs: 192.0.2.10; use 198.51.100.7 and 203.0.113.9 for examples",
            List.of()),
        Arguments.of("接口文档示例：客户端 IP 198.51.100.23，请替换为真实地址", List.of()),
        // the blocks are anyone's in logs and configs with no word saying a sample is meant
        Arguments.of("2026-12-02 22:01:55 WARN login failed from 192.0.2.44", List.of("192.0.2.44")),
        Arguments.of("登录失败，来源 IP 203.0.113.9，已锁定账号", List.of("203.0.113.9")),
        // the word says nothing of other addresses
        Arguments.of("sample client IP 10.20.4.17", List.of("10.20.4.17")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentationBlocks")
  void readsDocumentationBlocksAfterASampleWordAsNoOnes(String text, List<String> expected) {
    assertThat(Pii.found("IP_ADDRESS", text)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> placeholdersAndServices() {
    return Stream.of(
        Arguments.of("{\"request\": {\"url\": \"http://[2001:db8::1]:8080/v1/status\"}}", List.of()),
        Arguments.of("监听地址 [2001:DB8::a]:443，备用 2001:db8::ff", List.of()),
        Arguments.of("curl http://169.254.169.254/latest/meta-data/iam/", List.of()),
        Arguments.of("实例元数据地址 169.254.169.254，勿对外暴露", List.of()),
        // a fuller address in the prefix is written as a realistic value; another link-local address is a host's
        Arguments.of("geo lookup 2001:db8:4f21::1c7 → CN-GD", List.of("2001:db8:4f21::1c7")),
        Arguments.of("来源 2001:db8::1:2 登录失败", List.of("2001:db8::1:2")),
        Arguments.of("APIPA fallback 169.254.17.9 on eth1", List.of("169.254.17.9")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("placeholdersAndServices")
  void readsTheDocumentationPlaceholderAndTheMetadataEndpointAsNoOnes(String text, List<String> expected) {
    assertThat(Pii.found("IP_ADDRESS", text)).containsExactlyElementsOf(expected);
  }
}
