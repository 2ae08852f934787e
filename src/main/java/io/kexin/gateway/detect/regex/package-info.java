/**
 * Finds matches of security-team patterns with RE2J, whose running time is linear in the text.
 *
 * <h2>Supported dialect: RE2 syntax</h2>
 *
 * <ul>
 *   <li>Literals, {@code .}, alternation {@code |}, groups {@code (...)}, non-capturing {@code (?:...)}, named
 *       {@code (?P<name>...)} and {@code (?<name>...)}.
 *   <li>Quantifiers {@code * + ?}, {@code {n} {n,} {n,m}} (counts up to 1000), and their lazy forms
 *       {@code *? +? ?? {n,m}?}.
 *   <li>Character classes {@code [a-z]}, {@code [^...]}, POSIX {@code [[:alpha:]]}, Perl {@code \d \s \w}
 *       and negations (ASCII only), Unicode {@code \pL \p{Han} \p{Greek} \PN}.
 *   <li>Anchors and boundaries {@code ^ $ \A \z \b \B} (ASCII word boundary); flags {@code (?i) (?m) (?s)
 *       (?U)} and scoped {@code (?i:...)}.
 *   <li>Escapes {@code \Q...\E}, {@code \x7F}, {@code \x{10FFFF}}, {@code \t \n \r \f \v \a}, octal {@code \123}.
 * </ul>
 *
 * <h2>Refused when the rule loads</h2>
 *
 * <p>Constructs that need backtracking and so cannot run in linear time are refused with an
 * {@link java.lang.IllegalArgumentException} that names the construct and its index in the pattern:
 * backreferences {@code \1 \k<name> \g1 (?P=name)}, lookahead {@code (?= (?!}, lookbehind {@code (?<= (?<!},
 * atomic groups {@code (?>}, possessive quantifiers {@code *+ ++ ?+ {n}+}, conditionals {@code (?(} and
 * recursion {@code (?R) (?1) (?&name)}. Other Java or PCRE syntax RE2 lacks ({@code \Z \G \h \R},
 * {@code \p{javaLowerCase}}) is refused with RE2's own description.
 *
 * <p>Loading a pattern costs bounded time and memory whatever it says: counts above 1000, groups nested more than
 * 100 deep and patterns longer than 8192 characters are refused, and the program is estimated from the pattern
 * before it is compiled (the product of the counts along each nesting), so nested counts such as
 * {@code ((a{1000}){1000}){1000}} are refused with the repetition that expands them and its index instead of
 * being built; the compiled program is checked against the same cap of 100,000 instructions.
 *
 * <h2>Match length</h2>
 *
 * <p>The longest possible match is derived from the pattern: bounded when every repetition has an upper count,
 * unbounded with {@code * + {n,}}; {@code .}, negated classes and {@code \p} count as two UTF-16 units.
 *
 * <h2>Matching</h2>
 *
 * <p>Each pattern also compiles, when small enough, to a Lucene DFA over a superset of its language
 * (assertions as empty, {@code \p} as any character); the DFA scans the text and RE2J runs only around the
 * places where a match may end. Results are exactly RE2J's leftmost-first matches.
 */
package io.kexin.gateway.detect.regex;
