package io.kexin.gateway.detect.keyword;

/**
 * Ranks pairs of units by how rarely prose holds them, so that a filter can stop a scan on a key's rarest pair
 * instead of its first (Hyperscan-style): {@code oj} of "project" rather than {@code pr}. Stateless.
 */
final class PairRarity {
  /** Ranks every pair absent from {@link #COMMON}: ideographs, digits, punctuation, rare letters. */
  static final int RARE = 1024;
  /**
   * The commonest letter pairs of English prose and code, commonest first (after published bigram counts), three
   * characters each.
   */
  private static final String COMMON = "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng"
      + " se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr"
      + " no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi"
      + " ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr"
      + " od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up"
      + " lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb"
      + " ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp gn sm fl iz ok nl my gl aw ju oa eq sy sl ps jo lf"
      + " nv je nk kn gs dy hy ze ks xt bs ik dd cy rp sk xi oe oy ws lv dl rf eu dg wr xa yi nm eb rb tm xc eh tc gy";

  private PairRarity() {}

  /**
   * Returns how rare the pair {@code a, b} (lower case) is in prose: larger is rarer, {@link #RARE} for a pair that
   * is not among the commonest letter pairs.
   */
  static int of(char a, char b) {
    if (a > 'z' || b > 'z' || a < 'a' || b < 'a') {
      return RARE;
    }
    int at = COMMON.indexOf(new String(new char[] {a, b}));
    return at < 0 ? RARE : at / 3;
  }
}
