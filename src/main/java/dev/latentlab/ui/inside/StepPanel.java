package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages.Stage;
import dev.latentlab.explain.StageReading;
import dev.latentlab.explain.TransposedConvSteps;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.widgets.Choices;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.WrapRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Transposed convolution, step by step, on the model's own weights": a stage of the generator (or
 * the note's 2×2 → 5×5 example), an output channel and the input channel drawn; the sizes of each
 * step; the {@link StepCanvas}; Step and Play move the kernel one output pixel at a time; the
 * current pixel's dot product; and the hand result against the layer's own output.
 */
final class StepPanel {
    private final StepState state;
    private final ChoiceBox<Integer> source = new ChoiceBox<>();
    private final Spinner<Integer> outChannel = new Spinner<>();
    private final Spinner<Integer> inChannel = new Spinner<>();
    private final ToggleButton play = new ToggleButton();
    private final Label sizes = new Label();
    private final Label dot = new Label();
    private final Label check = new Label();
    private final Timeline timeline = new Timeline(new KeyFrame(Duration.millis(160), e -> stateStep()));
    private final ScrollPane node;
    private List<String> names = List.of();

    StepPanel(StepState state, FeatureMaps maps, javafx.beans.value.ObservableValue<ModelSummary> model) {
        this.state = state;
        source.setId("step-source");
        source.getStyleClass().add("step-source");
        source.setTooltip(new Tooltip("Which transposed convolution: a stage of this generator, or the note's example"));
        source.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                state.sourceProperty().set(b);
            }
        });
        outChannel.setId("step-out-channel");
        outChannel.setEditable(true);
        outChannel.getStyleClass().add("number-field");
        outChannel.setValueFactory(new IntegerSpinnerValueFactory(0, 0, 0));
        outChannel.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                state.outChannelProperty().set(b);
            }
        });
        outChannel.setTooltip(new Tooltip("The output channel computed by hand"));
        inChannel.setId("step-in-channel");
        inChannel.setEditable(true);
        inChannel.getStyleClass().add("number-field");
        inChannel.setValueFactory(new IntegerSpinnerValueFactory(0, 0, 0));
        inChannel.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                state.inChannelProperty().set(b);
            }
        });
        inChannel.setTooltip(new Tooltip("The input channel drawn (the output sums the products of every input channel)"));
        Button step = Icons.button("Step", Feather.SKIP_FORWARD, "Slide the kernel to the next output pixel");
        step.setId("step-next");
        step.setOnAction(e -> state.step());
        Icons.decorate(play, Feather.PLAY, "Slide the kernel over every output pixel, one after another");
        play.setText("Play");
        play.setId("step-play");
        timeline.setCycleCount(Timeline.INDEFINITE);
        play.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                timeline.play();
            } else {
                timeline.stop();
            }
        });
        WrapRow bar = new WrapRow(source, new Label("output channel"), outChannel, new Label("drawn input channel"),
                inChannel, step, play);
        bar.getStyleClass().add("view-toolbar");

        sizes.setId("step-sizes");
        sizes.setWrapText(true);
        dot.setId("step-dot");
        dot.setWrapText(true);
        check.setId("step-check");
        check.setWrapText(true);
        check.getStyleClass().add("step-check");
        StepCanvas canvas = new StepCanvas(state);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        Label help = new Label("A transposed convolution is an ordinary convolution of a stretched input: insert "
                + "stride − 1 zeros between the input pixels, pad the border with k − p − 1 zeros, then slide the kernel, "
                + "flipped in both directions, with stride 1, summing over every input channel. Hover the output "
                + "or the padded input to move the kernel.");
        help.getStyleClass().add("help-text");
        help.setWrapText(true);
        for (Label l : List.of(help, sizes, dot, check)) {
            l.setMinHeight(Region.USE_PREF_SIZE); // wrapped lines stay whole; the canvas gives way
        }
        VBox body = new VBox(8, bar, help, sizes, canvas, dot, check);
        body.getStyleClass().addAll("padded", "step-panel");
        node = new ScrollPane(body);
        node.setFitToWidth(true);
        node.setFitToHeight(true);

        state.readingProperty().addListener((o, a, r) -> readingChanged(r));
        state.stepsProperty().addListener(o -> describe());
        state.currentProperty().addListener(o -> describe());
        state.inChannelProperty().addListener(o -> describe());
        maps.stagesProperty().addListener((o, a, s) -> sources(s, model.getValue()));
    }

    Node node() {
        return node;
    }

    void stop() {
        play.setSelected(false);
    }

    private void stateStep() {
        state.step();
    }

    /** The stages of this model (a DCGAN's), and the example. */
    private void sources(List<Stage> stages, ModelSummary m) {
        if (stages.isEmpty()) {
            return; // between two models
        }
        List<String> labels = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        if (m != null && m.spec().arch() == NetSpec.Arch.DCGAN) {
            String in = "z (" + m.nz() + ")";
            for (Stage s : stages) {
                labels.add("stage " + (s.index() + 1) + ": " + in + " → " + s.shape());
                values.add(s.index());
                in = s.shape();
            }
        }
        labels.add("The note's example: 2×2 → 5×5 (k 3, s 2, p 0)");
        values.add(StepState.TOY);
        if (labels.equals(names)) {
            return;
        }
        names = labels;
        Integer keep = source.getValue() != null && values.contains(source.getValue()) ? source.getValue()
                : values.contains(1) ? 1 : values.get(0);
        source.setConverter(Choices.labelled(values, v -> values.contains(v) ? labels.get(values.indexOf(v)) : ""));
        source.getItems().setAll(values);
        source.setValue(keep);
    }

    private void readingChanged(StageReading r) {
        if (r == null) {
            return;
        }
        ((IntegerSpinnerValueFactory) outChannel.getValueFactory()).setMax(r.outChannels() - 1);
        ((IntegerSpinnerValueFactory) inChannel.getValueFactory()).setMax(r.inChannels() - 1);
        outChannel.getValueFactory().setValue(state.outChannelProperty().get());
        inChannel.getValueFactory().setValue(state.inChannelProperty().get());
        outChannel.setDisable(r.outChannels() == 1);
        inChannel.setDisable(r.inChannels() == 1);
    }

    private void describe() {
        StageReading r = state.reading();
        TransposedConvSteps.Steps s = state.steps();
        if (r == null || s == null) {
            return;
        }
        int ch = r.inChannels();
        sizes.setText(String.format(Locale.ROOT, "input %d × %d × %d  →  zeros inserted (stride − 1 = %d): %d × %d  →  "
                + "padded (k − p − 1 = %d): %d × %d  →  flipped %d × %d kernel, stride 1  →  %d × %d", ch, s.inputSide(),
                s.inputSide(), r.stride() - 1, s.dilatedSide(), s.dilatedSide(), r.kernel() - r.padding() - 1,
                s.paddedSide(), s.paddedSide(), r.kernel(), r.kernel(), s.outputSide(), s.outputSide()));
        StepState.Dot d = state.dot();
        int c = Math.min(state.inChannelProperty().get(), ch - 1);
        dot.setText(ch == 1
                ? String.format(Locale.ROOT, "output pixel (%d, %d) = %s = %s", d.row(), d.col(), d.terms(),
                        StepState.num(d.total()))
                : String.format(Locale.ROOT, "output pixel (%d, %d) = Σ over %d input channels × %d taps = %.4f;  "
                        + "input channel %d's taps: %s = %.4f", d.row(), d.col(), ch, r.kernel() * r.kernel(), d.total(),
                        c, d.terms(), d.channelShare()));
        check.setText(String.format(Locale.ROOT, "%s: max |difference| %.2g over all %d × %d pixels",
                r.stage() == StepState.TOY ? "By hand vs the definition (each input pixel scatters its weighted kernel)"
                        : "By hand vs the layer's own output before BatchNorm", state.maxDiff(), s.outputSide(),
                s.outputSide()));
    }

    // ---- for the view's tests ----

    String dotText() {
        return dot.getText();
    }

    String checkText() {
        return check.getText();
    }
}
