package dev.latentlab.ui.arithmetic;

import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Arithmetic view's row of concept columns, one per term of a {@link TermList} and in the same
 * order: adding, removing, flipping and making the base, the letters and ids that follow a
 * column's position, and which column clicked samples go into. The row scrolls sideways once the
 * columns outgrow it. What a column's exemplars mean (rendering, saving, auto-pick) stays with the
 * view, which wires each new column through {@code wire}.
 */
public final class TermColumns {
    static final double COLUMN_WIDTH = 210;
    static final double COLUMN_MIN_WIDTH = 180;
    static final double COLUMN_MAX_WIDTH = 360;
    static final double GAP = 12;

    private final TermList terms;
    private final String[] paperPrompts;
    private final List<ConceptColumn> columns = new ArrayList<>();
    private final HBox row = new HBox(GAP);
    private final ScrollPane scroll = new ScrollPane(row);
    private final ToggleGroup group = new ToggleGroup();
    private final Button add = Icons.button("Add term", Feather.PLUS,
            "Append a concept column (+) and select it; its sign toggles, and it can be removed again");
    private final Consumer<ConceptColumn> wire;
    private ConceptColumn selected;
    private Runnable onStructure = () -> {};
    private Runnable onNames = () -> {};

    /** The paper's three columns A (+), B (−), C (+, the base) with the given prompts. */
    TermColumns(String[] paperPrompts, Consumer<ConceptColumn> wire) {
        this.paperPrompts = paperPrompts.clone();
        this.terms = TermList.paper(paperPrompts[0], paperPrompts[1], paperPrompts[2]);
        this.wire = wire;
        for (int i = 0; i < terms.size(); i++) {
            newColumn(i, paperPrompts[i]);
        }
        select(0);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null && a != null && a.getToggleGroup() == group) {
                a.setSelected(true); // one column is always selected
            }
        });
        row.setPadding(new Insets(0, 0, 14, 0)); // room for the scroll bar once the columns overflow
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setFitToHeight(true);
        scroll.setFitToWidth(true); // the columns grow into a wider viewport, and scroll once they outgrow it
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.setPrefViewportWidth(3 * COLUMN_WIDTH + 2 * GAP);
        scroll.setMinViewportWidth(3 * COLUMN_MIN_WIDTH + 2 * GAP);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        add.setId("add-term");
        add.setOnAction(e -> add());
        refreshRoles();
    }

    /** Called after a term is added, removed, flipped or made the base, or the list is reset. */
    void setOnStructure(Runnable r) {
        onStructure = r;
    }

    /** Called when a column's name changes (the concept is renamed already). */
    void setOnNames(Runnable r) {
        onNames = r;
    }

    TermList terms() {
        return terms;
    }

    Node node() {
        return scroll;
    }

    /** The "Add term" button, for the toolbar. */
    Button addButton() {
        return add;
    }

    int size() {
        return columns.size();
    }

    ConceptColumn get(int i) {
        return columns.get(i);
    }

    List<ConceptColumn> all() {
        return List.copyOf(columns);
    }

    int selectedIndex() {
        return columns.indexOf(selected);
    }

    void select(int i) {
        selected = columns.get(i);
        selected.select.setSelected(true);
    }

    /** Replaces term i's concept and shows it. */
    void set(int i, Concept c) {
        terms.set(i, c);
        columns.get(i).show(c);
    }

    /** Appends a + term, selects it (clicked samples go there) and scrolls it into view. */
    boolean add() {
        if (!terms.canAdd()) {
            return false;
        }
        int i = terms.add(Concept.empty(""));
        ConceptColumn col = newColumn(i, null);
        set(i, Concept.empty(col.conceptName()));
        select(i);
        structureChanged();
        scroll.applyCss();
        scroll.layout();
        scroll.setHvalue(scroll.getHmax());
        return true;
    }

    /** Removes term c (never the base, never below two terms); the selection moves to a neighbour. */
    void remove(int c) {
        if (!terms.canRemove(c)) {
            return;
        }
        terms.remove(c);
        dropColumn(c);
        for (int i = c; i < columns.size(); i++) {
            ConceptColumn moved = columns.get(i);
            moved.setIndex(i);
            terms.set(i, terms.concept(i).named(moved.conceptName())); // an unnamed column follows its letter
        }
        structureChanged();
    }

    void flip(int c) {
        if (terms.canFlip(c)) {
            terms.flip(c);
            structureChanged();
        }
    }

    void makeBase(int c) {
        if (terms.isBase(c) || !terms.canBeBase(c)) {
            refreshRoles(); // a click on the base's own anchor leaves it the base
            return;
        }
        terms.setBase(c);
        structureChanged();
    }

    /** Back to the paper's three columns A (+), B (−), C (+, base), keeping the first three concepts. */
    void resetToPaper() {
        terms.resetToPaper();
        while (columns.size() > terms.size()) {
            dropColumn(columns.size() - 1);
        }
        while (columns.size() < terms.size()) {
            int i = columns.size();
            set(i, Concept.empty(newColumn(i, paperPrompts[i]).conceptName()));
        }
        structureChanged();
    }

    /** The columns as an opened expression has them: concepts (with their names) and signs in order, and the base. */
    void restore(List<Concept> cs, List<Integer> signs, int base) {
        terms.restore(cs, signs, base);
        while (columns.size() > terms.size()) {
            dropColumn(columns.size() - 1);
        }
        while (columns.size() < terms.size()) {
            newColumn(columns.size(), null);
        }
        for (int i = 0; i < columns.size(); i++) {
            ConceptColumn col = columns.get(i);
            col.name.setText(cs.get(i).name());
            set(i, cs.get(i).named(col.conceptName()));
        }
        structureChanged();
    }

    /** Makes the column of term i (already in {@link #terms}); handlers find it by identity, not position. */
    private ConceptColumn newColumn(int i, String prompt) {
        ConceptColumn col = new ConceptColumn(i, prompt);
        col.select.setToggleGroup(group);
        col.select.setOnAction(e -> select(col.index()));
        col.name.textProperty().addListener((o, a, b) -> {
            terms.set(col.index(), terms.concept(col.index()).named(col.conceptName()));
            onNames.run();
        });
        col.sign.setOnAction(e -> flip(col.index()));
        col.remove.setOnAction(e -> remove(col.index()));
        col.base.setOnAction(e -> makeBase(col.index()));
        wire.accept(col);
        columns.add(i, col);
        row.getChildren().add(i, col);
        return col;
    }

    private void dropColumn(int c) {
        ConceptColumn col = columns.get(c);
        if (selected == col) {
            select(c > 0 ? c - 1 : c + 1);
        }
        columns.remove(c);
        row.getChildren().remove(col);
        col.select.setToggleGroup(null);
    }

    private void structureChanged() {
        refreshRoles();
        onStructure.run();
    }

    private void refreshRoles() {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).showRole(terms.sign(i), terms.isBase(i), terms.canFlip(i), terms.canRemove(i),
                    terms.canBeBase(i));
        }
        add.setDisable(!terms.canAdd());
    }
}
