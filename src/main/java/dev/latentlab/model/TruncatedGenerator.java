package dev.latentlab.model;

import ai.djl.ndarray.NDArray;
import dev.latentlab.latent.Truncation;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import java.util.List;

/**
 * A generator seen through the truncation trick: G_ψ(z) = G(ψ·z). A view, so that every
 * measurement that draws its own z ~ N(0, I) (sample quality, arithmetic) measures the truncated
 * generator unchanged; it owns nothing and closing it leaves the generator open.
 */
public final class TruncatedGenerator implements GeneratorNet {
    private final GeneratorNet g;
    private final double psi;

    private TruncatedGenerator(GeneratorNet g, double psi) {
        Truncation.check(psi);
        this.g = g;
        this.psi = psi;
    }

    /**
     * The model with its generator truncated at ψ. Closing the view closes only its own
     * sub-manager; the model stays the owner of the weights.
     */
    public static GanModel view(GanModel m, double psi) {
        return new GanModel(m.manager().newSubManager(), m.info(), new TruncatedGenerator(m.generator(), psi), null,
                m.path(), m.source());
    }

    @Override
    public NetSpec spec() {
        return g.spec();
    }

    @Override
    public ParamSet params() {
        return g.params();
    }

    @Override
    public List<LayerInfo> layers() {
        return g.layers();
    }

    /** z [N, nz] → G(ψ·z). */
    @Override
    public NDArray forward(NDArray z, boolean training, Hooks hooks) {
        return g.forward(psi == 1 ? z : z.mul((float) psi), training, hooks);
    }

    @Override
    public void close() {
        // a view: the generator belongs to its model
    }
}
