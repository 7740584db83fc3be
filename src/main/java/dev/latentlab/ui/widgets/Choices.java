package dev.latentlab.ui.widgets;

import dev.latentlab.train.TrainConfig;
import java.util.List;
import java.util.function.Function;
import javafx.scene.control.ChoiceBox;
import javafx.util.StringConverter;

/** Choice boxes typed by what they choose (an enum, a size), each value shown by its label. */
public final class Choices {
    private Choices() {}

    /** A choice box of {@code values}, showing {@code initial}, each value written by {@code label}. */
    public static <E> ChoiceBox<E> of(List<E> values, E initial, Function<E, String> label) {
        ChoiceBox<E> box = new ChoiceBox<>();
        box.getItems().setAll(values);
        box.setValue(initial);
        box.setConverter(labelled(values, label));
        return box;
    }

    /** Shows each value by its label and reads a label back to its value. */
    public static <E> StringConverter<E> labelled(List<E> values, Function<E, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(E e) {
                return e == null ? "" : label.apply(e);
            }

            @Override
            public E fromString(String s) {
                return values.stream().filter(v -> label.apply(v).equals(s)).findFirst().orElse(null);
            }
        };
    }

    public static String label(TrainConfig.Loss l) {
        return switch (l) {
            case NON_SATURATING -> "Non-saturating";
            case MINIMAX -> "Minimax";
            case HINGE -> "Hinge (D and G)";
        };
    }

    public static String label(TrainConfig.Noise n) {
        return n == TrainConfig.Noise.NORMAL ? "Normal N(0, I)" : "Uniform U(−1, 1)";
    }
}
