package dev.latentlab.ui;

import dev.latentlab.latent.ClosedFormDirections.Directions;
import dev.latentlab.eval.ReaderMatch;
import dev.latentlab.model.GanModel;
import dev.latentlab.nn.NetSpec;
import java.nio.file.Path;

/**
 * What the views know about the loaded model: plain values only (the model itself belongs to the
 * render service). {@code directions} is null when the first layer cannot be factorised
 * ({@code directionsNote} says why).
 */
public record ModelSummary(String name, Path path, GanModel.Source source, NetSpec spec, long parameters,
        String dataset, Directions directions, String directionsNote, ReaderMatch readers) {

    /** The same model read by other readers (the user declared what a PyTorch file draws). */
    public ModelSummary withReaders(ReaderMatch r) {
        return new ModelSummary(name, path, source, spec, parameters, dataset, directions, directionsNote, r);
    }

    public int nz() {
        return spec.nz();
    }

    /** "DCGAN 64×64×3 · nz 100 · 3.6M parameters" */
    public String size() {
        String params = parameters >= 1_000_000 ? String.format("%.1fM", parameters / 1e6)
                : parameters >= 1000 ? String.format("%.0fk", parameters / 1e3) : Long.toString(parameters);
        return String.format("%s %d×%d×%d · nz %d · %s parameters", spec.arch() == NetSpec.Arch.DCGAN ? "DCGAN" : "MLP",
                spec.imageSize(), spec.imageSize(), spec.channels(), spec.nz(), params);
    }
}
