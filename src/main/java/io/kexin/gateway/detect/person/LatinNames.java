package io.kexin.gateway.detect.person;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds names written in Latin letters in running text: runs of capitalized words, one of them a given name of the
 * lists (Anglo, Hispanic, Indian, Chinese pinyin, Arabic, German, French, Slavic …) or a family name beside one,
 * scored by cues around them (a title or greeting before, "said" or a possessive after, a signature line, a list of
 * names) and cut at words that are no name (months, weekdays, places, organizations, sentence words). A given name
 * that is also an ordinary word (Will, May, Grace) counts only beside a family name or with a cue.
 * Immutable and thread-safe.
 */
final class LatinNames {
  /** Bounds the words of a run and the letters of a word. */
  static final int MAX_WORDS = 4;
  static final int MAX_WORD = 24;
  /** Bounds how far before and after a run the cues are read. */
  static final int CUE_WINDOW = 24;

  static final int GIVEN = 1;
  static final int GIVEN_WORD = 2;
  static final int SURNAME = 4;
  static final int PLACE = 8;
  static final int NOT_NAME = 16;

  /** Titles and greetings right before a name (the word and any period, comma or colon after it). */
  private static final String[] TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
      "madam", "dame", "lady", "lord", "uncle", "aunt", "auntie", "coach", "officer", "detective", "captain", "judge",
      "rev", "father", "sister", "brother", "grandma", "grandpa", "senator", "president", "minister", "mayor",
      "governor", "agent", "nurse", "doctor", "dear", "hi", "hello", "hey", "thanks", "thank you", "congrats",
      "congratulations", "welcome", "bye", "morning", "cc", "bcc", "to", "from", "attn", "attendees", "author",
      "authors", "owner", "assignee", "reviewer", "reviewers", "approver", "speaker", "host", "signed",
      "regards", "best", "cheers", "sincerely", "love", "yours", "ceo", "cto", "cfo", "founder", "manager",
      "director", "colleague", "colleagues", "friend", "friends", "boss", "wife", "husband", "son", "daughter",
      "mother", "mom", "mum", "dad", "partner", "client", "patient", "tenant", "landlord", "neighbor", "neighbour",
      "teacher", "student", "producer", "singer", "actor", "actress", "writer", "artist", "player", "coworker"};
  /** Verbs and prepositions before a name that take a person. */
  private static final String[] BEFORE = {"met with", "meet with", "meeting with", "spoke with", "speak with",
      "spoke to", "speak to", "talked to", "talk to", "talking to", "ask", "asked", "tell", "told", "call", "called",
      "email", "emailed", "e-mail", "meet", "met", "contact", "contacted", "ping", "pinged", "thank", "invite",
      "invited", "introduce", "introduced", "forward it to", "forward this to", "forward the", "send it to",
      "sent it to", "loop in", "looped in", "cc'd", "named", "name is", "by", "with", "and", "under", "for", "via",
      "visited", "visit", "hired", "fired", "interviewed", "married", "congratulate", "remind", "reminded", "let",
      "ask for", "assigned to", "reports to", "according to", "per", "between", "among", "including", "like", "as",
      "dr.", "mr.", "ms.", "mrs."};
  /** Words after a name that an act or a possession follows. */
  private static final String[] AFTER = {"said", "says", "told", "tells", "asked", "asks", "wrote", "writes",
      "replied", "replies", "added", "explained", "noted", "called", "calls", "mentioned", "thinks", "thought",
      "agreed", "confirmed", "suggested", "recommended", "approved", "signed", "sent", "emailed", "joined", "left",
      "will", "would", "can", "could", "should", "is", "was", "has", "had", "and", "who", "from", "at", "of",
      "flew", "went", "came", "arrived", "listed", "lives", "lived", "works", "worked", "wants", "needs", "likes",
      "loves", "knows", "met", "helped", "took", "gave", "made", "got", "did", "does", "didn't", "isn't", "wasn't",
      "won't", "can't", "doesn't", "(", "-", "—", "–", "'s", "’s"};

  /** Words after which the rule pii.person-name reports a name, lower case. */
  private static final String[] CONTEXT = {"my name is", "my name's", "his name is", "her name is", "whose name is",
      "their name is", "name:", "full name:", "patient name:", "contact person:", "mr.", "mrs.", "ms.", "dr.",
      "prof.", "dear mr", "dear mrs", "dear ms", "dear miss", "dear dr", "dear prof"};

  /** The lists above by the unit a word starts or ends with, lower-cased, so a cue is compared with a few words. */
  private static final CueWords TITLE_WORDS = CueWords.startingIgnoringCase(TITLES);
  private static final CueWords BEFORE_WORDS = CueWords.endingIgnoringCase(BEFORE);
  private static final CueWords AFTER_WORDS = CueWords.startingIgnoringCase(AFTER);
  private static final CueWords CONTEXT_WORDS = CueWords.endingIgnoringCase(CONTEXT);
  /** The one short word after a name that weighs as much as a verb. */
  private static final char[] POSSESSIVE = "'s".toCharArray();

  private final NameLists lists;

  LatinNames(NameLists lists) {
    this.lists = lists;
  }

  /** Adds to {@code out} the names of {@code units[0, n)} scoring at least {@code minScore}. */
  void find(char[] units, int n, double minScore, List<NameSpan> out) {
    int[] starts = new int[MAX_WORDS];
    int[] ends = new int[MAX_WORDS];
    int[] kinds = new int[MAX_WORDS];
    boolean[] initials = new boolean[MAX_WORDS];
    int i = 0;
    while (i < n) {
      char c = units[i];
      if (!upper(c) || i > 0 && glued(units[i - 1])) {
        i++;
        continue;
      }
      int e = wordEnd(units, n, i);
      if (e < 0) {
        i = skipWord(units, n, i);
        continue;
      }
      // a run of capitalized words, one space apart, an initial (R. or R) between them allowed
      int k = 0;
      int p = i;
      int end = e;
      starts[0] = i;
      ends[0] = e;
      k = 1;
      int q = e;
      while (k < MAX_WORDS) {
        int next = q;
        if (next + 1 < n && units[next] == ' ' && upper(units[next + 1])) {
          int s = next + 1;
          // an initial: "R." or "R" then a space
          if (s + 2 < n && (units[s + 1] == '.' && units[s + 2] == ' ' || units[s + 1] == ' ')
              && s + 3 <= n) {
            int t = units[s + 1] == '.' ? s + 3 : s + 2;
            if (t < n && upper(units[t])) {
              int we = wordEnd(units, n, t);
              if (we > 0) {
                starts[k] = t;
                ends[k] = we;
                initials[k] = true;
                k++;
                q = we;
                continue;
              }
            }
            break;
          }
          int we = wordEnd(units, n, s);
          if (we < 0) {
            break;
          }
          starts[k] = s;
          ends[k] = we;
          initials[k] = false;
          k++;
          q = we;
        } else {
          break;
        }
      }
      for (int w = 0; w < k; w++) {
        kinds[w] = kind(units, starts[w], ends[w]);
      }
      // a given name that is also a word counts as given before a family name (Will Smith, Grace Hopper)
      for (int w = 0; w + 1 < k; w++) {
        if ((kinds[w] & GIVEN_WORD) != 0 && (kinds[w + 1] & SURNAME) != 0 && (kinds[w + 1] & NOT_NAME) == 0) {
          kinds[w] &= ~NOT_NAME;
        }
      }
      // pieces between words that are no name
      int a = 0;
      while (a < k) {
        if ((kinds[a] & NOT_NAME) != 0) {
          a++;
          continue;
        }
        int b = a;
        while (b + 1 < k && (kinds[b + 1] & NOT_NAME) == 0) {
          b++;
        }
        NameSpan s = score(units, n, starts, ends, kinds, initials, a, b, k);
        if (s != null && s.score() >= minScore && !afterContextWord(units, starts[a])) {
          out.add(s);
        }
        a = b + 1;
      }
      i = ends[k - 1];
    }
  }

  /** Returns the kind bits of the word {@code units[from, to)}. */
  private int kind(char[] units, int from, int to) {
    int k = lists.kinds().valueOf(units, from, to);
    if ((k & (GIVEN | SURNAME | NOT_NAME | PLACE)) == 0 && familySuffix(units, from, to)) {
      k |= SURNAME;
    }
    return k;
  }

  /** Scores the piece of words {@code a..b} of a run of {@code k}; null when it cannot be a name. */
  private NameSpan score(char[] units, int n, int[] starts, int[] ends, int[] kinds, boolean[] initials, int a, int b,
      int k) {
    int words = b - a + 1;
    int first = kinds[a];
    int last = kinds[b];
    double s;
    String why;
    if (words == 1) {
      if ((first & GIVEN) != 0 && (first & PLACE) == 0) {
        s = 0.45;
        why = "a given name";
      } else if ((first & SURNAME) != 0 && (first & PLACE) == 0) {
        s = 0.3;
        why = "a family name";
      } else if ((first & GIVEN_WORD) != 0) {
        s = 0.15;
        why = "a given name that is also a word";
      } else if ((first & PLACE) == 0 && a > 0 && titleWord(units, starts[a - 1], ends[a - 1])
          && ends[a] < n && (units[ends[a]] == ',' || units[ends[a]] == '!' || units[ends[a]] == ':')) {
        s = 0.4;
        why = "a capitalized word";
      } else {
        return null;
      }
      if (sentenceStart(units, starts[a])) {
        s -= 0.1;
      }
    } else {
      if ((first & GIVEN) != 0) {
        s = (last & SURNAME) != 0 ? 0.85 : 0.7;
        why = "a given name and a capitalized word";
      } else if ((first & GIVEN_WORD) != 0) {
        s = (last & SURNAME) != 0 ? 0.75 : 0.35;
        why = "a given name that is also a word and a capitalized word";
      } else if ((first & SURNAME) != 0 && (kinds[a + 1] & GIVEN) != 0) {
        s = 0.7;
        why = "a family name and a given name";
      } else if ((last & SURNAME) != 0 && (last & PLACE) == 0) {
        s = 0.45;
        why = "a capitalized word and a family name";
      } else if (words >= 2 && initialInside(initials, a, b)) {
        s = 0.65;
        why = "capitalized words around an initial";
      } else if (words <= 3 && a == 0 && b == k - 1 && afterClosingLine(units, starts[a])) {
        // a signature: the line before ends a letter (Best regards,), so the words alone on the next line sign it
        s = 0.4;
        why = "capitalized words under a letter's closing";
      } else {
        return null;
      }
      if (initialInside(initials, a, b)) {
        s += 0.1;
      }
      for (int w = a + 1; w <= b; w++) {
        if ((kinds[w] & PLACE) != 0 && (kinds[w] & SURNAME) == 0) {
          s -= 0.4;
        }
      }
      if (words >= 4) {
        s -= 0.2;
      }
      if (words == k && k >= 3 && sentenceStart(units, starts[a]) && (first & GIVEN) == 0) {
        s -= 0.1;
      }
    }
    int start = starts[a];
    int end = ends[b];
    if (words == 2 && lists.firms().contains(units, start, end)) {
      return null;
    }
    double cue = 0;
    String cueWhy = null;
    if (a > 0 && (kinds[a - 1] & NOT_NAME) != 0) {
      // the word before in the run: a title or greeting (Dear Priya, Dr Mehta, Thanks Tom)
      if (titleWord(units, starts[a - 1], ends[a - 1])) {
        cue = 0.35;
        cueWhy = "a title or greeting before";
      }
    } else if (a == 0) {
      int before = wordBefore(units, start);
      if (before >= 0 && titleAt(units, before, start)) {
        cue = 0.35;
        cueWhy = "a title, greeting or header before";
      } else if (before >= 0 && endsWithAny(units, start, BEFORE_WORDS)) {
        cue = 0.2;
        cueWhy = "a verb or preposition before";
      }
    }
    double after = 0;
    if (b == k - 1) {
      after = after(units, n, end);
    }
    if (after > 0 && cue < 0.35) {
      cue = Math.max(cue, after);
      cueWhy = cueWhy == null ? "a verb or possessive after" : cueWhy;
    }
    if (end + 1 < n && units[end] == ' ' && units[end + 1] >= '0' && units[end + 1] <= '9') {
      // a number after: a street of a European address (Joaquin Suarez 2906)
      s -= 0.3;
    }
    double line = lineCue(units, n, start, end, a == 0, b == k - 1);
    if (line > 0) {
      cue += line;
      cueWhy = cueWhy == null ? "alone on its line" : cueWhy + "; alone on its line";
    }
    double list = words == 1 && (first & GIVEN) != 0 ? givenListCue(units, n, start, end) : 0;
    if (list == 0) {
      list = listCue(units, n, start, end);
    }
    if (words == 1 && (first & GIVEN) != 0 && vocative(units, n, start, end)) {
      list += 0.15;
    }
    if (list > 0) {
      cue += list;
      cueWhy = cueWhy == null ? "in a list of names" : cueWhy + "; in a list of names";
    }
    s += cue;
    return new NameSpan(start, end, Math.max(0, Math.min(1, s)), cueWhy == null ? why : why + "; " + cueWhy);
  }

  /**
   * Returns whether a word that says a name follows (My name is, Name:, Mr., Dear Ms) precedes {@code start}: the
   * rule pii.person-name reports that name, and a second finding of the same span would only repeat it.
   */
  static boolean afterContextWord(char[] units, int start) {
    int p = start;
    while (p > 0 && (units[p - 1] == ' ' || units[p - 1] == '\t')) {
      p--;
    }
    if (p == 0) {
      return false;
    }
    for (char[] w : CONTEXT_WORDS.candidates(units[p - 1])) {
      int from = p - w.length;
      if (from >= 0 && (from == 0 || !Character.isLetter(units[from - 1])) && regionIgnoreCase(units, from, w)) {
        return true;
      }
    }
    return false;
  }

  /** Endings of family names in several languages (Ivanov, Kowalska, Petrović, Magnússon, Papadopoulos …). */
  private static final String[] FAMILY_SUFFIXES = {"ov", "ova", "ev", "eva", "ovich", "evich", "ovna", "evna", "sky",
      "ski", "ska", "skaya", "wicz", "enko", "escu", "sson", "ssen", "dottir", "dóttir", "poulos", "ović", "ovic",
      "ević", "evic", "shvili", "dze", "yan", "ini", "elli", "etti", "ucci", "opoulou", "akis", "idis"};
  private static final CueWords SUFFIX_WORDS = CueWords.endingIgnoringCase(FAMILY_SUFFIXES);

  /** Returns whether {@code units[from, to)}, six letters or more, ends like a family name. */
  private static boolean familySuffix(char[] units, int from, int to) {
    if (to - from < 6) {
      return false;
    }
    for (char[] x : SUFFIX_WORDS.candidates(units[to - 1])) {
      if (to - from > x.length + 2 && regionIgnoreCase(units, to - x.length, x)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the word {@code units[from, to)} is a title or greeting (case as written, or lower). */
  private static boolean titleWord(char[] units, int from, int to) {
    if (to <= from) {
      return false;
    }
    for (char[] t : TITLE_WORDS.candidates(units[from])) {
      if (t.length == to - from && regionIgnoreCase(units, from, t)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether the text between {@code from} and {@code start} is a title, greeting or header and separator. */
  private static boolean titleAt(char[] units, int from, int start) {
    int e = from;
    while (e < start && (Character.isLetter(units[e]) || units[e] == '\'' || units[e] == ' ' && e + 1 < start
        && Character.isLetter(units[e + 1]) && from + 5 >= e)) {
      e++;
    }
    // "Thank you" is the one title of two words
    if (e == from) {
      return false;
    }
    for (char[] t : TITLE_WORDS.candidates(units[from])) {
      if (t.length == e - from && regionIgnoreCase(units, from, t)) {
        for (int p = e; p < start; p++) {
          char c = units[p];
          if (!(c == '.' || c == ',' || c == ':' || c == ' ' || c == '\t')) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /** Returns where the word before {@code start} begins, past spaces and one punctuation mark; -1 when none. */
  private static int wordBefore(char[] units, int start) {
    int p = start - 1;
    int stop = Math.max(0, start - CUE_WINDOW);
    while (p >= stop && (units[p] == ' ' || units[p] == '\t' || units[p] == ',' || units[p] == ':'
        || units[p] == '.')) {
      p--;
    }
    if (p < stop || !Character.isLetter(units[p])) {
      return -1;
    }
    while (p > stop && (Character.isLetter(units[p - 1]) || units[p - 1] == '\'')) {
      p--;
    }
    // "thank you", "met with": take one more word when the one before is a short word
    int q = p - 1;
    if (q > stop && units[q] == ' ' && Character.isLetter(units[q - 1])) {
      int r = q - 1;
      while (r > stop && Character.isLetter(units[r - 1])) {
        r--;
      }
      if (q - r <= 5 && (regionIgnoreCase(units, r, "thank") && q - r == 5)) {
        return r;
      }
    }
    return p;
  }

  /** Returns whether the text just before {@code start} (one space) ends in one of {@code words}, lower case. */
  private static boolean endsWithAny(char[] units, int start, CueWords words) {
    if (start < 2 || units[start - 1] != ' ') {
      return false;
    }
    int end = start - 1;
    for (char[] w : words.candidates(units[end - 1])) {
      int from = end - w.length;
      if (from >= 0 && (from == 0 || !Character.isLetter(units[from - 1])) && regionIgnoreCase(units, from, w)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the score a word after the name adds: a speech or action verb, a possessive. */
  private static double after(char[] units, int n, int end) {
    if (end + 1 < n && (units[end] == '\'' || units[end] == '’') && units[end + 1] == 's'
        && (end + 2 >= n || !Character.isLetter(units[end + 2]))) {
      return 0.2;
    }
    int p = end;
    if (p < n && units[p] == ',') {
      p++;
    }
    if (p + 1 >= n || units[p] != ' ') {
      // nothing after the space: a text that ends with the name and a space
      return 0;
    }
    p++;
    for (char[] w : AFTER_WORDS.candidates(units[p])) {
      int e = p + w.length;
      if (e <= n && regionIgnoreCase(units, p, w) && (e >= n || !Character.isLetter(units[e]))) {
        return w.length <= 3 && !Arrays.equals(w, POSSESSIVE) ? 0.1 : 0.2;
      }
    }
    return 0;
  }

  /**
   * Returns the score of a name alone on its line (a signature, a list of attendees, an address block): more when
   * the line before ends a letter (Thanks, Best regards) with a comma.
   */
  private static double lineCue(char[] units, int n, int start, int end, boolean firstOfRun, boolean lastOfRun) {
    if (!firstOfRun || !lastOfRun) {
      return 0;
    }
    int p = start - 1;
    while (p >= 0 && (units[p] == ' ' || units[p] == '\t' || units[p] == '>' || units[p] == '-' || units[p] == '*')) {
      p--;
    }
    if (p >= 0 && units[p] != '\n') {
      return 0;
    }
    int e = end;
    while (e < n && (units[e] == ' ' || units[e] == '\t' || units[e] == '\r' || units[e] == ',')) {
      e++;
    }
    if (e < n && units[e] != '\n') {
      return 0;
    }
    if (p < 0) {
      return 0.05;
    }
    // the line before: does it end a letter with a comma or a closing word?
    int q = p - 1;
    while (q >= 0 && (units[q] == ' ' || units[q] == '\r' || units[q] == '\t')) {
      q--;
    }
    if (q >= 0 && (units[q] == ',' || units[q] == '!')) {
      return 0.35;
    }
    return 0.1;
  }

  /** Closing lines of a letter, lower case, without the comma or mark after them. */
  private static final Set<String> CLOSINGS = Set.of("best regards", "kind regards", "warm regards",
      "warmest regards", "regards", "best", "best wishes", "all the best", "cheers", "thanks", "thank you",
      "many thanks", "thanks again", "sincerely", "yours sincerely", "sincerely yours", "yours truly",
      "yours faithfully", "faithfully", "respectfully", "cordially", "warmly", "with thanks", "with best regards");

  /**
   * Returns whether the line before the one {@code start} is on, after any blank lines, is a letter's closing
   * ({@code Best regards,}, {@code Cheers}) with at most a comma or a mark after it.
   */
  static boolean afterClosingLine(char[] units, int start) {
    ClosingLine line = ClosingLine.before(units, start, ",!.，");
    return line != null && line.length() >= 4 && line.length() <= 20
        && CLOSINGS.contains(new String(units, line.from(), line.length()).toLowerCase(Locale.ROOT));
  }

  /**
   * Returns 0.25 when a given name of the lists is joined by a comma or "and" to another given name of the lists
   * (Romi, Erik, Amy and Kristen), else 0.
   */
  private double givenListCue(char[] units, int n, int start, int end) {
    int p = end;
    int next = -1;
    if (p + 2 < n && units[p] == ',' && units[p + 1] == ' ') {
      next = p + 2;
    } else if (p + 5 < n && units[p] == ' ' && units[p + 1] == 'a' && units[p + 2] == 'n' && units[p + 3] == 'd'
        && units[p + 4] == ' ') {
      next = p + 5;
    }
    if (next >= 0 && upper(units[next])) {
      int e = wordEnd(units, n, next);
      if (e > 0 && lists.given().contains(units, next, e)) {
        return 0.25;
      }
    }
    int q = start;
    int prevEnd = -1;
    if (q >= 3 && units[q - 1] == ' ' && units[q - 2] == ',') {
      prevEnd = q - 2;
    } else if (q >= 6 && units[q - 1] == ' ' && units[q - 2] == 'd' && units[q - 3] == 'n' && units[q - 4] == 'a'
        && units[q - 5] == ' ') {
      prevEnd = q - 5;
    }
    if (prevEnd > 0) {
      int b = prevEnd;
      while (b > 0 && Character.isLetter(units[b - 1])) {
        b--;
      }
      if (b < prevEnd && lists.given().contains(units, b, prevEnd)) {
        return 0.25;
      }
    }
    return 0;
  }

  /** Returns whether a name stands addressed between a comma and a mark (Don't go, Nicholas! Remember me, Maria?). */
  private static boolean vocative(char[] units, int n, int start, int end) {
    return start >= 2 && units[start - 1] == ' ' && units[start - 2] == ','
        && end < n && (units[end] == '!' || units[end] == '?');
  }

  /** Returns the score of a name that a comma, "and" or "&" joins to another capitalized word pair. */
  private static double listCue(char[] units, int n, int start, int end) {
    // after: ", X" or " and X" or " & X" where X starts a capitalized word
    int p = end;
    if (p + 2 < n && units[p] == ',' && units[p + 1] == ' ' && upper(units[p + 2])
        || p + 5 < n && units[p] == ' ' && units[p + 1] == 'a' && units[p + 2] == 'n' && units[p + 3] == 'd'
        && units[p + 4] == ' ' && upper(units[p + 5])
        || p + 3 < n && units[p] == ' ' && units[p + 1] == '&' && units[p + 2] == ' ' && upper(units[p + 3])) {
      return 0.1;
    }
    int q = start;
    if (q >= 3 && units[q - 1] == ' ' && units[q - 2] == ',' && Character.isLetter(units[q - 3])) {
      return 0.1;
    }
    return 0;
  }

  private static boolean initialInside(boolean[] initials, int a, int b) {
    for (int w = a + 1; w <= b; w++) {
      if (initials[w]) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code at} begins a sentence: the text's start, a line's, or after . ! ? and a space. */
  private static boolean sentenceStart(char[] units, int at) {
    int p = at - 1;
    while (p >= 0 && (units[p] == ' ' || units[p] == '"' || units[p] == '\'' || units[p] == '“' || units[p] == '(')) {
      p--;
    }
    return p < 0 || units[p] == '.' || units[p] == '!' || units[p] == '?' || units[p] == '\n' || units[p] == ':'
        || units[p] == '>' || units[p] == '-' || units[p] == '*' || units[p] == '#';
  }

  /**
   * Returns the end of the capitalized word at {@code i}, or -1 when it is none: letters with at least one
   * lower-case letter, an apostrophe or hyphen inside (O'Brien, Jean-Pierre), an inner capital only after a prefix
   * of family names (McDonald, DeSantis, MacArthur, O'Neil); not glued to digits, an underscore, an {@code @} or a
   * dot and a letter (a file, an address, a member).
   */
  static int wordEnd(char[] units, int n, int i) {
    int p = i + 1;
    boolean lower = false;
    while (p < n) {
      char c = units[p];
      if (c < 128 ? c >= 'a' && c <= 'z' : Character.isLowerCase(c)) {
        lower = true;
        p++;
      } else if (c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c)) {
        if (!prefixBefore(units, i, p)) {
          return -1;
        }
        p++;
      } else if ((c == '\'' || c == '’' || c == '-') && p + 1 < n && Character.isLetter(units[p + 1])) {
        p++;
      } else if (c >= 128 && Character.isLetter(c)) {
        p++;
      } else {
        break;
      }
    }
    if (p - i > 3 && units[p - 1] == 's' && (units[p - 2] == '\'' || units[p - 2] == '’')) {
      // a possessive is no part of the name: Angela Merkel's
      p -= 2;
    }
    if (!lower || p - i < 2 || p - i > MAX_WORD) {
      return -1;
    }
    if (p < n) {
      char c = units[p];
      if (c >= '0' && c <= '9' || c == '_' || c == '@' || c == '(' || c == '/' || c == '\\'
          || (c == '.' && p + 1 < n && Character.isLetterOrDigit(units[p + 1]))) {
        return -1;
      }
    }
    return p;
  }

  /** Returns whether the capital at {@code p} follows a family-name prefix or a hyphen or apostrophe. */
  private static boolean prefixBefore(char[] units, int i, int p) {
    char prev = units[p - 1];
    if (prev == '-' || prev == '\'' || prev == '’') {
      return true;
    }
    int len = p - i;
    return len == 2 && (units[i] == 'M' && units[i + 1] == 'c' || units[i] == 'D' && (units[i + 1] == 'e'
        || units[i + 1] == 'i' || units[i + 1] == 'u' || units[i + 1] == 'a') || units[i] == 'L' && (units[i + 1] == 'e'
        || units[i + 1] == 'a'))
        || len == 3 && (units[i] == 'M' && units[i + 1] == 'a' && units[i + 2] == 'c'
        || units[i] == 'V' && units[i + 1] == 'a' && units[i + 2] == 'n');
  }

  private static int skipWord(char[] units, int n, int i) {
    int p = i + 1;
    while (p < n && (Character.isLetterOrDigit(units[p]) || units[p] == '_')) {
      p++;
    }
    return p;
  }

  /**
   * Returns whether {@code c} is a capital letter of an alphabet names are written in here (Latin, Greek, Cyrillic);
   * other scripts are not asked about, which keeps a Chinese text's loop to a comparison per character.
   */
  static boolean upper(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z';
    }
    return (c < 0x0530 || c >= 0x1E00 && c < 0x2000) && Character.isUpperCase(c);
  }

  /** Returns whether a character glued before a word makes it part of an identifier, address or handle. */
  private static boolean glued(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.' || c == '/' || c == '\\' || c == '#'
        || c == '$' || c == '<' || c == '{' || c == '-';
  }

  private static boolean regionIgnoreCase(char[] units, int from, char[] w) {
    if (from + w.length > units.length) {
      return false;
    }
    for (int k = 0; k < w.length; k++) {
      char c = units[from + k];
      char d = w[k];
      if (c != d && Character.toLowerCase(c) != d) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionIgnoreCase(char[] units, int from, String w) {
    if (from + w.length() > units.length) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      char c = units[from + k];
      char d = w.charAt(k);
      if (c != d && Character.toLowerCase(c) != d) {
        return false;
      }
    }
    return true;
  }
}
