package dev.latentlab.ui.compare;

import dev.latentlab.ui.widgets.FrameView;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * A VAE encodes a real image and decodes it: the target beside each VAE's G(μ(x)) with its PSNR.
 * The image is a file the user picks or one of the training images; a GAN's slot shows
 * G(E(x)) when it has an image encoder (the encoder alone, like the VAE's μ(x): no search), else
 * none (Explore's "Open image…" searches for a z instead).
 */
final class ReconstructionPanel extends VBox {
    private final CompareState state;
    private final FrameView target = new FrameView();
    private final List<FrameView> recon = List.of(new FrameView(), new FrameView());
    private final List<Label> captions = List.of(new Label("A"), new Label("B"));
    private final Label source = new Label();
    private int dataIndex;

    ReconstructionPanel(CompareState state) {
        this.state = state;
        getStyleClass().addAll("compare-panel", "compare-reconstruction");
        Label title = new Label("Reconstruction x → z → G(z): a VAE's z = μ(x), a GAN's z = E(x)");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button file = new Button("Open image…");
        file.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("An image to reconstruct");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg",
                    "*.bmp", "*.gif"));
            File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                show(state.reconstruct(f.toPath()));
            }
        });
        Button data = new Button("From the data");
        data.setId("compare-reconstruct-data");
        data.setOnAction(e -> show(state.reconstructFromData(dataIndex++ * 977)));
        source.getStyleClass().add("help-text");
        source.setWrapText(true);
        HBox bar = new HBox(8, file, data);
        bar.getStyleClass().add("tight-row");
        target.setId("compare-recon-target");
        HBox frames = new HBox(8, Frames.captioned(target, new Label("target")));
        for (int s = 0; s < 2; s++) {
            recon.get(s).setId("compare-recon-" + (s == 0 ? "a" : "b"));
            captions.get(s).setId("compare-recon-caption-" + (s == 0 ? "a" : "b"));
            captions.get(s).setWrapText(true); // "A · faces64 · PSNR 24.1 dB · G(E(x)), its encoder alone" is long
            captions.get(s).setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            VBox box = Frames.captioned(recon.get(s), captions.get(s));
            HBox.setHgrow(box, Priority.ALWAYS);
            frames.getChildren().add(box);
        }
        getChildren().addAll(title, bar, frames, source);
        for (int s = 0; s < 2; s++) {
            state.loadedProperty(s).addListener((o, a, b) -> clear()); // they were the other pair's
        }
    }

    /** No reconstruction and no message: what a new pair of models starts with. */
    private void clear() {
        target.clear();
        for (int s = 0; s < 2; s++) {
            recon.get(s).clear();
            captions.get(s).setText(s == 0 ? "A" : "B");
        }
        source.setText("");
    }

    private void show(CompletableFuture<CompareState.Reconstruction> job) {
        source.setText("Reconstructing…");
        job.whenComplete((r, e) -> {
            if (r == null) {
                Throwable t = e.getCause() != null ? e.getCause() : e;
                source.setText("Not reconstructed: " + (t.getMessage() == null ? t : t.getMessage()));
                return;
            }
            Frames.show(target, r.target(), r.channels(), r.size());
            for (int s = 0; s < 2; s++) {
                CompareState.Loaded l = state.loadedProperty(s).get();
                String who = (s == 0 ? "A" : "B") + (l == null ? "" : " · " + l.name());
                if (r.recon()[s] != null) {
                    Frames.show(recon.get(s), r.recon()[s], 1);
                    // the figure first: a narrow column wraps the words after it, never the PSNR
                    captions.get(s).setText(String.format(Locale.ROOT, "%s · PSNR %.1f dB · %s", who, r.psnr()[s],
                            r.how()[s]));
                } else {
                    recon.get(s).clear();
                    captions.get(s).setText(who + (l == null ? "" : " · this GAN has no encoder (Explore → Open "
                            + "image… searches for its z; latentlab train-encoder makes one)"));
                }
            }
            source.setText(r.source());
        });
    }

    FrameView reconstruction(int slot) {
        return recon.get(slot);
    }
}
