package dev.latentlab.nn;

import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which channels of which generator layers are removed (ablated): their activation is zeroed at
 * every position. Immutable, so a render request can carry one safely across threads.
 */
public final class ChannelMask {
    private static final ChannelMask NONE = new ChannelMask(new TreeMap<>());
    private final Map<Integer, BitSet> removed;

    private ChannelMask(Map<Integer, BitSet> removed) {
        this.removed = removed;
    }

    public static ChannelMask none() {
        return NONE;
    }

    public ChannelMask with(int layer, int channel, boolean remove) {
        TreeMap<Integer, BitSet> copy = copy();
        BitSet b = copy.computeIfAbsent(layer, k -> new BitSet());
        b.set(channel, remove);
        if (b.isEmpty()) {
            copy.remove(layer);
        }
        return new ChannelMask(copy);
    }

    public ChannelMask withLayer(int layer, BitSet channels) {
        TreeMap<Integer, BitSet> copy = copy();
        if (channels.isEmpty()) {
            copy.remove(layer);
        } else {
            copy.put(layer, (BitSet) channels.clone());
        }
        return new ChannelMask(copy);
    }

    private TreeMap<Integer, BitSet> copy() {
        TreeMap<Integer, BitSet> copy = new TreeMap<>();
        removed.forEach((k, v) -> copy.put(k, (BitSet) v.clone()));
        return copy;
    }

    public boolean isEmpty() {
        return removed.isEmpty();
    }

    public boolean isRemoved(int layer, int channel) {
        BitSet b = removed.get(layer);
        return b != null && b.get(channel);
    }

    /** Removed channels of a layer (a copy; empty when none). */
    public BitSet removed(int layer) {
        BitSet b = removed.get(layer);
        return b == null ? new BitSet() : (BitSet) b.clone();
    }

    public Map<Integer, BitSet> layers() {
        return Collections.unmodifiableMap(removed);
    }

    /** The multiplier for a layer of {@code channels} channels: 1 kept, 0 removed; null when none removed. */
    public float[] multiplier(int layer, int channels) {
        BitSet b = removed.get(layer);
        if (b == null) {
            return null;
        }
        float[] m = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = b.get(c) ? 0f : 1f;
        }
        return m;
    }

    public int count() {
        return removed.values().stream().mapToInt(BitSet::cardinality).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMask m && m.removed.equals(removed);
    }

    @Override
    public int hashCode() {
        return removed.hashCode();
    }

    @Override
    public String toString() {
        return "ChannelMask" + removed;
    }
}
