package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.nn.LayerInfo;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** Inside's "Remove this channel" opens Ablate on that channel's layer with the channel removed. */
class InsideToAblateTest extends TwoModelApp {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() {
        close();
    }

    @Test
    void removeThisChannelOpensAblateWithThatChannelRemoved(FxRobot robot) {
        awaitImage();
        robot.clickOn("#nav-inside");
        waitUntil("the stages are shown", 20, () -> stage.getScene().lookup("#mosaic-2") != null);
        Node mosaic = fx(() -> stage.getScene().lookup("#mosaic-2"));
        Bounds b = fx(() -> mosaic.localToScreen(mosaic.getLayoutBounds()));
        robot.clickOn(new Point2D(b.getMinX() + 4, b.getMinY() + 4)); // the first tile: channel 0
        waitUntil("the channel is shown large", 5, () -> ((Label) stage.getScene().lookup("#channel-title")).getText()
                .startsWith("stage 3, channel 0 of 8"));
        robot.clickOn("#remove-channel");
        waitUntil("Ablate shows the removal", 10, () -> stage.getScene().lookup("#removed-count") != null
                && ((Label) stage.getScene().lookup("#removed-count")).getText().equals("1 of 8 removed"));
        @SuppressWarnings("unchecked")
        LayerInfo layer = fx(() -> ((ComboBox<LayerInfo>) stage.getScene().lookup("#ablate-layer")).getValue());
        assertEquals(2, layer.index(), "Ablate switched to stage 3's layer");
        assertTrue(fx(() -> stage.getScene().lookup("#channel-0").getStyleClass().contains("removed")),
                "channel 0 is drawn removed");
    }
}
