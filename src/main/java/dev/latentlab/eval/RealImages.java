package dev.latentlab.eval;

import dev.latentlab.data.BuiltinDatasets;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelInfo;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which real images a model is measured against (eval, eval compare, eval neighbours, the Compare
 * view): the ones asked for by name; else its training set when it is on this machine; else the
 * reference set shipped for that dataset ({@code assets/reference/NAME/}: images of the same
 * recipe that no model trained on), said in {@link #note()}; else the built-in digits for a digits
 * model.
 *
 * @param source   for {@link dev.latentlab.data.DatasetSource#open}
 * @param note     one line for people when the training set was replaced by the reference set, else null
 * @param heldOut  whether no model trained on these images (the reference set), so they also serve
 *                 as a VAE's held-out images
 */
public record RealImages(String source, String note, boolean heldOut) {

    /** The real images for {@code m}: {@code given} when not null, else as described above; empty when none. */
    public static Optional<RealImages> of(GanModel m, String given) {
        if (given != null) {
            return Optional.of(new RealImages(given, null, false));
        }
        ModelInfo.Dataset d = m.info().dataset;
        String location = d == null ? null : d.location();
        if (isHere(location)) {
            return Optional.of(new RealImages(location, null, false));
        }
        Optional<BuiltinDatasets.Reference> ref = d == null ? Optional.empty() : BuiltinDatasets.referenceFor(d.name);
        if (ref.isPresent()) {
            return Optional.of(new RealImages(ref.get().source(), "real images: " + ref.get().describe() + ", because "
                    + d.name + "'s training images (" + location + ") are not on this machine", true));
        }
        if (Classifiers.kindFor(m).filter(k -> k == ClassifierInfo.Kind.DIGITS).isPresent()) {
            return Optional.of(new RealImages(BuiltinDatasets.DIGITS, null, false));
        }
        return Optional.empty();
    }

    /** A built-in name, or a path that exists here. */
    static boolean isHere(String location) {
        if (location == null || location.isBlank()) {
            return false;
        }
        if (location.startsWith("builtin:")) {
            return true;
        }
        try {
            return Files.exists(Path.of(location));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
