package dev.latentlab.ui.arithmetic;

import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
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
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * One term of the arithmetic: its letter (a toggle that selects where clicked samples go), its
 * sign, a user-given name, G(mean z), and its exemplars as thumbnails (a click removes one); a
 * remove button and an anchor toggle that marks the base the scale walks from (see
 * {@link TermList}). Holds no logic beyond display: {@link TermColumns} and the view own the
 * concept and the term list and call {@link #show} and {@link #showRole}; the column keeps its
 * exemplars' rendered pixels for the pixel-space contrast.
 */
public final class ConceptColumn extends VBox {
    static final double MEAN_SIZE = 112;
    static final double THUMB = 36;

    private int index;
    final ToggleButton select = new ToggleButton();
    final Button sign = new Button("+");
    final Button remove = Icons.flat(Feather.X, null);
    final ToggleButton base = Icons.decorate(new ToggleButton(), Feather.ANCHOR, null);
    final TextField name = new TextField();
    final ImageView mean = new ImageView();
    final Label meanCaption = new Label("G(mean z)");
    final Label count = new Label();
    final FlowPane exemplars = new FlowPane(3, 3);
    final Button save = Icons.flat(Feather.SAVE, "Save this concept (JSON, tied to this model)");
    final MenuButton load = Icons.decorate(new MenuButton(), Feather.FOLDER, "Load a concept into this column");
    final Button clear = Icons.flat(Feather.TRASH_2, "Remove all exemplars");
    final Button addCurrent = Icons.flat(Feather.CORNER_DOWN_RIGHT,
            "Add the current z as an exemplar (from Explore: a face you moved to, or an image you encoded with Open image…)");
    final MenuButton autoPick = Icons.decorate(new MenuButton(), Feather.ZAP,
            "Auto-pick: sample a batch, classify it, and take the most confident matches");
    /** Tooltips sit on wrappers so that they also explain why a button is disabled. */
    private final Tooltip signTip = new Tooltip();
    private final Tooltip removeTip = new Tooltip();
    private final Tooltip baseTip = new Tooltip();
    /** The prompt given, or null for "concept D" that follows the letter. */
    private final String fixedPrompt;
    private final List<ImageView> thumbs = new ArrayList<>();
    private int[][] exemplarPixels = new int[0][];
    private IntConsumer onRemove = i -> {};

    /** A column at position {@code index}; {@code promptName} null names it after its letter. */
    ConceptColumn(int index, String promptName) {
        this.fixedPrompt = promptName;
        getStyleClass().add("concept-column");
        setSpacing(6);
        setPrefWidth(TermColumns.COLUMN_WIDTH);
        setMinWidth(TermColumns.COLUMN_MIN_WIDTH);
        setMaxWidth(TermColumns.COLUMN_MAX_WIDTH);
        HBox.setHgrow(this, Priority.ALWAYS); // the columns share the room a wider window gives
        select.setMinWidth(Region.USE_PREF_SIZE);
        select.setTooltip(new Tooltip("Clicked samples go into the selected column"));
        sign.getStyleClass().addAll("flat", "section-title");
        sign.setMinWidth(Region.USE_PREF_SIZE);
        base.getStyleClass().addAll("button-icon", "flat");
        // the name has a line of its own, the column's whole width: "man without glasses" stays readable
        Region headGap = new Region();
        HBox.setHgrow(headGap, Priority.ALWAYS);
        HBox head = new HBox(4, select, tipped(sign, signTip), headGap, tipped(remove, removeTip));
        head.setAlignment(Pos.CENTER_LEFT);
        name.setMaxWidth(Double.MAX_VALUE);
        mean.setFitWidth(MEAN_SIZE);
        mean.setFitHeight(MEAN_SIZE);
        mean.setPreserveRatio(true);
        StackPane meanBox = new StackPane(mean);
        meanBox.setMinSize(MEAN_SIZE, MEAN_SIZE);
        meanBox.getStyleClass().add("frame-cell");
        Tooltip.install(meanBox, new Tooltip("G(mean z): the generator's image of the concept's mean"));
        meanCaption.getStyleClass().add("help-text");
        meanCaption.setWrapText(true); // "· the base" goes on a second line in a narrow column
        meanCaption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox caption = new HBox(2, tipped(base, baseTip), meanCaption);
        caption.setAlignment(Pos.CENTER);
        count.setWrapText(true);
        exemplars.setPrefWrapLength(200);
        // the tools wrap onto a second line in a narrow column instead of spilling into the next
        FlowPane tools = new FlowPane(4, 4, save, load, clear, addCurrent, autoPick);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.prefWrapLengthProperty().bind(widthProperty());
        VBox.setVgrow(exemplars, Priority.ALWAYS);
        getChildren().addAll(head, name, meanBox, caption, count, tools, exemplars);
        setAlignment(Pos.TOP_CENTER);
        setIndex(index);
    }

    private static StackPane tipped(Node n, Tooltip tip) {
        StackPane p = new StackPane(n);
        p.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip.install(p, tip);
        return p;
    }

    int index() {
        return index;
    }

    /** Moves the column to position i: its letter, its ids ("column-i-…", "exemplar-i-k") and an unnamed prompt follow. */
    void setIndex(int i) {
        index = i;
        String letter = TermList.letter(i);
        select.setText(letter);
        if (fixedPrompt == null) {
            name.setPromptText("concept " + letter);
        } else {
            name.setPromptText(fixedPrompt);
        }
        setId("column-" + i);
        select.setId("column-" + i + "-select");
        sign.setId("column-" + i + "-sign");
        remove.setId("column-" + i + "-remove");
        base.setId("column-" + i + "-base");
        name.setId("column-" + i + "-name");
        count.setId("column-" + i + "-count");
        exemplars.setId("column-" + i + "-exemplars");
        save.setId("column-" + i + "-save");
        load.setId("column-" + i + "-load");
        autoPick.setId("column-" + i + "-auto");
        addCurrent.setId("column-" + i + "-add-current");
        for (int k = 0; k < thumbs.size(); k++) {
            thumbs.get(k).getParent().setId("exemplar-" + i + "-" + k);
        }
    }

    /** The term's sign and what may be done with it (see {@link TermList}). */
    void showRole(int termSign, boolean isBase, boolean canFlip, boolean canRemove, boolean canBeBase) {
        sign.setText(termSign > 0 ? "+" : "−");
        sign.setDisable(!canFlip);
        signTip.setText(isBase ? "The base is always +: make another + term the base (anchor button) to flip this one"
                : termSign > 0 ? "Added (+): click to subtract it instead" : "Subtracted (−): click to add it instead");
        remove.setDisable(!canRemove);
        removeTip.setText(isBase ? "The base cannot be removed: make another + term the base (anchor button) first"
                : canRemove ? "Remove this term" : "The expression needs at least " + TermList.MIN_TERMS + " terms");
        base.setSelected(isBase);
        base.setDisable(!isBase && !canBeBase);
        baseTip.setText(isBase
                ? "The base: the scale s walks from it (s = 0 shows G(base)) through the sum of all terms (s = 1) and beyond."
                        + " It stays + and cannot be removed."
                : canBeBase ? "Make this the base: the scale s walks from it"
                : "Only a + term can be the base");
        meanCaption.setText(isBase ? "G(mean z) · the base" : "G(mean z)");
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
        count.getStyleClass().removeAll("help-text", "danger");
        count.getStyleClass().add(n >= ConceptArithmetic.MIN_EXEMPLARS ? "help-text" : "danger");
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

    /** Forgets the rendered exemplars: {@code n} are on their way (see {@link #exemplarPixels}). */
    void expectExemplarPixels(int n) {
        exemplarPixels = new int[n][];
    }

    /** The exemplars as rendered (ARGB), for pixel-space arithmetic; an entry is null until rendered. */
    int[][] exemplarPixels() {
        return exemplarPixels;
    }

    void setExemplarImage(int i, int[] argb, int w, int h) {
        if (i >= 0 && i < exemplarPixels.length) {
            exemplarPixels[i] = argb;
        }
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
