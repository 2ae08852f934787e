package io.kexin.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.benmanes.caffeine.cache.Ticker;
import io.kexin.gateway.config.ConfigException;
import io.kexin.gateway.config.StrictYaml;
import io.kexin.gateway.config.TextFileReader;
import io.kexin.gateway.detect.Detector;
import io.kexin.gateway.detect.Finding;
import io.kexin.gateway.detect.RiskCategory;
import io.kexin.gateway.detect.harm.HarmDetector;
import io.kexin.gateway.detect.injection.InjectionDetector;
import io.kexin.gateway.detect.classifier.ClassifierDetector;
import io.kexin.gateway.detect.classifier.LinearModel;
import io.kexin.gateway.detect.guard.GuardFamily;
import io.kexin.gateway.detect.guard.GuardModelDetector;
import io.kexin.gateway.detect.guard.HttpDetector;
import io.kexin.gateway.detect.invisible.InvisibleDetector;
import io.kexin.gateway.detect.keyword.KeywordDetector;
import io.kexin.gateway.detect.keyword.WordList;
import io.kexin.gateway.detect.person.PersonDetector;
import io.kexin.gateway.detect.pii.PiiDetector;
import io.kexin.gateway.detect.plugin.DetectorPlugins;
import io.kexin.gateway.detect.plugin.OptionException;
import io.kexin.gateway.detect.plugin.PluginKind;
import io.kexin.gateway.detect.regex.PatternCache;
import io.kexin.gateway.detect.regex.RegexDetector;
import io.kexin.gateway.detect.secret.SecretDetector;
import io.kexin.gateway.text.ScanText;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads every {@code *.yaml} policy file of a directory and compiles it: detectors are built once, word lists read,
 * patterns checked for linear-time execution, and every rule's examples run. Any problem stops loading with
 * {@code file:line:col}, the bad value and what was expected; a rule whose examples fail does not load. Thread-safe.
 */
public final class PolicyLoader {
  /** Longest match a response rule may have: streams hold back that much text. */
  static final int MAX_STREAM_MATCH = 16_384;
  /** Largest policy file read. */
  static final long MAX_POLICY_BYTES = 1 << 20;
  /** Largest word list or allow list read. */
  static final long MAX_LIST_BYTES = 16 << 20;
  private final StrictYaml yaml = new StrictYaml(null);
  private final TextFileReader policyReader = new TextFileReader("policy file", MAX_POLICY_BYTES);
  /** Classifier models read by this loader, by absolute path ({@code ""} for the shipped one): each read once. */
  private final Map<String, LinearModel> models = new HashMap<>();
  /** Reads a document's {@code kind} leniently, to tell a site's override files from its policy files. */
  private static final ObjectMapper KIND_READER = new ObjectMapper(new YAMLFactory());
  private final DetectorPlugins plugins;
  /** The injection and harm rules of the load under way, shared with its stacked classifiers at its end. */
  private final HeuristicSharing heuristics = new HeuristicSharing();
  /** The patterns of the last load, taken as they are by the next one when unchanged. */
  private final PatternCache patterns = new PatternCache();

  /** Creates a loader that knows the built-in detector kinds only. */
  public PolicyLoader() {
    this(DetectorPlugins.none());
  }

  /**
   * Creates a loader that also knows the detector kinds of {@code plugins}.
   *
   * @throws ConfigException if a plugin kind takes the name of a built-in one
   */
  public PolicyLoader(DetectorPlugins plugins) {
    this.plugins = plugins;
    for (RecordComponent c : DetectorSpec.class.getRecordComponents()) {
      if (plugins.kind(c.getName()).isPresent()) {
        throw new ConfigException(plugins.dir() + ": plugin " + plugins.kind(c.getName()).get().plugin()
            + " provides kind " + c.getName() + ", a built-in detector kind (expected: a name of its own)");
      }
    }
  }

  /** Returns how many patterns this loader compiled rather than took unchanged from its last load. */
  long patternsCompiled() {
    return patterns.compiled();
  }

  /** Loads the policies in {@code dir}; a missing directory yields an empty set. */
  public PolicySet load(Path dir) {
    return load(dir, null);
  }

  /**
   * Loads the policies in {@code dir} with the site directory {@code site} (null for none) layered over them: the
   * site's policy files are added to the pack, and its override files ({@code kind: PolicyOverride}) change the
   * pack's policies and rules before they compile. A missing {@code dir} yields an empty pack; a missing site is an
   * error.
   */
  public PolicySet load(Path dir, Path site) {
    if (!Files.isDirectory(dir) && site == null) {
      return PolicySet.empty();
    }
    patterns.begin();
    SiteOverrides site0 = layer(dir, site);
    precompile(site0.policies());
    Map<String, SiteOverrides.Extras> extras = site0.extras();
    heuristics.clear();
    List<CompiledPolicy> policies = new ArrayList<>();
    Map<String, String> policySources = new HashMap<>();
    Map<String, String> ruleSources = new HashMap<>();
    for (SiteOverrides.Parsed p : site0.policies()) {
      String source = p.file().toString();
      CompiledPolicy policy = compile(p.file(), p.text(), p.spec(), extras);
      String earlier = policySources.putIfAbsent(policy.name(), source);
      if (earlier != null) {
        throw yaml.errorAt(source, p.text(), "metadata.name",
            "policy name '" + policy.name() + "' is also used by " + earlier + " (expected: unique names)");
      }
      for (int i = 0; i < policy.rules().size(); i++) {
        String id = policy.rules().get(i).id();
        String other = ruleSources.putIfAbsent(id, source);
        if (other != null) {
          throw yaml.errorAt(source, p.text(), "rules[" + i + "].id",
              "rule id '" + id + "' is also used in " + other + " (expected: unique rule ids)");
        }
      }
      policies.add(policy);
    }
    // The revision names every file below the directories: word lists and allow lists change what rules do too.
    List<Path> roots = site == null ? List.of(dir) : List.of(dir, site);
    List<CompiledPolicy> shared = CueSharing.share(heuristics.share(sharingPrefilter(policies)));
    heuristics.clear();
    patterns.finish();
    return new PolicySet(shared, PolicyFiles.digest(roots), site0.applied());
  }

  /**
   * Parses the policy files of {@code dir} (when it is a directory) and of the site directory {@code site} (null for
   * none), and applies the site's override files to them: the pack as it would compile, before it compiles.
   */
  SiteOverrides layer(Path dir, Path site) {
    List<SiteOverrides.Parsed> parsed = new ArrayList<>();
    for (Path file : Files.isDirectory(dir) ? yamlFiles(dir) : List.<Path>of()) {
      String text = read(file);
      parsed.add(new SiteOverrides.Parsed(file, text, yaml.read(file.toString(), text, PolicySpec.class), false));
    }
    List<SiteOverrides.OverrideFile> overrides = new ArrayList<>();
    if (site != null) {
      if (!Files.isDirectory(site)) {
        throw new ConfigException(site + ": not a directory (expected: a site directory of policies and"
            + " overrides)");
      }
      for (Path file : yamlFiles(site)) {
        String text = read(file);
        if (OverrideSpec.KIND.equals(kindOf(text))) {
          overrides.add(new SiteOverrides.OverrideFile(file, text, yaml.read(file.toString(), text,
              OverrideSpec.class)));
        } else {
          parsed.add(new SiteOverrides.Parsed(file, text, yaml.read(file.toString(), text, PolicySpec.class),
              true));
        }
      }
    }
    SiteOverrides layered = new SiteOverrides(yaml, this::readList, parsed);
    for (SiteOverrides.OverrideFile o : overrides) {
      layered.apply(o);
    }
    return layered;
  }

  /** Returns the {@code *.yaml} and {@code *.yml} files of {@code dir} (any case), sorted; each a regular file. */
  private static List<Path> yamlFiles(Path dir) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      // Any case of the extension: a POLICY.YAML skipped in silence would leave its rules off without a word.
      files = list.filter(p -> {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith("..") && (name.endsWith(".yaml") || name.endsWith(".yml"));
      }).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot list policy directory: " + e.getMessage());
    }
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        // A FIFO or a device would block the read, a directory would fail it: refused by name instead.
        throw new ConfigException(file + ": not a regular file (expected: a policy file)");
      }
    }
    return files;
  }

  /** Returns the top-level {@code kind} of a YAML document, or null when it has none or does not parse. */
  private static String kindOf(String text) {
    try {
      JsonNode kind = KIND_READER.readTree(text).path("kind");
      return kind.isTextual() ? kind.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null; // the strict read that follows names the problem with its file:line:col
    }
  }

  /**
   * Checks every policy file of {@code dir} as {@link #load} does, without stopping at the first problem: returns
   * one error per bad file (and one per name or rule id used twice), in file order; empty when the pack loads.
   */
  public List<ConfigException> lint(Path dir) {
    List<ConfigException> errors = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      errors.add(new ConfigException(dir + ": not a directory (expected: a policy directory)"));
      return errors;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
      }).sorted().toList();
    } catch (IOException e) {
      errors.add(new ConfigException(dir + ": cannot list policy directory: " + e.getMessage()));
      return errors;
    }
    Map<String, String> policySources = new HashMap<>();
    Map<String, String> ruleSources = new HashMap<>();
    for (Path file : files) {
      try {
        if (!Files.isRegularFile(file)) {
          throw new ConfigException(file + ": not a regular file (expected: a policy file)");
        }
        String text = read(file);
        CompiledPolicy policy = compile(file, text);
        String earlier = policySources.putIfAbsent(policy.name(), file.toString());
        if (earlier != null) {
          errors.add(yaml.errorAt(file.toString(), text, "metadata.name",
              "policy name '" + policy.name() + "' is also used by " + earlier + " (expected: unique names)"));
        }
        for (int i = 0; i < policy.rules().size(); i++) {
          String id = policy.rules().get(i).id();
          String other = ruleSources.putIfAbsent(id, file.toString());
          if (other != null) {
            errors.add(yaml.errorAt(file.toString(), text, "rules[" + i + "].id",
                "rule id '" + id + "' is also used in " + other + " (expected: unique rule ids)"));
          }
        }
      } catch (ConfigException e) {
        errors.add(e);
      }
    }
    return errors;
  }

  /**
   * Checks {@code dir} as {@link #lint(Path)} does and the site directory {@code site} (null for none) layered over
   * it: every site file on its own, then the overrides against the pack; empty when the layered pack loads.
   */
  public List<ConfigException> lint(Path dir, Path site) {
    List<ConfigException> errors = lint(dir);
    if (site == null) {
      return errors;
    }
    if (!Files.isDirectory(site)) {
      errors.add(new ConfigException(site + ": not a directory (expected: a site directory of policies and"
          + " overrides)"));
      return errors;
    }
    List<Path> files;
    try {
      files = yamlFiles(site);
    } catch (ConfigException e) {
      errors.add(e);
      return errors;
    }
    for (Path file : files) {
      try {
        String text = read(file);
        if (OverrideSpec.KIND.equals(kindOf(text))) {
          yaml.read(file.toString(), text, OverrideSpec.class);
        } else {
          compile(file, text);
        }
      } catch (ConfigException e) {
        errors.add(e);
      }
    }
    if (errors.isEmpty()) {
      try {
        load(dir, site);
      } catch (ConfigException e) {
        errors.add(e);
      }
    }
    return errors;
  }

  /**
   * Returns {@code policies} with their regex and secret detectors rebuilt to share one prefilter (the secret
   * detectors' candidate patterns included) and the secret detectors one keyword index, so that a text segment
   * is scanned once for the required literals of every pattern and the keywords of every secret rule of the set
   * instead of once per rule; the PII detectors likewise share one pass over the text for every entity, and the
   * keyword detectors one pass that tells which of them can match.
   */
  static List<CompiledPolicy> sharingPrefilter(List<CompiledPolicy> policies) {
    List<RegexDetector> regexes = new ArrayList<>();
    List<SecretDetector> secrets = new ArrayList<>();
    List<PiiDetector> piis = new ArrayList<>();
    List<KeywordDetector> keywords = new ArrayList<>();
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        KeywordDetector keyword = keywordOf(r.detector());
        if (keyword != null) {
          keywords.add(keyword);
        } else if (r.detector() instanceof RegexDetector d) {
          regexes.add(d);
        } else if (r.detector() instanceof SecretDetector d) {
          secrets.add(d);
        } else if (r.detector() instanceof PiiDetector d) {
          piis.add(d);
        }
      }
    }
    Iterator<PiiDetector> sharedPiis = PiiDetector.sharing(piis).iterator();
    // The keyword lists that will ask the content-safety cue walk (CueSharing) keep a gate apart from the others.
    boolean[] walking = new boolean[keywords.size()];
    int k = 0;
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        if (keywordOf(r.detector()) != null) {
          walking[k++] = CueSharing.walks(p, r.detector());
        }
      }
    }
    Iterator<KeywordDetector> sharedKeywords = KeywordDetector.sharing(keywords, walking).iterator();
    int plain = regexes.size();
    for (SecretDetector d : secrets) {
      regexes.add(d.candidates());
    }
    List<RegexDetector> sharedRegexes = RegexDetector.sharingPrefilter(regexes, SecretDetector.keywordsOf(secrets));
    Iterator<RegexDetector> shared = sharedRegexes.subList(0, plain).iterator();
    Iterator<SecretDetector> sharedSecrets =
        SecretDetector.sharing(secrets, sharedRegexes.subList(plain, sharedRegexes.size())).iterator();
    List<CompiledPolicy> rebuilt = new ArrayList<>(policies.size());
    for (CompiledPolicy p : policies) {
      List<CompiledRule> rules = new ArrayList<>(p.rules().size());
      for (CompiledRule r : p.rules()) {
        Detector d = keywordOf(r.detector()) != null ? withKeyword(r.detector(), sharedKeywords.next())
            : r.detector() instanceof RegexDetector ? shared.next()
            : r.detector() instanceof SecretDetector ? sharedSecrets.next()
            : r.detector() instanceof PiiDetector ? sharedPiis.next() : null;
        rules.add(d == null ? r : r.withDetector(d));
      }
      rebuilt.add(new CompiledPolicy(p.name(), p.description(), p.source(), p.mode(), p.onError(), rules));
    }
    return rebuilt;
  }

  /** Returns the keyword detector {@code d} is or puts in a category, or null. */
  private static KeywordDetector keywordOf(Detector d) {
    Detector inner = d instanceof CategorizedDetector c ? c.detector() : d;
    return inner instanceof KeywordDetector k ? k : null;
  }

  /** Returns {@code d} with its keyword detector replaced by {@code keyword}, in the same category. */
  private static Detector withKeyword(Detector d, KeywordDetector keyword) {
    return d instanceof CategorizedDetector c ? new CategorizedDetector(keyword, c.category()) : keyword;
  }

  /** Compiles one policy file's text; {@code file} locates word lists and names the file in errors. */
  CompiledPolicy compile(Path file, String text) {
    return compile(file, text, yaml.read(file.toString(), text, PolicySpec.class), Map.of());
  }

  /**
   * Compiles a parsed policy file with what a site adds to its rules ({@code extras}, by rule id); a rule a site
   * changed that then fails to compile (its examples included) fails at the site's override entry, naming the
   * pack's problem too.
   */
  private CompiledPolicy compile(Path file, String text, PolicySpec spec, Map<String, SiteOverrides.Extras> extras) {
    String source = file.toString();
    List<CompiledRule> rules = new ArrayList<>();
    for (int i = 0; i < spec.rules().size(); i++) {
      RuleSpec r = spec.rules().get(i);
      SiteOverrides.Extras x = extras.get(r.id());
      try {
        rules.add(compileRule(file, text, spec, "rules[" + i + "]", r, x));
      } catch (ConfigException e) {
        if (x == null) {
          throw e;
        }
        throw new ConfigException(x.at().source(), x.at().line(), x.at().column(), "rule " + r.id() + " as"
            + " overridden here fails: " + e.getMessage());
      }
    }
    return new CompiledPolicy(spec.metadata().name(), spec.metadata().description(), source, spec.mode(),
        spec.onError(), rules);
  }

  private CompiledRule compileRule(Path file, String text, PolicySpec spec, String at, RuleSpec r,
      SiteOverrides.Extras x) {
    String source = file.toString();
    String entity = r.entity() != null ? r.entity() : defaultEntity(r);
    Detector detector = detector(file, text, at, r, entity, x);
    if (r.category() != null) {
      detector = new CategorizedDetector(detector, RiskCategory.parse(r.category()));
    }
    checkStreamBound(source, text, at, r, detector);
    CompiledRule rule = new CompiledRule(r.id(), spec.metadata().name(), r.description(), detector, entity,
        Set.copyOf(r.appliesTo().directions()), Set.copyOf(r.appliesTo().roles()), r.action(), r.severity(),
        r.message(), r.keepLast() == null ? 4 : r.keepLast(), spec.mode().and(r.mode()), r.tags(),
        allowed(file, text, at, r, x));
    checkExamples(source, text, at, r, rule);
    return rule;
  }

  private Detector detector(Path file, String text, String at, RuleSpec r, String entity, SiteOverrides.Extras site) {
    String source = file.toString();
    if (r.detector().count() != 1) {
      throw yaml.errorAt(source, text, at + ".detector", r.detector().count()
          + " detectors given (expected: exactly one of keyword, regex, secret, pii, person, invisible, injection,"
          + " harm, classifier, guardModel, http" + (plugins.kinds().isEmpty() ? "" : ", "
          + String.join(", ", plugins.kinds().keySet())) + ")");
    }
    if (!r.detector().plugins().isEmpty()) {
      return plugin(file, text, at, r, entity);
    }
    if (r.detector().http() != null) {
      return http(file, text, at, r, entity);
    }
    if (r.detector().classifier() != null) {
      return classifier(file, text, at, r, entity);
    }
    if (r.detector().guardModel() != null) {
      return guardModel(file, text, at, r, entity);
    }
    if (r.detector().keyword() != null) {
      DetectorSpec.Keyword k = r.detector().keyword();
      List<String> terms = new ArrayList<>();
      if (site == null || !site.replaceTerms()) {
        terms.addAll(k.terms());
        if (k.wordList() != null) {
          terms.addAll(readList(file, text, at + ".detector.keyword.wordList", "word list", k.wordList()));
        }
      }
      if (site != null) {
        terms.addAll(site.terms());
      }
      try {
        return KeywordDetector.builder(r.id()).entity(entity).wholeWord(k.wholeWord()).build(terms);
      } catch (IllegalArgumentException e) {
        throw yaml.errorAt(source, text, at + ".detector.keyword", e.getMessage());
      }
    }
    if (r.detector().secret() != null) {
      return secretDetector(source, text, at, r, entity);
    }
    if (r.detector().pii() != null) {
      try {
        return PiiDetector.of(r.id(), Set.copyOf(r.detector().pii().entities()), r.detector().pii().minScore());
      } catch (IllegalArgumentException e) {
        throw yaml.errorAt(source, text, at + ".detector.pii", e.getMessage());
      }
    }
    if (r.detector().person() != null) {
      return PersonDetector.of(r.id(), r.detector().person().minScore());
    }
    if (r.detector().injection() != null) {
      DetectorSpec.Injection x = r.detector().injection();
      InjectionDetector d = InjectionDetector.of(r.id(), x.minScore(), x.categorySet());
      heuristics.injection(d, x.minScore(), x.categorySet().isEmpty()
          || x.categorySet().containsAll(Set.of(RiskCategory.INJECTION, RiskCategory.JAILBREAK)));
      return d;
    }
    if (r.detector().harm() != null) {
      return harm(file, text, at + ".detector.harm", r);
    }
    if (r.detector().invisible() != null) {
      return InvisibleDetector.of(r.id(), entity, Set.copyOf(r.detector().invisible().kinds()));
    }
    try {
      return regexBuilder(r, entity).build();
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(source, text, at + ".detector.regex.pattern", e.getMessage());
    }
  }

  private RegexDetector.Builder regexBuilder(RuleSpec r, String entity) {
    DetectorSpec.Regex x = r.detector().regex();
    RegexDetector.Builder b = RegexDetector.builder(r.id(), x.pattern()).entity(entity).cache(patterns)
        .caseInsensitive(x.caseInsensitive()).normalized(x.normalized()).group(x.group());
    if (x.maxLength() != null) {
      b.maxMatchLength(x.maxLength());
    }
    return b;
  }

  /** Returns the harm detector of a rule, its lists read relative to the policy and its categories checked. */
  private Detector harm(Path file, String text, String at, RuleSpec r) {
    DetectorSpec.Harm h = r.detector().harm();
    HarmDetector.Builder b = HarmDetector.builder(r.id());
    try {
      b.window(h.window()).minScore(h.minScore());
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, at, e.getMessage());
    }
    // The terms by list name, in the order added: what a stacked classifier's pass must match to be shared.
    Map<String, List<String>> terms = new LinkedHashMap<>();
    b.intents(listed(terms, "intents", readList(file, text, at + ".intents", "intent list", h.intents())));
    if (h.acts() != null) {
      b.acts(listed(terms, "acts", readList(file, text, at + ".acts", "act list", h.acts())));
    }
    if (h.evasions() != null) {
      b.evasions(listed(terms, "evasions", readList(file, text, at + ".evasions", "evasion list", h.evasions())));
    }
    if (h.targets() != null) {
      b.targets(listed(terms, "targets", readList(file, text, at + ".targets", "target list", h.targets())));
    }
    if (h.protective() != null) {
      b.protective(listed(terms, "protective", readList(file, text, at + ".protective", "protective list",
          h.protective())));
    }
    if (h.spellings() != null) {
      try {
        b.spellings(listed(terms, "spellings", readList(file, text, at + ".spellings", "spelling list",
            h.spellings())));
      } catch (IllegalArgumentException e) {
        throw yaml.errorAt(file.toString(), text, at + ".spellings", e.getMessage());
      }
    }
    for (Map.Entry<String, String> o : h.objects().entrySet()) {
      String where = at + ".objects." + o.getKey();
      try {
        b.objects(RiskCategory.parse(o.getKey()), listed(terms, o.getKey(),
            readList(file, text, where, "object list", o.getValue())));
      } catch (IllegalArgumentException e) {
        throw yaml.errorAtKey(file.toString(), text, where, e.getMessage());
      }
    }
    try {
      HarmDetector d = b.build();
      heuristics.harm(d, h.minScore(), terms, h.window());
      return d;
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, at, e.getMessage());
    }
  }

  /** Puts {@code list} in {@code terms} under {@code name} and returns it. */
  private static List<String> listed(Map<String, List<String>> terms, String name, List<String> list) {
    terms.put(name, list);
    return list;
  }

  private Detector classifier(Path file, String text, String at, RuleSpec r, String entity) {
    DetectorSpec.Classifier c = r.detector().classifier();
    LinearModel model = model(file, text, at + ".detector.classifier.model", c.model());
    ClassifierDetector.Unit unit = unit(file, text, at + ".detector.classifier", r, c.unit());
    try {
      return ClassifierDetector.of(r.id(), entity, model, c.category(), c.threshold(), unit, c.maxUnit());
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, at + ".detector.classifier", e.getMessage());
    }
  }

  /**
   * Returns what a rule's judge covers: {@code unit} as written, or by default sentences when the rule applies to
   * responses and the whole text otherwise; a rule on responses may not judge whole texts, since a stream would then
   * hold the whole answer.
   */
  private ClassifierDetector.Unit unit(Path file, String text, String where, RuleSpec r, String unit) {
    boolean responses = r.appliesTo().directions().isEmpty()
        || r.appliesTo().directions().contains(Direction.RESPONSE);
    ClassifierDetector.Unit u;
    try {
      u = unit != null ? ClassifierDetector.Unit.parse(unit)
          : responses ? ClassifierDetector.Unit.SENTENCE : ClassifierDetector.Unit.TEXT;
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, where + ".unit", e.getMessage());
    }
    if (u == ClassifierDetector.Unit.TEXT && responses) {
      throw yaml.errorAt(file.toString(), text, where + ".unit", "rule " + r.id() + " applies to responses but"
          + " judges the whole text (expected: unit: sentence, so streamed answers are judged by sentence, or"
          + " appliesTo request only)");
    }
    return u;
  }

  private Detector guardModel(Path file, String text, String at, RuleSpec r, String entity) {
    DetectorSpec.GuardModel g = r.detector().guardModel();
    String where = at + ".detector.guardModel";
    ClassifierDetector.Unit unit = unit(file, text, where, r, g.unit());
    String key = null;
    if (g.apiKeyEnv() != null) {
      key = System.getenv(g.apiKeyEnv());
      if (key == null || key.isEmpty()) {
        throw yaml.errorAt(file.toString(), text, where + ".apiKeyEnv", "environment variable " + g.apiKeyEnv()
            + " is not set (expected: the guard endpoint's API key)");
      }
    }
    try {
      GuardModelDetector.Band band = null;
      if (g.band() != null) {
        LinearModel model = model(file, text, where + ".band", null);
        int index = model.indexOf(g.band().category());
        if (index < 0) {
          throw new IllegalArgumentException("band.category: " + g.band().category() + " (expected: one of "
              + model.categories() + ")");
        }
        band = new GuardModelDetector.Band(model, index, g.band().low(), g.band().high());
      }
      GuardModelDetector.Settings settings = new GuardModelDetector.Settings(GuardFamily.parse(g.family()),
          URI.create(g.endpoint()), g.model(), key, Duration.ofMillis(g.timeoutMillis()), g.maxConcurrent(),
          g.cacheSize(), Duration.ofSeconds(g.cacheTtlSeconds()), g.threshold(), g.principle());
      return GuardModelDetector.of(r.id(), entity, settings, band, unit, g.maxUnit(), Ticker.systemTicker());
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, where, e.getMessage());
    }
  }

  /** Returns the detector of a rule naming a plugin kind, its options checked strictly. */
  private Detector plugin(Path file, String text, String at, RuleSpec r, String entity) {
    Map.Entry<String, JsonNode> named =
        r.detector().plugins().entrySet().iterator().next();
    String where = at + ".detector." + named.getKey();
    PluginKind kind = plugins.kind(named.getKey()).orElse(null);
    if (kind == null) {
      if (!plugins.failures().isEmpty()) {
        // Perhaps the kind of a plugin that failed to load: the policy's onError decides each exchange.
        return plugins.unavailable(r.id(), named.getKey());
      }
      throw yaml.errorAtKey(file.toString(), text, where, "unknown detector kind '" + named.getKey() + "' (expected"
          + " one of: keyword, regex, secret, pii, person, invisible, injection, harm, classifier, guardModel, http"
          + (plugins.kinds().isEmpty() ? "; no plugin is loaded" + (plugins.dir() == null ? ""
              : " from " + plugins.dir()) : ", or a plugin kind: " + String.join(", ", plugins.kinds().keySet()))
          + ")");
    }
    JsonNode options = named.getValue();
    if (options != null && !options.isNull() && !options.isObject()) {
      throw yaml.errorAt(file.toString(), text, where, "wrong type (expected: a mapping of the kind's options)");
    }
    Map<String, JsonNode> given = new LinkedHashMap<>();
    if (options != null && options.isObject()) {
      options.fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue()));
    }
    try {
      return kind.detector(r.id(), entity, given);
    } catch (OptionException e) {
      String option = e.option() == null ? where : where + "." + e.option();
      throw e.unknown() ? yaml.errorAtKey(file.toString(), text, option, e.getMessage())
          : yaml.errorAt(file.toString(), text, option, e.getMessage());
    }
  }

  /** Returns the detector of a rule that asks an external detection service. */
  private Detector http(Path file, String text, String at, RuleSpec r, String entity) {
    DetectorSpec.Http h = r.detector().http();
    String where = at + ".detector.http";
    ClassifierDetector.Unit unit = unit(file, text, where, r, h.unit());
    String key = null;
    if (h.apiKeyEnv() != null) {
      key = System.getenv(h.apiKeyEnv());
      if (key == null || key.isEmpty()) {
        throw yaml.errorAt(file.toString(), text, where + ".apiKeyEnv", "environment variable " + h.apiKeyEnv()
            + " is not set (expected: the detection service's API key)");
      }
    }
    try {
      ObjectNode params =
          JsonNodeFactory.instance.objectNode();
      h.params().forEach(params::set);
      HttpDetector.Settings settings = new HttpDetector.Settings(URI.create(h.url()),
          HttpDetector.Offsets.parse(h.offsets()), key, Duration.ofMillis(h.timeoutMillis()), h.maxConcurrent(),
          h.cacheSize(), Duration.ofSeconds(h.cacheTtlSeconds()), h.threshold(), params);
      return HttpDetector.of(r.id(), entity, settings, unit, h.maxUnit(), Ticker.systemTicker());
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(file.toString(), text, where, e.getMessage());
    }
  }

  /** Returns the shipped classifier model ({@code name} null) or the model file named relative to the policy. */
  private LinearModel model(Path file, String text, String at, String name) {
    Path dir = file.toAbsolutePath().getParent().normalize();
    boolean stacked = LinearModel.STACKED_NAME.equals(name);
    Path path = name == null || stacked ? null : dir.resolve(name).normalize();
    if (path != null && !path.startsWith(dir)) {
      throw yaml.errorAt(file.toString(), text, at, "model " + name + " is outside the policy directory"
          + " (expected: a path below the directory of the policy)");
    }
    String key = stacked ? LinearModel.STACKED_NAME : path == null ? "" : path.toString();
    LinearModel cached = models.get(key);
    if (cached != null) {
      return cached;
    }
    String resource = stacked ? LinearModel.SHIPPED_STACKED : LinearModel.SHIPPED;
    try (InputStream in = path == null ? LinearModel.class.getResourceAsStream(resource)
        : Files.newInputStream(path)) {
      if (in == null) {
        throw yaml.errorAt(file.toString(), text, at, "the shipped classifier model is missing from the build"
            + " (expected: " + resource + " on the class path; run: gateway train)");
      }
      LinearModel model = LinearModel.read(in);
      models.put(key, model);
      return model;
    } catch (IOException e) {
      throw yaml.errorAt(file.toString(), text, at, "cannot read classifier model " + (path == null ? "(shipped)"
          : path) + ": " + e.getMessage() + " (expected: a file written by gateway train)");
    }
  }

  /** Refuses a response rule whose longest match is unbounded: streams could not be held back for it. */
  private void checkStreamBound(String source, String text, String at, RuleSpec r, Detector detector) {
    boolean responses = r.appliesTo().directions().isEmpty() || r.appliesTo().directions().contains(Direction.RESPONSE);
    if (responses && detector.maxMatchLength() > MAX_STREAM_MATCH) {
      throw yaml.errorAt(source, text, at + ".detector", "rule " + r.id() + " applies to responses but its longest"
          + " match is unbounded (expected: a bound of at most " + MAX_STREAM_MATCH + " characters, e.g."
          + " detector.regex.maxLength, so streamed responses can be held back for it; or appliesTo request only)");
    }
  }

  private Detector secretDetector(String source, String text, String at, RuleSpec r, String entity) {
    try {
      return secretBuilder(r, entity).build();
    } catch (IllegalArgumentException e) {
      throw yaml.errorAt(source, text, at + ".detector.secret.pattern", e.getMessage());
    }
  }

  private SecretDetector.Builder secretBuilder(RuleSpec r, String entity) {
    DetectorSpec.Secret x = r.detector().secret();
    return SecretDetector.builder(r.id(), x.pattern()).entity(entity).cache(patterns).keywords(x.keywords())
        .keywordCase(x.keywordCase()).secretGroup(x.secretGroup()).minEntropy(x.minEntropy()).grouped(x.grouped());
  }

  /**
   * Compiles the patterns of the regex and secret rules in {@code parsed} on all cores, most of a pack's compile
   * time, so that the rules, compiled in order after, take them from the cache. A pattern refused here is refused
   * again, with its file, line and column, when its rule compiles.
   */
  private void precompile(List<SiteOverrides.Parsed> parsed) {
    List<Runnable> prepares = new ArrayList<>();
    for (SiteOverrides.Parsed p : parsed) {
      for (RuleSpec r : p.spec().rules()) {
        if (r.detector().count() == 1 && r.detector().regex() != null) {
          prepares.add(() -> regexBuilder(r, "PATTERN").prepare());
        } else if (r.detector().count() == 1 && r.detector().secret() != null) {
          prepares.add(() -> secretBuilder(r, "SECRET").prepare());
        }
      }
    }
    prepares.parallelStream().forEach(prepare -> {
      try {
        prepare.run();
      } catch (IllegalArgumentException e) {
        // Left for the rule's own compile, which says where the pattern or the option is.
      }
    });
  }

  /** Returns the rule's allowed values: inline ones and those of its list file, with the site's. */
  private Set<String> allowed(Path file, String text, String at, RuleSpec r, SiteOverrides.Extras x) {
    Set<String> values = new HashSet<>();
    if (x == null || !x.replaceAllow()) {
      values.addAll(r.allow().values());
      if (r.allow().list() != null) {
        values.addAll(readList(file, text, at + ".allow.list", "allow list", r.allow().list()));
      }
    }
    if (x != null) {
      values.addAll(x.allow());
    }
    return values;
  }

  /**
   * Reads the {@code kind} list file named relative to {@code file}; a missing, unreadable, too large or not UTF-8
   * one fails at {@code at}, naming the list's own file:line:col where it has one.
   */
  private List<String> readList(Path file, String text, String at, String kind, String name) {
    Path dir = file.toAbsolutePath().getParent().normalize();
    Path list = dir.resolve(name).normalize();
    if (!list.startsWith(dir)) {
      throw yaml.errorAt(file.toString(), text, at, kind + " " + name + " is outside the policy directory"
          + " (expected: a path below the directory of the policy)");
    }
    if (!Files.isRegularFile(list)) {
      // A FIFO would block the read; a folder or device is no list either.
      throw yaml.errorAt(file.toString(), text, at, Files.exists(list)
          ? kind + " " + list + " is not a regular file (expected: a UTF-8 file, one entry a line)"
          : kind + " not found: " + list + " (expected: a UTF-8 file, one entry a line, relative to the policy)");
    }
    try {
      return WordList.of(list, new TextFileReader(kind, MAX_LIST_BYTES).read(list)).terms();
    } catch (NoSuchFileException e) {
      throw yaml.errorAt(file.toString(), text, at, kind + " not found: " + list
          + " (expected: a UTF-8 file, one entry a line, relative to the policy)");
    } catch (ConfigException e) {
      throw yaml.errorAt(file.toString(), text, at, kind + " " + e.getMessage());
    }
  }

  private void checkExamples(String source, String text, String at, RuleSpec r, CompiledRule rule) {
    if (DetectorPlugins.isUnavailable(rule.detector())) {
      // Its plugin did not load: the rule cannot run, and its policy's onError decides each exchange.
      return;
    }
    List<String> match = r.examples().match();
    for (int j = 0; j < match.size(); j++) {
      if (reported(source, text, at + ".examples.match[" + j + "]", rule, match.get(j)).isEmpty()) {
        throw yaml.errorAt(source, text, at + ".examples.match[" + j + "]",
            "rule " + r.id() + " finds nothing in this example (expected: at least one finding)");
      }
    }
    List<String> noMatch = r.examples().noMatch();
    for (int j = 0; j < noMatch.size(); j++) {
      if (!reported(source, text, at + ".examples.noMatch[" + j + "]", rule, noMatch.get(j)).isEmpty()) {
        throw yaml.errorAt(source, text, at + ".examples.noMatch[" + j + "]",
            "rule " + r.id() + " finds something in this example (expected: no finding)");
      }
    }
  }

  /**
   * Returns what {@code rule} reports in {@code example}: its findings less the allowed values; a detector that
   * throws on it (a plugin past its budget, a remote service down) fails the load at the example, {@code at}.
   */
  private List<Finding> reported(String source, String text, String at, CompiledRule rule, String example) {
    List<Finding> found;
    try {
      found = rule.detector().scan(ScanText.of(example));
    } catch (RuntimeException e) {
      throw yaml.errorAt(source, text, at, "rule " + rule.id() + " could not run on this example: "
          + e.getMessage());
    }
    return found.stream().filter(f -> !rule.allows(example, f)).toList();
  }

  private static String defaultEntity(RuleSpec r) {
    String name = r.id().substring(r.id().indexOf('.') + 1);
    return name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private String read(Path file) {
    try {
      return policyReader.read(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": policy file disappeared while loading (expected: a stable directory)");
    }
  }
}
