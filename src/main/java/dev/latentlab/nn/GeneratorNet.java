package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A generator G: z [N, nz] → images [N, C, H, W] in [-1, 1]. */
public interface GeneratorNet extends AutoCloseable {
    NetSpec spec();

    ParamSet params();

    /** Hidden layers that masks and captures refer to by index. */
    List<LayerInfo> layers();

    /**
     * One forward pass. Every intermediate is attached to z's manager, so a caller that puts z in
     * a per-call sub-manager frees the whole pass by closing it.
     */
    NDArray forward(NDArray z, boolean training, Hooks hooks);

    @Override
    default void close() {
        params().close();
    }
}
