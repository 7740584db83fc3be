package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.AblationEval.LayerMaps;
import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Choices;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;

/**
 * The layer's channels as activation maps ({@link ChannelTiles}), for the current z or the mean
 * over a batch, in channel, activation or ranking order; a click removes or restores a channel,
 * a shift-click a run of them. The maps are read on the render thread, at most one request at a
 * time (a newer z or mask is read once the one under way is back).
 */
final class ChannelGrid {
    /** The order of the tiles. */
    enum Order {
        CHANNEL("Channel order"), MEAN("Mean activation"), RANKING("Ranking");

        final String label;

        Order(String label) {
            this.label = label;
        }
    }

    private final Workspace ws;
    private final AblationState state;
    private final Supplier<float[]> batchZ;
    private final ChannelTiles tiles = new ChannelTiles();
    private final ScrollPane scroll = new ScrollPane(tiles);
    private final ComboBox<Order> order = new ComboBox<>();
    private final ToggleButton showCurrent = new ToggleButton("This z");
    private final ToggleButton showBatch = new ToggleButton("Batch");
    private LayerMaps maps;
    private int lastClicked = -1;
    private boolean running;
    private boolean dirty;
    private boolean visible;

    /** {@code batchZ}: the batch the mean maps are over (the view draws a new one per model). */
    ChannelGrid(Workspace ws, AblationState state, Supplier<float[]> batchZ) {
        this.ws = ws;
        this.state = state;
        this.batchZ = batchZ;
        scroll.setFitToWidth(true);
        scroll.setId("channel-scroll");
        tiles.getStyleClass().add("channel-tiles");
        tiles.setOnClick(this::clicked);
        ToggleGroup g = new ToggleGroup();
        showCurrent.setToggleGroup(g);
        showBatch.setToggleGroup(g);
        showCurrent.setSelected(true);
        showCurrent.setTooltip(new Tooltip("Maps for the current z (Explore's)"));
        showBatch.setTooltip(new Tooltip("Maps averaged over " + AblateView.BATCH + " samples"));
        g.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                show();
            }
        });
        order.setId("ablate-sort");
        order.getItems().setAll(Order.values());
        order.setConverter(Choices.labelled(order.getItems(), o -> o.label));
        order.setValue(Order.CHANNEL);
        order.setTooltip(new Tooltip("Order of the channels: by index, by mean activation over the batch "
                + "(highest first), or by the current ranking (best first)"));
        order.valueProperty().addListener((o, a, b) -> sort());
        order.getStyleClass().add("order-box");
        state.maskProperty().addListener((o, a, m) -> {
            LayerInfo l = state.layer();
            if (l != null) {
                tiles.markRemoved(m.removed(l.index()));
            }
        });
        state.layerProperty().addListener((o, a, l) -> {
            lastClicked = -1;
            maps = null;
            request();
        });
        state.rankedProperty().addListener((o, a, r) -> {
            if (r == null) {
                return;
            }
            if (order.getValue() == Order.RANKING) {
                sort();
            } else {
                order.setValue(Order.RANKING);
            }
        });
    }

    Node node() {
        return scroll;
    }

    /** The toolbar's part: this z or batch, and the order. */
    List<Node> toolbarItems() {
        return List.of(showCurrent, showBatch, order);
    }

    void setVisible(boolean v) {
        visible = v;
    }

    void clear() {
        maps = null;
    }

    private void clicked(int channel, boolean shift) {
        LayerInfo l = state.layer();
        if (l == null) {
            return;
        }
        boolean remove = !state.mask().isRemoved(l.index(), channel);
        if (shift && lastClicked >= 0) {
            int[] shown = tiles.displayed();
            int a = indexOf(shown, lastClicked);
            int b = indexOf(shown, channel);
            BitSet removed = state.mask().removed(l.index());
            for (int i = Math.min(a, b); i <= Math.max(a, b); i++) {
                removed.set(shown[i], remove);
            }
            state.setMask(state.mask().withLayer(l.index(), removed));
        } else {
            state.setMask(state.mask().with(l.index(), channel, remove));
        }
        lastClicked = channel;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return 0;
    }

    /** Reads the maps of the current z, layer and mask (once the request under way is back). */
    void request() {
        LayerInfo l = state.layer();
        if (l == null || ws.model() == null || !visible || ws.z().length != ws.model().nz()) {
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        running = true;
        dirty = false;
        ws.render().submit(AblationEval.maps(ws.z(), batchZ.get(), AblateView.BATCH, l.index(), state.mask()))
                .whenComplete((m, t) -> Platform.runLater(() -> {
                    running = false;
                    if (t != null) {
                        ws.error("Could not read the layer's activations", t);
                    } else if (l.equals(state.layer())) {
                        maps = m;
                        show();
                    }
                    if (dirty) {
                        request();
                    }
                }));
    }

    private void show() {
        if (maps == null) {
            return;
        }
        LayerInfo l = maps.layer();
        tiles.show(showBatch.isSelected() ? maps.batchMean() : maps.current(), l.channels(), l.height(), l.width(),
                maps.channelMean());
        tiles.markRemoved(state.mask().removed(l.index()));
        sort();
    }

    private void sort() {
        LayerInfo l = state.layer();
        if (l == null || tiles.size() != l.channels()) {
            return;
        }
        ChannelRanking ranking = state.ranking();
        int[] shown;
        if (order.getValue() == Order.MEAN && maps != null) {
            float[] m = maps.channelMean();
            shown = IntStream.range(0, l.channels()).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(c -> -m[c]).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        } else if (order.getValue() == Order.RANKING && ranking != null) {
            shown = ranking.order();
        } else {
            shown = IntStream.range(0, l.channels()).toArray();
        }
        tiles.order(shown);
    }

    int tileCount() {
        return tiles.size();
    }

    int[] displayed() {
        return tiles.displayed();
    }
}
