package dev.latentlab.ui.interpolate;

import dev.latentlab.latent.PathRecipe;
import dev.latentlab.ui.widgets.Icons;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/**
 * Play and pause the path's frames at any fps, looping or ping-pong; each tick advances by as many
 * frames as the time since the last one is worth, and waits at a frame not rendered yet.
 */
final class Playback {
    private final ToggleButton play = new ToggleButton("Play");
    private final Spinner<Integer> fps = new Spinner<>(1, 60, 24);
    private final CheckBox loop = new CheckBox("Loop");
    private final CheckBox pingPong = new CheckBox("Ping-pong");
    private final IntSupplier frameCount;
    private final IntPredicate rendered;
    private final IntSupplier index;
    private final IntConsumer show;
    private final IntConsumer rewind;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            tick(now);
        }
    };
    private final HBox root;
    private int direction = 1;
    private long lastTick;
    private double pending;

    /**
     * Over frames {@code 0 … frameCount − 1}, {@code rendered(i)} once frame i is there; {@code
     * show(i)} moves on and shows it, {@code rewind(i)} only moves (playing from the end starts over).
     */
    Playback(IntSupplier frameCount, IntPredicate rendered, IntSupplier index, IntConsumer show, IntConsumer rewind,
            Label progress) {
        this.frameCount = frameCount;
        this.rendered = rendered;
        this.index = index;
        this.show = show;
        this.rewind = rewind;
        fps.setEditable(true);
        fps.getStyleClass().add("narrow-number");
        loop.setSelected(true);
        Icons.decorate(play, Feather.PLAY, "Play / pause  (Space)");
        play.setId("play");
        play.selectedProperty().addListener((o, a, on) -> {
            play.setText(on ? "Pause" : "Play");
            play.setGraphic(Icons.icon(on ? Feather.PAUSE : Feather.PLAY));
            lastTick = 0;
            pending = 0;
            if (on) {
                timer.start();
            } else {
                timer.stop();
            }
            if (on && index.getAsInt() >= frameCount.getAsInt() - 1 && direction > 0 && !pingPong.isSelected()) {
                rewind.accept(0);
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        root = new HBox(play, fps, new Label("fps"), loop, pingPong, grow, progress);
        root.getChildren().forEach(n -> {
            if (n instanceof Region r && r != grow) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        root.getStyleClass().addAll("view-toolbar", "form-row");
    }

    Node node() {
        return root;
    }

    boolean playing() {
        return play.isSelected();
    }

    void setPlaying(boolean on) {
        play.setSelected(on);
    }

    int fps() {
        return fps.getValue();
    }

    int minFps() {
        return ((SpinnerValueFactory.IntegerSpinnerValueFactory) fps.getValueFactory()).getMin();
    }

    int maxFps() {
        return ((SpinnerValueFactory.IntegerSpinnerValueFactory) fps.getValueFactory()).getMax();
    }

    boolean loop() {
        return loop.isSelected();
    }

    boolean pingPong() {
        return pingPong.isSelected();
    }

    /** How it plays, as an opened path says. */
    void set(int framesPerSecond, boolean looping, boolean pingPonging) {
        fps.getValueFactory().setValue(framesPerSecond);
        loop.setSelected(looping);
        pingPong.setSelected(pingPonging);
    }

    private void tick(long now) {
        int n = frameCount.getAsInt();
        if (!play.isSelected() || n < 2) {
            lastTick = 0;
            return;
        }
        if (lastTick == 0) {
            lastTick = now;
            return;
        }
        pending += (now - lastTick) / 1e9 * fps.getValue();
        lastTick = now;
        if (pending < 1) {
            return;
        }
        int stepsDue = (int) pending;
        pending -= stepsDue;
        int i = index.getAsInt();
        for (int k = 0; k < stepsDue; k++) {
            int next = i + direction;
            if (next >= n || next < 0) {
                if (pingPong.isSelected()) {
                    direction = -direction;
                    next = i + direction;
                    if (direction > 0 && !loop.isSelected()) {
                        play.setSelected(false);
                        break;
                    }
                } else if (loop.isSelected()) {
                    next = 0;
                } else {
                    play.setSelected(false);
                    break;
                }
            }
            if (!rendered.test(next)) {
                break; // not rendered yet: wait for it
            }
            i = next;
        }
        show.accept(i);
    }

    /** The frames in playing order: forward, then back again for ping-pong (ends not repeated). */
    List<int[]> sequence(int[][] frames) {
        return PathRecipe.playingOrder(List.of(frames), pingPong.isSelected());
    }
}
