package io.kexin.gateway.detect.harm;

/**
 * Names the roles a term of a {@link HarmDetector} list plays: a request intent ("how do I", 怎么), an act that turns an
 * object into a request for it (make, buy, 合成), an evasion (without getting caught, 不被发现), a protective or
 * negating framing (protect, report, quit, 防范, 举报, 戒), a person as the target (someone, my wife, 别人) and a
 * harmful object of a risk category.
 */
enum Cue {
  INTENT,
  ACT,
  EVASION,
  PROTECTIVE,
  TARGET,
  OBJECT
}
