package dev.latentlab.ui.explore;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Explore's "Direction from picks" pane, under the named edits: mark the image on screen as
 * having an attribute or not, name it, fit. Nodes only; the state is {@link PicksModel}'s.
 */
public final class PicksPanel {
    private final TitledPane root;

    public PicksPanel(PicksModel model) {
        Label help = new Label("Teach an attribute no classifier reads: mark images that have it and images that "
                + "do not (Randomize between marks), name it, and fit a direction from your picks. The fit reads "
                + "the model's own features of 6,000 samples (several seconds); on faces64 a hat or glasses take "
                + "10 to 20 picks a side.");
        help.setWrapText(true);
        help.setMinHeight(Region.USE_PREF_SIZE); // the pane takes the height it needs; the sliders above scroll
        help.getStyleClass().add("text-muted");
        Button has = new Button("Has it");
        has.setId("pick-has");
        has.setTooltip(new Tooltip("The image on screen has the attribute"));
        has.setOnAction(e -> model.pick(true));
        Button lacks = new Button("Lacks it");
        lacks.setId("pick-lacks");
        lacks.setTooltip(new Tooltip("The image on screen does not have it"));
        lacks.setOnAction(e -> model.pick(false));
        Label counts = new Label();
        counts.setId("pick-counts");
        counts.textProperty().bind(model.positiveCountProperty().asString("%d with, ")
                .concat(model.negativeCountProperty().asString("%d without")));
        TextField name = new TextField();
        name.setId("pick-name");
        name.setPromptText("name, e.g. Freckles");
        name.textProperty().bindBidirectional(model.nameProperty());
        HBox.setHgrow(name, Priority.ALWAYS);
        Button fit = new Button("Fit direction");
        fit.setId("pick-fit");
        fit.setOnAction(e -> model.fit());
        fit.disableProperty().bind(model.fittingProperty());
        Button load = new Button("Load picks");
        load.setId("pick-load");
        load.setTooltip(new Tooltip("Bring back the picks stored with the picked direction of this name, to add to "
                + "and fit again"));
        load.setOnAction(e -> model.load());
        load.disableProperty().bind(model.loadableProperty().not().or(model.fittingProperty()));
        Button clear = new Button("Clear");
        clear.setId("pick-clear");
        clear.setOnAction(e -> model.clear());
        Label status = new Label();
        status.setId("pick-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.getStyleClass().addAll("text-muted", "text-small");
        status.textProperty().bind(model.statusProperty());
        HBox marks = new HBox(has, lacks, counts);
        marks.getStyleClass().add("edits-actions");
        for (Button b : new Button[] {has, lacks, fit, load, clear}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // the name field gives way, not a button's label
        }
        counts.setMinWidth(Region.USE_PREF_SIZE);
        HBox naming = new HBox(name, fit);
        naming.getStyleClass().add("edits-actions");
        HBox stored = new HBox(load, clear);
        stored.getStyleClass().add("edits-actions");
        root = new TitledPane("Direction from picks", new VBox(help, marks, naming, stored, status));
        root.setId("picks-pane");
        root.setMinHeight(Region.USE_PREF_SIZE); // opened, it shows whole; the named edits above scroll instead
        root.setExpanded(false);
    }

    public Node node() {
        return root;
    }
}
