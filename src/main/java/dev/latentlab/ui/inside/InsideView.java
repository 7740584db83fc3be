package dev.latentlab.ui.inside;

import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Inside: the generator opened up for the current z. "Feature maps" shows every stage's channels
 * as tiles, live while the z sliders (Explore's, beside it) move, and one channel large with its
 * range and a way to remove it in Ablate; "Step by step" computes a stage's transposed convolution
 * by hand on the model's own weights and checks it against the layer; "Checkerboard" shows why
 * kernel 4 with stride 2 overlaps evenly and kernel 3 does not, beside the image's high frequencies.
 */
public final class InsideView implements View {
    private final FeatureMaps maps;
    private final StepState steps;
    private final StageMosaics mosaics;
    private final ChannelDetail detail;
    private final StepPanel stepPanel;
    private final CheckerboardPanel checkerboard;
    private final BorderPane root = new BorderPane();
    private final Tab stepTab;
    private boolean visible;

    /**
     * {@code zSliders}: a slider per z dimension writing the shared z; {@code removeInAblate}: shows Ablate
     * with (hidden layer, channel) removed.
     */
    public InsideView(Workspace ws, Node zSliders, BiConsumer<Integer, Integer> removeInAblate) {
        maps = new FeatureMaps(ws);
        steps = new StepState(ws);
        mosaics = new StageMosaics(maps);
        detail = new ChannelDetail(maps, removeInAblate);
        stepPanel = new StepPanel(steps, maps, ws.modelProperty());
        checkerboard = new CheckerboardPanel(maps);
        root.getStyleClass().add("inside-view");

        Label help = new Label("Every stage of the generator for the current z, from the first 4×4 maps to the image; "
                + "each tile is one channel. Move the z sliders to watch them change; click a tile to see it large.");
        help.getStyleClass().add("help-text");
        help.setWrapText(true);
        VBox maps = new VBox(10, help, mosaics.node(), detail.node());
        maps.getStyleClass().add("padded");
        ScrollPane mapsScroll = new ScrollPane(maps);
        mapsScroll.setFitToWidth(true);
        mapsScroll.setId("feature-maps");
        Tab mapsTab = new Tab("Feature maps", mapsScroll);
        stepTab = new Tab("Step by step", stepPanel.node());
        ScrollPane boardScroll = new ScrollPane(checkerboard.node());
        boardScroll.setFitToWidth(true);
        Tab boardTab = new Tab("Checkerboard", boardScroll);
        TabPane tabs = new TabPane(mapsTab, stepTab, boardTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("inside-tabs");
        stepTab.selectedProperty().addListener((o, a, on) -> {
            steps.setVisible(on && visible);
            if (!on) {
                stepPanel.stop();
            }
        });
        root.setCenter(tabs);

        Label zTitle = new Label("Latent z");
        zTitle.getStyleClass().add("section-title");
        VBox.setVgrow(zSliders, Priority.ALWAYS);
        VBox side = new VBox(4, zTitle, zSliders);
        side.getStyleClass().add("inside-side");
        root.setRight(side);
    }

    @Override
    public String title() {
        return "Inside";
    }

    @Override
    public Feather icon() {
        return Feather.LAYERS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        visible = true;
        maps.setVisible(true);
        steps.setVisible(stepTab.isSelected());
    }

    @Override
    public void hidden() {
        visible = false;
        maps.setVisible(false);
        steps.setVisible(false);
        stepPanel.stop();
    }

    // ---- the panels' state, for the view's tests ----

    FeatureMaps maps() {
        return maps;
    }

    StageMosaics mosaics() {
        return mosaics;
    }

    ChannelDetail detail() {
        return detail;
    }

    StepState steps() {
        return steps;
    }

    StepPanel stepPanel() {
        return stepPanel;
    }

    CheckerboardPanel checkerboard() {
        return checkerboard;
    }
}
