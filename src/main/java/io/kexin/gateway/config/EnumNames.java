package io.kexin.gateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads and writes enum constants in the form config and policy files use: lowercase, dashes for underscores
 * ({@code MIXED_SCRIPT_WORD} is {@code mixed-script-word}).
 */
public final class EnumNames {
  private EnumNames() {}

  /** Returns the file form of {@code value}. */
  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Returns the constant of {@code type} written as {@code name}; the error names {@code field} and every choice. */
  public static <E extends Enum<E>> E parse(Class<E> type, String field, String name) {
    for (E e : type.getEnumConstants()) {
      if (of(e).equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(field + ": " + name + " (expected: "
        + Arrays.stream(type.getEnumConstants()).map(EnumNames::of).collect(Collectors.joining(", ")) + ")");
  }
}
