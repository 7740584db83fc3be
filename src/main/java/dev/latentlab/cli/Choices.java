package dev.latentlab.cli;

import dev.latentlab.train.TrainConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Options that name one of a few values (an enum written in lower case, '-' for '_'), as picocli
 * converters: a wrong value is refused while the command line is parsed with the values it may
 * take ("Invalid value for option '--loss': minmax is not one of non-saturating, minimax"), never
 * with Java's "No enum constant …".
 */
final class Choices {
    private Choices() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new TypeConversionException(value + " is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
    }

    /** train --loss. */
    static final class Loss implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            parse(TrainConfig.Loss.class, value);
            return value;
        }
    }

    /** train --noise. */
    static final class Noise implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            parse(TrainConfig.Noise.class, value);
            return value;
        }
    }
}
