package dev.latentlab.ui.compare;

import dev.latentlab.latent.Interpolation;
import dev.latentlab.model.Generated;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.WrapRow;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One interpolation path, z(t) between two z, played in both models at once: where a GAN's path
 * changes the face, a VAE's goes through blurrier means, and the strip shows it frame by frame.
 */
final class PathPlayer extends VBox {
    /** Seconds for t to go from 0 to 1. */
    private static final double SWEEP_SECONDS = 4;
    private final CompareState state;
    private final List<FrameView> views = List.of(new FrameView(), new FrameView());
    private final Slider t = new Slider(0, 1, 0);
    private final ChoiceBox<Interpolation.Mode> mode = new ChoiceBox<>();
    private final ToggleButton play = new ToggleButton("Play");
    private boolean pending;
    private boolean dirty;
    private long pathSeed = 100;
    private final AnimationTimer timer = new AnimationTimer() {
        private long last;

        @Override
        public void handle(long now) {
            if (last != 0) {
                double v = t.getValue() + (now - last) / 1e9 / SWEEP_SECONDS;
                t.setValue(v > 1 ? v - 1 : v);
            }
            last = now;
        }

        @Override
        public void stop() {
            super.stop();
            last = 0;
        }
    };

    PathPlayer(CompareState state) {
        this.state = state;
        getStyleClass().add("compare-panel");
        Label title = new Label("One path, played in both");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        mode.getItems().setAll(Interpolation.Mode.values());
        mode.getStyleClass().add("compare-mode");
        mode.setValue(Interpolation.Mode.SPHERICAL);
        play.setId("compare-play");
        play.textProperty().bind(javafx.beans.binding.Bindings.when(play.selectedProperty()).then("Pause")
                .otherwise("Play"));
        play.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                timer.start();
            } else {
                timer.stop();
            }
        });
        Button another = new Button("New path");
        another.setOnAction(e -> {
            pathSeed++;
            state.newPath(pathSeed);
            render();
        });
        t.setId("compare-t");
        t.getStyleClass().add("compare-t");
        WrapRow bar = new WrapRow(play, another, mode);
        HBox frames = new HBox(8);
        for (int s = 0; s < 2; s++) {
            views.get(s).setId("compare-path-" + (s == 0 ? "a" : "b"));
            VBox box = Frames.captioned(views.get(s), new Label(s == 0 ? "A at t" : "B at t"));
            HBox.setHgrow(box, Priority.ALWAYS);
            frames.getChildren().add(box);
        }
        VBox.setVgrow(frames, Priority.ALWAYS);
        t.valueProperty().addListener((o, a, b) -> render());
        mode.valueProperty().addListener((o, a, b) -> render());
        getChildren().addAll(title, bar, t, frames);
    }

    /** Renders the frame at the slider's t; frames asked for while one renders collapse into the latest. */
    void render() {
        if (pending) {
            dirty = true;
            return;
        }
        pending = true;
        state.pathFrame(t.getValue(), mode.getValue()).whenComplete((g, e) -> {
            pending = false;
            if (g != null) {
                show(g);
            }
            if (dirty) {
                dirty = false;
                render();
            }
        });
    }

    private void show(Generated[] g) {
        for (int s = 0; s < 2; s++) {
            Frames.show(views.get(s), g[s], 1);
        }
    }

    void stop() {
        play.setSelected(false);
    }
}
