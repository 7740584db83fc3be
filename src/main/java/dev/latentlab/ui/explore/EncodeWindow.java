package dev.latentlab.ui.explore;

import dev.latentlab.data.ImageFolder;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.Workspace;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Tooltip;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * "Open image…" in Explore: a small window with the user's image and its reconstruction side by
 * side, improving live while the search runs, with progress, Cancel, and the loss and PSNR as it
 * goes. When the search ends its z becomes the current z (through {@code onDone}).
 */
public final class EncodeWindow {
    static final double PICTURE = 256;

    private final Stage stage = new Stage();
    private final EncodeSession session;
    private final FrameView target = new FrameView();
    private final FrameView reconstruction = new FrameView();
    private final Button cancel = new Button("Cancel");

    public EncodeWindow(Workspace ws, Window owner, Consumer<float[]> onDone) {
        this.session = new EncodeSession(ws, onDone);
        stage.initOwner(owner);
        stage.setTitle("Encode an image");
        for (FrameView f : new FrameView[] {target, reconstruction}) {
            f.setPrefSize(PICTURE, PICTURE);
            f.setMinSize(PICTURE / 2, PICTURE / 2);
        }
        target.setId("encode-target");
        reconstruction.setId("encode-reconstruction");
        VBox left = new VBox(4, title("Your image"), target);
        VBox right = new VBox(4, title("Reconstruction G(z)"), reconstruction);
        HBox pictures = new HBox(12, left, right);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);

        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(session.progressProperty());
        Label status = new Label();
        status.setId("encode-status");
        status.setWrapText(true);
        status.textProperty().bind(session.statusProperty());
        Label notes = new Label();
        notes.setId("encode-notes");
        notes.setWrapText(true);
        notes.getStyleClass().addAll("text-muted", "text-small");
        notes.textProperty().bind(session.notesProperty());

        Button another = new Button("Open another…");
        another.setOnAction(e -> choose());
        CheckBox thorough = new CheckBox("Thorough (150 steps × 4 starts)");
        thorough.setId("encode-thorough");
        thorough.setTooltip(new Tooltip("Off: with the model's encoder, a quick refinement of its guess (about a second "
                + "on 2 cores).\nOn: the full search (several seconds), closer to the image; a model without an "
                + "encoder always searches thoroughly."));
        thorough.selectedProperty().bindBidirectional(session.thoroughProperty());
        Button again = new Button("Again, thorough");
        again.setId("encode-again");
        again.setTooltip(new Tooltip("Search the same image again with 150 steps × 4 starts"));
        again.setOnAction(e -> {
            session.thoroughProperty().set(true);
            encode(session.lastFile());
        });
        Button close = new Button("Close");
        close.setOnAction(e -> stage.close());
        cancel.setId("encode-cancel");
        cancel.setOnAction(e -> session.cancel());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, another, thorough, again, grow, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(10, pictures, bar, status, notes, buttons);
        root.setPadding(new Insets(12));
        root.getStyleClass().add("encode-window");
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> session.cancel());

        session.targetProperty().addListener((o, a, p) -> show(target, p));
        session.reconstructionProperty().addListener((o, a, p) -> show(reconstruction, p));
        session.stateProperty().addListener((o, a, s) -> {
            cancel.setDisable(s != EncodeSession.State.RUNNING);
            again.setDisable(s == EncodeSession.State.RUNNING || session.lastFile() == null);
        });
        cancel.setDisable(true);
        again.setDisable(true);
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static void show(FrameView view, EncodeSession.Picture p) {
        if (p != null) {
            view.show(p.argb(), p.width(), p.height());
        }
    }

    public EncodeSession session() {
        return session;
    }

    public FrameView targetView() {
        return target;
    }

    public FrameView reconstructionView() {
        return reconstruction;
    }

    /** Shows the window and encodes {@code file}. */
    public void encode(Path file) {
        stage.show();
        stage.toFront();
        session.start(file);
    }

    /** Asks for an image file, then encodes it; nothing happens when the user cancels the chooser. */
    public void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open an image to encode");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images",
                ImageFolder.IMAGE_EXTENSIONS.stream().map(e -> "*." + e).toList()));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = fc.showOpenDialog(stage.getOwner());
        if (f != null) {
            encode(f.toPath());
        }
    }
}
