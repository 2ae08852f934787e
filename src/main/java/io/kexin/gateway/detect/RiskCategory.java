package io.kexin.gateway.detect;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the content-safety risk categories that findings carry, with English and Chinese names, the class a
 * classifier or an evaluation counts them under ({@code injection}, {@code jailbreak}, {@code harmful-request},
 * {@code offensive}) and the nearest class of Appendix A of TC260-003 (the national basic security requirements for
 * generative AI services), so that a compliance team can map the gateway to its own catalogue. A site extends a
 * category with its own keyword lists (a keyword rule with {@code category:}); the categories themselves are fixed
 * so that every detector, report and audit event uses the same names. Immutable and thread-safe.
 */
public enum RiskCategory {
  /** Text that tries to replace the instructions the model follows: overrides, extraction, injected templates. */
  INJECTION("injection", Group.INJECTION, "Prompt injection", "提示词注入", ""),
  /** Text that tries to talk the model out of its safety rules: personas, "developer mode", DAN. */
  JAILBREAK("jailbreak", Group.JAILBREAK, "Jailbreak", "越狱攻击", ""),
  /** Violence, weapons and explosives, terrorism. */
  VIOLENCE_WEAPONS("violence-weapons", Group.HARMFUL_REQUEST, "Violence and weapons", "暴力与武器",
      "A.1 违反社会主义核心价值观"),
  /** Suicide and self-harm. */
  SELF_HARM("self-harm", Group.HARMFUL_REQUEST, "Self-harm and suicide", "自杀与自残", "A.4 侵犯他人合法权益（身心健康）"),
  /** Making, buying or selling illegal drugs. */
  ILLEGAL_DRUGS("illegal-drugs", Group.HARMFUL_REQUEST, "Illegal drugs", "毒品与违禁药物", "A.1 违反社会主义核心价值观"),
  /** Fraud, scams, phishing, money laundering. */
  FRAUD_SCAMS("fraud-scams", Group.HARMFUL_REQUEST, "Fraud and scams", "诈骗与欺诈", "A.3 商业违法违规"),
  /** Malware, intrusion into systems, cracking. */
  MALWARE_INTRUSION("malware-intrusion", Group.HARMFUL_REQUEST, "Malware and intrusion", "恶意软件与网络入侵",
      "A.1 违反社会主义核心价值观"),
  /** Sexual content involving minors. */
  SEXUAL_MINORS("sexual-minors", Group.HARMFUL_REQUEST, "Sexual content involving minors", "涉及未成年人的色情内容",
      "A.1 违反社会主义核心价值观"),
  /** Hate speech, threats and harassment of people or groups. */
  HATE_HARASSMENT("hate-harassment", Group.HARMFUL_REQUEST, "Hate and harassment", "仇恨与骚扰", "A.2 歧视性内容"),
  /** Stalking, doxxing and other violations of privacy and personal information. */
  PRIVACY("privacy", Group.HARMFUL_REQUEST, "Privacy violation", "侵犯隐私与个人信息", "A.4 侵犯他人合法权益"),
  /** Insults, abuse and discrimination (COLD-style): flagged rather than blocked by default. */
  OFFENSIVE("offensive", Group.OFFENSIVE, "Offensive language and discrimination", "冒犯与歧视性言论", "A.2 歧视性内容");

  /** Names the classes that categories are counted under: what a classifier predicts and an evaluation scores. */
  public enum Group {
    INJECTION("injection"),
    JAILBREAK("jailbreak"),
    HARMFUL_REQUEST("harmful-request"),
    OFFENSIVE("offensive");

    private final String label;

    Group(String label) {
      this.label = label;
    }

    /** Returns the class name used in policies, evaluation labels and weights files. */
    public String label() {
      return label;
    }
  }

  private final String id;
  private final Group group;
  private final String english;
  private final String chinese;
  private final String tc260;

  RiskCategory(String id, Group group, String english, String chinese, String tc260) {
    this.id = id;
    this.group = group;
    this.english = english;
    this.chinese = chinese;
    this.tc260 = tc260;
  }

  /** Returns the kebab-case name used in policy files, audit events and evaluation labels. */
  public String id() {
    return id;
  }

  /** Returns the class the category is counted under. */
  public Group group() {
    return group;
  }

  /** Returns the English name. */
  public String english() {
    return english;
  }

  /** Returns the Chinese name. */
  public String chinese() {
    return chinese;
  }

  /** Returns the nearest class of TC260-003 Appendix A, or an empty string for attacks (not a content class). */
  public String tc260() {
    return tc260;
  }

  /** Returns the category named {@code id} (case-insensitive), if any. */
  public static Optional<RiskCategory> find(String id) {
    requireNonNull(id, "id");
    String key = id.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.id.equals(key)).findFirst();
  }

  /** Returns the category named {@code id}, or throws with the list of valid names. */
  public static RiskCategory parse(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("category: " + id + " (expected: one of "
        + ids() + ")"));
  }

  /** Returns every category's id, in declaration order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(RiskCategory::id).toList();
  }
}
