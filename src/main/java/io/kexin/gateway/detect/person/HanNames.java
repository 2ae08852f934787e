package io.kexin.gateway.detect.person;

import java.util.List;

/**
 * Finds Chinese names in running text: a surname (single or compound, weighted by frequency) and one or two
 * characters common in given names, scored by what stands around them — a title or role after (先生, 老师, 经理),
 * a verb after (说, 表示, 打电话), a verb or role before (发给, 通知, 联系, 同事), a list of names (、) — and
 * rejected where the surname character begins a common word (张开, 高兴, 王国, 周末). Immutable and thread-safe.
 */
final class HanNames {
  /** Titles and roles that follow a name: the strongest cue. */
  private static final String[] TITLES = {"先生", "女士", "小姐", "老师", "经理", "总监", "总裁", "董事长", "主任",
      "医生", "大夫", "律师", "教授", "博士", "同学", "师傅", "阿姨", "叔叔", "老板", "部长", "局长", "处长", "科长",
      "院长", "校长", "书记", "主席", "市长", "省长", "县长", "工程师", "会计", "护士", "警官", "队长", "班长", "组长",
      "主管", "助理", "秘书", "同志", "老先生", "女儿", "师兄", "师姐", "学长", "学姐", "导演", "教练", "总经理",
      "副总", "董事", "委员", "代表", "记者", "编辑", "研究员", "讲师", "主编", "选手", "大哥", "大姐", "姐姐", "哥哥"};
  /** Verbs that follow a name that acts or speaks. */
  private static final String[] VERBS_AFTER = {"说", "表示", "认为", "指出", "称", "介绍", "透露", "强调", "提到",
      "回答", "回复", "问道", "告诉", "打电话", "来电", "发来", "写道", "解释", "补充", "同意", "建议", "提醒", "通知",
      "负责", "签字", "确认", "已经", "刚才", "今天", "昨天", "明天", "下午", "上午", "晚上", "明早", "早上", "出差",
      "请假", "批准", "审批", "发现", "希望", "觉得", "曾经", "正在", "将", "会", "要", "想", "去", "来", "在",
      "是", "也", "都", "还", "和", "跟", "与", "及", "等", "的电话", "的手机", "的邮箱", "的微信", "的地址",
      "老公", "老婆", "的父亲", "的母亲", "的妻子", "的丈夫", "的儿子", "的女儿", "同志", "一起", "负责的"};
  /** Verbs and roles that precede a name. */
  private static final String[] BEFORE = {"发给", "交给", "转给", "寄给", "递给", "告诉", "通知", "联系", "感谢",
      "谢谢", "拜托", "麻烦", "转告", "抄送", "委托", "邀请", "采访", "会见", "致电", "恭喜", "祝贺", "表扬", "介绍",
      "推荐", "认识", "见到", "遇到", "碰到", "找到", "问问", "提醒", "安排", "同事", "朋友", "经理", "主任", "老师",
      "医生", "律师", "客户", "记者", "作者", "导演", "主演", "演员", "歌手", "教授", "部长", "总裁", "董事长",
      "负责人", "对接人", "审批人", "经办人", "老板", "老公", "老婆", "男友", "女友", "丈夫", "妻子", "儿子", "女儿",
      "同学", "室友", "邻居", "司机", "学生", "员工", "职员", "患者", "病人", "会计", "秘书", "助理", "嘉宾",
      "主持人", "获奖者", "候选人", "被告", "原告", "证人", "嫌疑人", "当事人", "小朋友", "选手", "队员", "球员",
      "先生", "女士", "叫做", "名叫", "名为", "就是", "还有", "以及", "包括"};
  /** Single characters before a name that make it likely: a verb or preposition that takes a person. */
  private static final String BEFORE_ONE = "给让叫请问找被把和跟与同向对由及、，,：:（(「“ \t\n@";

  /** Words after which the rule pii.person-name-cn reports a name: a name there is left to it. */
  private static final String[] CONTEXT = {"我叫", "名字是", "名字叫", "名叫", "姓名", "联系人", "收件人", "收货人",
      "寄件人", "患者", "申请人", "签字", "签名"};
  private static final String[] KIN = {"母亲", "父亲", "妈妈", "爸爸", "丈夫", "妻子", "爱人", "配偶", "儿子", "女儿",
      "哥哥", "姐姐", "弟弟", "妹妹"};

  /** The lists above, looked up by the unit at the offset asked (after a name) or before it (before a name). */
  private static final CueWords TITLE_WORDS = CueWords.starting(TITLES);
  private static final CueWords VERB_WORDS = CueWords.starting(VERBS_AFTER);
  private static final CueWords BEFORE_WORDS = CueWords.ending(BEFORE);
  private static final CueWords CONTEXT_WORDS = CueWords.ending(CONTEXT);
  private static final CueWords KIN_WORDS = CueWords.ending(KIN);

  /** Given-name characters that, alone after a surname, are a kinship word of address (王叔, 刘伯). */
  private static final String KIN_AFTER_SURNAME = "叔伯";

  private final HanTables tables;

  HanNames(HanTables tables) {
    this.tables = tables;
  }

  /** Adds to {@code out} the names of {@code units[0, n)} scoring at least {@code minScore}. */
  void find(char[] units, int n, double minScore, List<NameSpan> out) {
    int[] cues = new int[1];
    int i = 0;
    while (i < n) {
      char c = units[i];
      if (!tables.mayBeginName(c)) {
        i++;
        continue;
      }
      int surnameLength;
      double weight;
      if (tables.compound(units, i, n)) {
        surnameLength = 2;
        weight = 0.45;
      } else {
        byte w = tables.surname(c);
        if (w == 0) {
          i++;
          continue;
        }
        surnameLength = 1;
        weight = w == HanTables.COMMON ? 0.35 : 0.2;
      }
      if (i + surnameLength >= n || !tables.given(units[i + surnameLength]) || tables.word(units, i, n)
          || tables.wordEndsAt(units, i)) {
        i++;
        continue;
      }
      double best = -1;
      int bestEnd = -1;
      int bestCues = 0;
      for (int given = 2; given >= 1; given--) {
        int end = i + surnameLength + given;
        if (end > n || !givenRun(units, i + surnameLength, end)
            || given == 1 && KIN_AFTER_SURNAME.indexOf(units[i + surnameLength]) >= 0) {
          // 王叔, 李伯: a surname and a kinship word address an elder, they name no one
          continue;
        }
        cues[0] = 0;
        double s = score(units, n, i, end, weight, given, cues);
        if (s > best + 1e-9) {
          best = s;
          bestEnd = end;
          bestCues = cues[0];
        }
      }
      if (best >= minScore && !afterContextWord(units, i)) {
        out.add(new NameSpan(i, bestEnd, best, explanation(bestEnd - i - surnameLength, bestCues)));
        i = bestEnd;
      } else {
        i++;
      }
    }
  }

  /**
   * Returns whether a word that says a name follows (我叫, 姓名：, 紧急联系人：母亲) precedes {@code start}: the
   * context rule reports that name, and a second finding of the same span would only repeat it.
   */
  static boolean afterContextWord(char[] units, int start) {
    int p = start;
    int stop = Math.max(0, start - 16);
    if (CONTEXT_WORDS.endsAt(units, p) > 0) {
      return true;
    }
    p = skipGap(units, p, stop);
    int kin = KIN_WORDS.endsAt(units, p);
    if (kin > 0) {
      p = skipGap(units, p - kin, stop);
    }
    if (p > stop && (units[p - 1] == ')' || units[p - 1] == '）')) {
      int q = p - 1;
      while (q > stop && units[q - 1] != '(' && units[q - 1] != '（') {
        q--;
      }
      p = q > stop ? q - 1 : p;
    }
    return CONTEXT_WORDS.endsAt(units, p) > 0;
  }

  private static int skipGap(char[] units, int p, int stop) {
    while (p > stop && (units[p - 1] == ' ' || units[p - 1] == '\u3000' || units[p - 1] == ':'
        || units[p - 1] == '：' || units[p - 1] == '是' || units[p - 1] == '为' || units[p - 1] == '叫')) {
      p--;
    }
    return p;
  }

  private boolean givenRun(char[] units, int from, int to) {
    for (int p = from; p < to; p++) {
      if (!tables.given(units[p])) {
        return false;
      }
    }
    return true;
  }

  private static final int BEFORE_CUE = 1;
  private static final int TITLE_CUE = 2;
  private static final int VERB_CUE = 4;
  private static final int LIST_CUE = 8;

  /**
   * What a finding of a surname and one or two given-name characters says, by given count less one and cue bits:
   * made once, as every finding of every request would otherwise build the same few strings.
   */
  private static final String[][] EXPLANATIONS = new String[2][16];

  static {
    for (int given = 1; given <= 2; given++) {
      for (int cues = 0; cues < 16; cues++) {
        EXPLANATIONS[given - 1][cues] = explain(given, cues);
      }
    }
  }

  /** Returns what a finding of a surname and {@code given} characters with the {@code cues} bits says. */
  private static String explanation(int given, int cues) {
    return EXPLANATIONS[given - 1][cues];
  }

  private static String explain(int given, int cues) {
    StringBuilder why = new StringBuilder("surname and ").append(given).append(" given-name character")
        .append(given > 1 ? "s" : "");
    if ((cues & BEFORE_CUE) != 0) {
      why.append("; a verb or role before");
    }
    if ((cues & TITLE_CUE) != 0) {
      why.append("; a title after");
    }
    if ((cues & VERB_CUE) != 0) {
      why.append("; a verb after");
    }
    if ((cues & LIST_CUE) != 0) {
      why.append("; a list of names");
    }
    return why.toString();
  }

  /** Scores the name {@code [start, end)} and sets the bits of the cues seen in {@code cues[0]}. */
  private double score(char[] units, int n, int start, int end, double weight, int given, int[] cues) {
    // 0.2 calibrates the Chinese scores to the Latin ones: a three-character name with no cue but a clean boundary
    // is as sure as a given name and a capitalized word (tuned on Weibo NER train and presidio-research)
    double s = 0.2 + weight + 0.1 * given;
    // before
    int before = BEFORE_WORDS.endsAt(units, start);
    if (before > 0) {
      s += 0.3;
      cues[0] |= BEFORE_CUE;
    } else if (start == 0 || BEFORE_ONE.indexOf(units[start - 1]) >= 0 || !HanTables.han(units[start - 1])) {
      s += start == 0 || !HanTables.han(units[start - 1]) ? 0.1 : 0.15;
    } else {
      s -= 0.15;
    }
    if ((cues[0] & BEFORE_CUE) == 0 && afterClosingLine(units, start)) {
      s += 0.3;
      cues[0] |= BEFORE_CUE;
    }
    // after
    if (signedAfter(units, n, end)) {
      s += 0.45;
      cues[0] |= TITLE_CUE;
    } else if (end < n && (units[end] == '族' || units[end] == '氏')) {
      // a people or a clan (俄罗斯族, 司马氏), not a person
      return 0;
    }
    if (end >= n || !HanTables.han(units[end])) {
      s += end >= n ? 0.1 : punctuationAfter(units[end]);
    } else if (TITLE_WORDS.startsAt(units, n, end) > 0) {
      s += 0.45;
      cues[0] |= TITLE_CUE;
    } else if (VERB_WORDS.startsAt(units, n, end) > 0) {
      s += 0.25;
      cues[0] |= VERB_CUE;
    } else if (units[end] == '的') {
      s += 0.05;
    } else {
      s -= 0.15;
    }
    // a list of names: 、 next to another surname
    if (end + 1 < n && units[end] == '、' && tables.surname(units[end + 1]) != 0
        || start >= 3 && units[start - 1] == '、' && HanTables.han(units[start - 2])) {
      s += 0.2;
      cues[0] |= LIST_CUE;
    }
    // a given-name character that also begins a common word after the surname (王国家) weighs less
    if (given == 2 && (tables.word(units, start + 1, n) || end < n && tables.word(units, end - 1, n))
        || given == 1 && end < n && tables.word(units, end - 1, n)) {
      s -= 0.2;
    }
    return Math.max(0, Math.min(1, s));
  }

  /** Words after a name that sign a letter (溫子晴 敬上, 王伟谨上). */
  private static final CueWords SIGNED_WORDS = CueWords.starting(new String[] {"敬上", "谨上", "謹上", "拜上", "敬呈",
      "顿首", "頓首"});

  /** Returns whether a letter's signing word follows {@code end}, after at most one space. */
  private static boolean signedAfter(char[] units, int n, int end) {
    int p = end < n && (units[end] == ' ' || units[end] == '\u3000') ? end + 1 : end;
    return p < n && SIGNED_WORDS.startsAt(units, n, p) > 0;
  }

  /**
   * Returns whether {@code start} begins a line whose line before is a letter's closing salute (此致 / 敬礼！,
   * 此致敬礼, 敬禮), so that the line signs the letter.
   */
  static boolean afterClosingLine(char[] units, int start) {
    ClosingLine line = ClosingLine.before(units, start, "！!。");
    return line != null && line.length() >= 2 && units[line.end() - 2] == '敬'
        && (units[line.end() - 1] == '礼' || units[line.end() - 1] == '禮');
  }

  private static double punctuationAfter(char c) {
    return switch (c) {
      case '，', '。', '、', '！', '？', '：', '；', ',', '.', '!', '?', ' ', '\n', '）', ')', '」', '”' -> 0.1;
      default -> 0;
    };
  }
}
