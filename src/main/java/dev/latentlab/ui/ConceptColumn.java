package dev.latentlab.ui;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * One concept of the arithmetic: its role ("A (+)"), a user-given name, G(mean z), and its
 * exemplars as thumbnails (a click removes one). Holds no logic beyond display: the view
 * owns the concept and calls {@link #show}.
 */
final class ConceptColumn extends VBox {
    static final double MEAN_SIZE = 112;
    static final double THUMB = 36;

    final int index;
    final ToggleButton select;
    final TextField name = new TextField();
    final ImageView mean = new ImageView();
    final Label count = new Label();
    final FlowPane exemplars = new FlowPane(3, 3);
    final Button save = Icons.flat(Feather.SAVE, "Save this concept (JSON, tied to this model)");
    final MenuButton load = Icons.decorate(new MenuButton(), Feather.FOLDER, "Load a concept into this column");
    final Button clear = Icons.flat(Feather.TRASH_2, "Remove all exemplars");
    final MenuButton autoPick = Icons.decorate(new MenuButton(), Feather.ZAP,
            "Auto-pick: sample a batch, classify it, and take the most confident matches");
    private final List<ImageView> thumbs = new ArrayList<>();
    private IntConsumer onRemove = i -> {};

    ConceptColumn(int index, String role, String promptName) {
        this.index = index;
        setId("column-" + index);
        getStyleClass().add("concept-column");
        setSpacing(6);
        setPrefWidth(210);
        setMinWidth(200);
        select = new ToggleButton(role);
        select.setId("column-" + index + "-select");
        select.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        select.setTooltip(new Tooltip("Clicked samples go into the selected column"));
        name.setPromptText(promptName);
        name.setId("column-" + index + "-name");
        HBox.setHgrow(name, Priority.ALWAYS);
        HBox head = new HBox(6, select, name);
        head.setAlignment(Pos.CENTER_LEFT);
        mean.setFitWidth(MEAN_SIZE);
        mean.setFitHeight(MEAN_SIZE);
        mean.setPreserveRatio(true);
        StackPane meanBox = new StackPane(mean);
        meanBox.setMinSize(MEAN_SIZE, MEAN_SIZE);
        meanBox.getStyleClass().add("frame-cell");
        Tooltip.install(meanBox, new Tooltip("G(mean z): the generator's image of the concept's mean"));
        Label meanCaption = new Label("G(mean z)");
        meanCaption.getStyleClass().add("text-muted");
        count.setId("column-" + index + "-count");
        count.setWrapText(true);
        exemplars.setPrefWrapLength(200);
        exemplars.setId("column-" + index + "-exemplars");
        save.setId("column-" + index + "-save");
        load.setId("column-" + index + "-load");
        autoPick.setId("column-" + index + "-auto");
        autoPick.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(autoPick, Priority.ALWAYS);
        HBox tools = new HBox(4, save, load, clear, autoPick);
        tools.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(exemplars, Priority.ALWAYS);
        getChildren().addAll(head, meanBox, meanCaption, count, tools, exemplars);
        setAlignment(Pos.TOP_CENTER);
    }

    void setOnRemove(IntConsumer onRemove) {
        this.onRemove = onRemove;
    }

    /** The name typed, or the prompt when none is. */
    String conceptName() {
        String n = name.getText() == null ? "" : name.getText().trim();
        return n.isEmpty() ? name.getPromptText() : n;
    }

    /** Shows the concept's size; thumbnails are cleared until {@link #setExemplarImage} fills them. */
    void show(Concept c) {
        int n = c.size();
        count.setText(n >= ConceptArithmetic.MIN_EXEMPLARS ? n + " exemplars (click one to remove it)"
                : n + " of at least " + ConceptArithmetic.MIN_EXEMPLARS + " exemplars");
        count.getStyleClass().removeAll("text-muted", "danger");
        count.getStyleClass().add(n >= ConceptArithmetic.MIN_EXEMPLARS ? "text-muted" : "danger");
        while (thumbs.size() > n) {
            thumbs.remove(thumbs.size() - 1);
        }
        while (thumbs.size() < n) {
            int i = thumbs.size();
            ImageView v = new ImageView();
            v.setFitWidth(THUMB);
            v.setFitHeight(THUMB);
            v.setPreserveRatio(true);
            StackPane cell = new StackPane(v);
            cell.setMinSize(THUMB + 2, THUMB + 2);
            cell.getStyleClass().add("frame-cell");
            cell.setId("exemplar-" + index + "-" + i);
            cell.setOnMouseClicked(e -> onRemove.accept(i));
            Tooltip.install(cell, new Tooltip("Click to remove this exemplar"));
            thumbs.add(v);
        }
        exemplars.getChildren().setAll(thumbs.stream().map(ImageView::getParent).toList());
        if (n == 0) {
            mean.setImage(null);
        }
    }

    void setMeanImage(int[] argb, int w, int h) {
        mean.setImage(image(mean, argb, w, h));
    }

    void setExemplarImage(int i, int[] argb, int w, int h) {
        if (i >= 0 && i < thumbs.size()) {
            ImageView v = thumbs.get(i);
            v.setImage(image(v, argb, w, h));
        }
    }

    static WritableImage image(ImageView v, int[] argb, int w, int h) {
        WritableImage img = v.getImage() instanceof WritableImage wi && (int) wi.getWidth() == w
                && (int) wi.getHeight() == h ? wi : new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }
}
