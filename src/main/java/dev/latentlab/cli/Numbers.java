package dev.latentlab.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The ranges a numeric option may take, as picocli converters: a value outside is refused while
 * the command line is parsed, with a message naming the option ("Invalid value for option
 * '--count': must be at least 1, not 0"), before any work starts.
 */
final class Numbers {
    private Numbers() {}

    /** A count of things: 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) atLeast(value, 1, Integer.MAX_VALUE);
        }
    }

    /** 0 (none, or "all" where the option says so) or more. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) atLeast(value, 0, Integer.MAX_VALUE);
        }
    }

    /** 0 or more, as a long (iteration counts). */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return atLeast(value, 0, Long.MAX_VALUE);
        }
    }

    /** A number above 0 (durations, rates). */
    static final class PositiveReal implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = real(value);
            if (!(d > 0)) {
                throw new TypeConversionException("must be above 0, not " + value);
            }
            return d;
        }
    }

    /** A number of 0 or more. */
    static final class NonNegativeReal implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = real(value);
            if (!(d >= 0)) {
                throw new TypeConversionException("must be 0 or more, not " + value);
            }
            return d;
        }
    }

    private static long atLeast(String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a whole number, not \"" + value + "\"");
        }
        if (v < min) {
            throw new TypeConversionException("must be at least " + min + ", not " + value);
        }
        if (v > max) {
            throw new TypeConversionException("must be at most " + max + ", not " + value);
        }
        return v;
    }

    private static double real(String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new TypeConversionException("must be a finite number, not " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number, not \"" + value + "\"");
        }
    }
}
