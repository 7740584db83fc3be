package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.latent.Prior;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.WrapRow;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.Icons;
import java.util.BitSet;
import java.util.Random;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Ablate: the DCGAN paper's "forgetting to draw windows", interactive. Every channel of a chosen
 * generator layer as a small activation map (for the current z or the mean over a batch); a click
 * removes a channel (its activation is zeroed at every position) or restores it, and the image
 * with the mask is drawn next to the one without, for the current z and for 16 samples. Channels
 * can be ranked by concept marks the user paints on samples (logistic regression as in the paper,
 * or GAN Dissection's IoU) or by an attribute classifier's labels, and a slider removes the top k.
 * A removal search picks the k channels by removing them and measuring the classifier's
 * attribute, on a thread and a copy of the model of its own so that rendering goes on.
 * The mask travels with each render request; the model is never reloaded.
 */
public final class AblateView implements View {
    static final int BATCH = 32;

    private final Workspace ws;
    private final AblationState state = new AblationState();
    private final BorderPane root = new BorderPane();
    private final ComboBox<LayerInfo> layerBox = new ComboBox<>();
    private final Label removedLabel = new Label();
    private final Label busy = new Label();
    private final BeforeAfter comparison;
    private final ChannelGrid channels;
    private final ConceptMarksPanel marks;
    private final ClassifierPanel classifier;
    private final RankingPanel ranking;
    private final RemovalCheckPanel check;
    private final Tab checkTab;
    private float[] batchZ = new float[0];
    private boolean visible;
    /** A removal asked for before the layers were read: {layer, channel}. */
    private int[] pendingRemoval;

    public AblateView(Workspace ws) {
        this.ws = ws;
        comparison = new BeforeAfter(ws, state);
        channels = new ChannelGrid(ws, state, () -> batchZ);
        marks = new ConceptMarksPanel(ws, state, busy::setText);
        classifier = new ClassifierPanel(ws, state, busy::setText);
        ranking = new RankingPanel(state);
        classifier.search().connectK(ranking::k, ranking::setK);
        check = new RemovalCheckPanel(ws, state, classifier::classifierDir, classifier.attributeProperty()::get);
        classifier.attributeProperty().addListener((o, a, b) -> check.changed());
        root.getStyleClass().add("ablate-view");
        root.setTop(toolbar());
        Tab channelsTab = new Tab("Channels", channels.node());
        checkTab = new Tab("The removal, seen", scrolled(check.node()));
        checkTab.setId("removal-check-tab");
        TabPane center = new TabPane(channelsTab, checkTab);
        center.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        checkTab.selectedProperty().addListener((o, a, on) -> check.setShown(visible && on));
        VBox.setVgrow(center, Priority.ALWAYS);
        root.setCenter(new VBox(comparison.node(), center));
        root.setRight(side());
        state.layerProperty().addListener((o, a, l) -> updateRemoved());
        state.maskProperty().addListener((o, a, m) -> updateRemoved());
        layerBox.valueProperty().addListener((o, a, l) -> state.layerProperty().set(l));
        ws.modelProperty().addListener((o, a, m) -> modelChanged(m));
        ws.zProperty().addListener((o, a, z) -> {
            if (visible) {
                comparison.renderCurrent();
                channels.request();
            }
        });
        if (ws.model() != null) {
            modelChanged(ws.model());
        }
    }

    private WrapRow toolbar() {
        layerBox.setId("ablate-layer");
        layerBox.getStyleClass().add("layer-box");
        layerBox.setTooltip(new Tooltip("The generator layer whose channels are shown and removed"));
        layerBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(LayerInfo l) {
                return l == null ? "" : l.describe();
            }

            @Override
            public LayerInfo fromString(String s) {
                return null;
            }
        });
        Button restore = Icons.button("Restore all", Feather.ROTATE_CCW, "Restore every removed channel of every layer");
        restore.setId("restore-all");
        restore.setOnAction(e -> state.setMask(ChannelMask.none()));
        Button invert = Icons.flat(Feather.REPEAT, "Invert: remove the kept channels of this layer and restore the removed");
        invert.setOnAction(e -> {
            LayerInfo l = state.layer();
            if (l != null) {
                BitSet b = state.mask().removed(l.index());
                b.flip(0, l.channels());
                state.setMask(state.mask().withLayer(l.index(), b));
            }
        });
        removedLabel.setId("removed-count");
        busy.getStyleClass().add("help-text");
        WrapRow bar = new WrapRow(layerBox);
        bar.getChildren().addAll(channels.toolbarItems());
        bar.getChildren().addAll(busy, removedLabel, invert, restore);
        bar.getStyleClass().addAll("view-toolbar", "ablate-toolbar");
        return bar;
    }

    private static ScrollPane scrolled(Node content) {
        ScrollPane sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setFitToHeight(true);
        return sp;
    }

    private Node side() {
        TabPane tabs = new TabPane(new Tab("Concept marks", marks.node()), new Tab("Classifier", classifier.node()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("side-tabs");
        VBox box = new VBox(tabs, ranking.node());
        box.getStyleClass().addAll("form-column", "ablate-side-box");
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        sp.getStyleClass().add("ablate-side");
        VBox.setVgrow(sp, Priority.ALWAYS);
        return new VBox(sp);
    }

    @Override
    public String title() {
        return "Ablate";
    }

    @Override
    public Feather icon() {
        return Feather.SCISSORS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        visible = true;
        check.setShown(checkTab.isSelected());
        channels.setVisible(true);
        if (ws.model() != null && layerBox.getValue() != null) {
            comparison.renderCurrent();
            comparison.renderGrid(true);
            marks.setVisible(true);
            channels.request();
        } else {
            marks.setVisible(true);
        }
    }

    @Override
    public void hidden() {
        visible = false;
        check.setShown(false);
        channels.setVisible(false);
        marks.setVisible(false);
    }

    // ---- model and layer ----

    private void modelChanged(ModelSummary m) {
        classifier.search().cancel();
        pendingRemoval = null;
        state.reset();
        channels.clear();
        layerBox.getItems().clear();
        comparison.modelChanged();
        if (m == null) {
            check.modelChanged();
            marks.modelChanged();
            return;
        }
        batchZ = Prior.sample(m.nz(), BATCH, new Random(2));
        classifier.modelChanged(m);
        marks.modelChanged();
        check.modelChanged();
        ws.render().submit(AblationEval.layers()).whenComplete((ls, t) -> Platform.runLater(() -> {
            if (t != null) {
                ws.error("Could not read the generator's layers", t);
                return;
            }
            if (ws.model() != m) {
                return;
            }
            layerBox.getItems().setAll(ls);
            if (!ls.isEmpty()) {
                layerBox.setValue(ls.stream().filter(l -> l.index() == AblationEval.defaultLayer(ls)).findFirst()
                        .orElse(ls.get(0)));
            }
            if (pendingRemoval != null) {
                int[] p = pendingRemoval;
                pendingRemoval = null;
                removeChannel(p[0], p[1]);
            }
            if (visible) {
                comparison.renderCurrent();
                comparison.renderGrid(true);
            }
        }));
    }

    /**
     * Shows hidden layer {@code layer} with {@code channel} removed, beside the channels removed
     * before (another view's "Remove this channel").
     */
    public void removeChannel(int layer, int channel) {
        LayerInfo l = layerBox.getItems().stream().filter(x -> x.index() == layer).findFirst().orElse(null);
        if (l == null) {
            pendingRemoval = new int[] {layer, channel};
            return;
        }
        layerBox.setValue(l);
        state.setMask(state.mask().with(layer, channel, true));
    }

    private void updateRemoved() {
        LayerInfo l = state.layer();
        if (l == null) {
            removedLabel.setText("");
            return;
        }
        BitSet b = state.mask().removed(l.index());
        int other = state.mask().count() - b.cardinality();
        removedLabel.setText(b.cardinality() + " of " + l.channels() + " removed"
                + (other > 0 ? " (+" + other + " in other layers)" : ""));
    }

    // ---- the panels' state, for the view's tests ----

    ChannelMask mask() {
        return state.mask();
    }

    FrameView afterView() {
        return comparison.after();
    }

    FrameView beforeView() {
        return comparison.before();
    }

    FrameView gridAfterView() {
        return comparison.gridAfter();
    }

    LayerInfo layer() {
        return state.layer();
    }

    RemovalCheckPanel removalCheck() {
        return check;
    }

    int channelTiles() {
        return channels.tileCount();
    }

    int[] displayedChannels() {
        return channels.displayed();
    }

    boolean searching() {
        return classifier.search().searching();
    }

    boolean markedSampleShown() {
        return marks.sampleShown();
    }
}
