package io.kexin.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds YAML documents to records strictly: unknown keys, wrong types, bad values and duplicate keys fail with
 * {@code file:line:col}, the bad value and what was expected. Shared by the gateway config and policy files.
 * Thread-safe.
 */
public final class StrictYaml {
  /** Jackson's message for a key given twice in one mapping, in the parser and in trees alike. */
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'");
  private final YAMLFactory yaml = new YAMLFactory();
  private final ObjectMapper mapper;
  private final EnvSubstitution substitution;

  /** Creates a binder; {@code env} expands {@code ${VAR}} in values, or null to take values literally. */
  public StrictYaml(Function<String, String> env) {
    this.substitution = env == null ? null : new EnvSubstitution(env);
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper = JsonMapper.builder(yaml)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .addModule(new SimpleModule("kexin-yaml").addDeserializer(Duration.class, new DurationDeserializer()))
        .build();
  }

  /** Binds {@code text} to {@code type}; {@code source} names the document in error messages. */
  public <T> T read(String source, String text, Class<T> type) {
    try (JsonParser parser = substitution == null ? yaml.createParser(text)
        : new SubstitutingParser(yaml.createParser(text), substitution)) {
      T value = mapper.readValue(parser, type);
      if (value == null) {
        throw new ConfigException(source, 1, 1, "empty document (expected: a YAML mapping)");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw translate(source, text, e);
    } catch (IOException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
  }

  /** Returns an error located at the value found at {@code path} (as {@code rules[2].examples.match[0]}). */
  public ConfigException errorAt(String source, String text, String path, String message) {
    JsonLocation loc = locator(text).locate(path);
    return new ConfigException(source, loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr(),
        path + ": " + message);
  }

  /** Returns an error located at the key of the entry at {@code path}: for a key that should not be there. */
  public ConfigException errorAtKey(String source, String text, String path, String message) {
    JsonLocation loc = locator(text).locateKey(path);
    return new ConfigException(source, loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr(),
        path + ": " + message);
  }

  private PathLocator locator(String text) {
    try {
      return new PathLocator(yaml, text);
    } catch (IOException e) {
      throw new IllegalStateException("the document parsed once but not twice", e);
    }
  }

  /** Returns the locator of a document that failed to bind, or null when it cannot be parsed either. */
  private PathLocator locatorOrNull(String text) {
    try {
      return new PathLocator(yaml, text);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int line(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? 1 : loc.getLineNr();
  }

  private static int column(JsonLocation loc) {
    return loc == null || loc.getColumnNr() < 1 ? 1 : loc.getColumnNr();
  }

  private ConfigException translate(String source, String text, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    String where = e instanceof JsonMappingException m ? path(m) : "";
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
    if (duplicate.lookingAt()) {
      // The parser stops at the second occurrence, on its key; a second parse for the path would stop there too.
      if (e.getProcessor() instanceof JsonParser p && p.currentTokenLocation() != null) {
        loc = p.currentTokenLocation();
      }
      return new ConfigException(source, line(loc), column(loc), "duplicate key '" + duplicate.group(1)
          + "' (expected: each key once in a mapping)");
    }
    if (!where.isEmpty()) {
      PathLocator locator = locatorOrNull(text);
      JsonLocation found = locator == null ? null
          : e instanceof UnrecognizedPropertyException ? locator.locateKey(where) : locator.locate(where);
      loc = found != null ? found : loc;
    }
    int line = line(loc);
    int col = column(loc);
    String prefix = where.isEmpty() ? "" : where + ": ";
    String message;
    if (e instanceof UnrecognizedPropertyException u) {
      int cut = where.lastIndexOf('.');
      message = "unknown key '" + u.getPropertyName() + "'" + (cut > 0 ? " in " + where.substring(0, cut) : "")
          + " (expected one of: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
              .collect(Collectors.joining(", ")) + ")";
      prefix = "";
    } else if (e instanceof InvalidFormatException f) {
      message = "bad value '" + f.getValue() + "' (expected: " + expected(f.getTargetType()) + ")";
    } else if (e instanceof ValueInstantiationException v) {
      Throwable cause = v.getCause() != null ? v.getCause() : v;
      message = cause.getMessage();
    } else if (e instanceof MismatchedInputException m) {
      message = "wrong type (expected: " + expected(m.getTargetType()) + ")";
    } else {
      message = e.getOriginalMessage();
    }
    return new ConfigException(source, line, col, prefix + message);
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration such as 250ms, 5s, 2m";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase())
          .collect(Collectors.joining(", "));
    }
    if (type.isRecord()) {
      return "a mapping with keys " + Arrays.stream(type.getRecordComponents())
          .map(RecordComponent::getName).collect(Collectors.joining(", "));
    }
    return type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
