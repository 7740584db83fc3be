package dev.latentlab.ui.ablate;

import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import java.util.BitSet;

/**
 * What the Ablate view's panels share, and no nodes: the channels removed (in every layer), the
 * layer shown, and the current ranking of that layer's channels with what it was ranked by. A
 * new layer drops the ranking. "Remove top k" adds its channels to those removed by hand and
 * takes back only its own when k changes. FX thread.
 */
final class AblationState {
    /** A ranking and the words that say what it comes from ("3 marked samples"). */
    record Ranked(ChannelRanking ranking, String source) {}

    private final ObjectProperty<ChannelMask> mask = new SimpleObjectProperty<>(ChannelMask.none());
    private final ObjectProperty<LayerInfo> layer = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Ranked> ranked = new ReadOnlyObjectWrapper<>();
    /** The channels of the current layer that the top k removed and nothing else had. */
    private BitSet byRanking = new BitSet();
    private boolean removingTop;

    AblationState() {
        layer.addListener((o, a, b) -> {
            ranked.set(null);
            byRanking = new BitSet();
        });
        // a channel restored by hand (or by Restore all, or Invert) is no longer the ranking's to take back
        mask.addListener((o, a, m) -> {
            if (!removingTop && layer.get() != null) {
                byRanking.and(m.removed(layer.get().index()));
            }
        });
    }

    ObjectProperty<ChannelMask> maskProperty() {
        return mask;
    }

    ChannelMask mask() {
        return mask.get();
    }

    /** Replaces the mask (an equal one changes nothing). */
    void setMask(ChannelMask m) {
        if (!m.equals(mask.get())) {
            mask.set(m);
        }
    }

    ObjectProperty<LayerInfo> layerProperty() {
        return layer;
    }

    LayerInfo layer() {
        return layer.get();
    }

    ReadOnlyObjectProperty<Ranked> rankedProperty() {
        return ranked.getReadOnlyProperty();
    }

    ChannelRanking ranking() {
        return ranked.get() == null ? null : ranked.get().ranking();
    }

    void setRanking(ChannelRanking r, String source) {
        ranked.set(new Ranked(r, source));
    }

    /**
     * Removes the top {@code k} channels of the ranking in the current layer, beside those
     * removed by hand; the channels an earlier k (or ranking) removed are restored first. Other
     * layers keep theirs.
     */
    void removeTop(int k) {
        if (ranking() == null || layer() == null) {
            return;
        }
        BitSet removed = mask().removed(layer().index());
        removed.andNot(byRanking);
        BitSet top = ranking().topSet(k);
        byRanking = (BitSet) top.clone();
        byRanking.andNot(removed);
        removed.or(top);
        removingTop = true;
        try {
            setMask(mask().withLayer(layer().index(), removed));
        } finally {
            removingTop = false;
        }
    }

    /** Back to no mask, no ranking and no layer (another model). */
    void reset() {
        mask.set(ChannelMask.none());
        layer.set(null);
        ranked.set(null);
        byRanking = new BitSet();
    }
}
