package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;

/**
 * A generator's inference pass split at a hidden layer L, for many removals of L's channels on
 * the same z (the removal search): the trunk up to L runs once, and because the next stage's
 * convolution is linear in L's activation h, removing channels S of L changes the next stage's
 * pre-activation by exactly the contribution of S:
 * <pre>
 *   pre(h with S zeroed) = pre(h) − Σ_{c ∈ S} contribution(h, c)
 * </pre>
 * so a trial removal costs the stages after the next one only (plus a one-input-channel
 * convolution per removed channel). Every method is inference only (folded BatchNorm); arrays
 * are attached to their input's manager.
 */
public interface SplitForward {
    /** Layer L's activation [N, C, s, s] (after ReLU and the hooks' masks of layers ≤ L) from z [N, nz]. */
    NDArray trunk(NDArray z, int layer, Hooks hooks);

    /**
     * The next stage's pre-activation (its convolution plus bias, before ReLU or tanh) from h, in
     * the layout of its phase convolution, [N, 4·C', s+1, s+1] ({@link TransposedConv2d#phaseConv}):
     * sums and differences are taken there, and {@link #fromPre} interleaves once.
     */
    NDArray nextPre(NDArray h, int layer);

    /** What channel c of h adds to {@link #nextPre} (without the bias): a convolution with one input channel. */
    NDArray contribution(NDArray h, int layer, int channel);

    /** The images [N, C, H, W] in [-1, 1] from the next stage's pre-activation (hooks of layers > L applied). */
    NDArray fromPre(NDArray pre, int layer, Hooks hooks);

    /**
     * The same in a given precision, for passes no gradient goes through (the search's trials): a
     * generator with a bfloat16 pass may run the later stages in bfloat16 when asked; by default, and
     * whenever hooks act on a later layer, {@link #fromPre(NDArray, int, Hooks)} in float32.
     */
    default NDArray fromPre(NDArray pre, int layer, Hooks hooks, Precision precision) {
        return fromPre(pre, layer, hooks);
    }
}
