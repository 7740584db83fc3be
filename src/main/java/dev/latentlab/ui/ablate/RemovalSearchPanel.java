package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.RemovalSearch;
import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Search by removal": finds the k channels whose removal lowers the attribute most, by removing
 * them (every channel alone, then greedily together), on a thread and a copy of the model of its
 * own so that the views keep rendering; with progress and Cancel. k is the ranking panel's
 * "Remove top k", or about a tenth of the layer's channels when that is 0; the result becomes the
 * ranking, with its first k removed.
 */
final class RemovalSearchPanel {
    static final int SEARCH_SAMPLES = 200;
    /** The removal search's seed: the same samples for every search (and every trial removal). */
    static final long SEARCH_SEED = 13;

    private final Workspace ws;
    private final AblationState state;
    private final Supplier<Path> classifier;
    private final Supplier<String> attribute;
    private final Supplier<List<String>> keep;
    private final Button start = Icons.button("Search by removal", Feather.SEARCH,
            "Find the k channels whose removal lowers the attribute most, by removing them: picked one at a time, "
            + "each pick the best of the few channels a gradient pass estimates to matter most, tried exactly "
            + "together with the picks so far (the kept attributes' rates may move at most 3 points). "
            + "k is the \"Remove top k\" slider's value, or about a tenth of the layer's channels when it is 0. "
            + "Under a minute on a 64×64 model; rendering goes on meanwhile.");
    private final Spinner<Integer> samples = new Spinner<>(20, 2000, SEARCH_SAMPLES, 20);
    private final Button cancel = Icons.button("Cancel", Feather.X, "Stop the search");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    /** What the last search did: how long it took, or how far it got when cancelled. */
    private final Label outcome = new Label();
    private final HBox progressRow;
    private final VBox root;
    private IntSupplier sliderK = () -> 0;
    private IntConsumer showK = k -> { };
    private boolean available;
    private SearchRun searchRun;

    /** One removal search: what it was started for, and the flag it polls between trial removals. */
    private static final class SearchRun {
        final LayerInfo layer;
        final String attribute;
        final int k;
        final AtomicInteger percent = new AtomicInteger(-1);
        final long started = System.nanoTime();
        volatile boolean cancelled;

        SearchRun(LayerInfo layer, String attribute, int k) {
            this.layer = layer;
            this.attribute = attribute;
            this.k = k;
        }
    }

    RemovalSearchPanel(Workspace ws, AblationState state, Supplier<Path> classifier, Supplier<String> attribute,
            Supplier<List<String>> keep) {
        this.ws = ws;
        this.state = state;
        this.classifier = classifier;
        this.attribute = attribute;
        this.keep = keep;
        start.setId("search-removal");
        start.setOnAction(e -> start());
        samples.setId("search-samples");
        samples.getStyleClass().add("narrow-number");
        samples.setEditable(true);
        samples.setTooltip(new Tooltip("Samples the search measures each trial removal on (the same for every "
                + "trial; separate from the samples to label for Rank). It generates and classifies them once "
                + "or twice per pick: 200 is a good start; fewer is faster but noisier"));
        HBox row = new HBox(start, samples);
        row.getStyleClass().add("form-row");
        cancel.setId("cancel-search");
        cancel.setOnAction(e -> cancel());
        progress.setId("search-progress");
        progress.getStyleClass().add("search-progress");
        status.setId("search-status");
        status.getStyleClass().addAll("help-text", "text-small");
        progressRow = new HBox(progress, status, cancel);
        progressRow.setId("search-progress-row");
        progressRow.getStyleClass().add("form-row");
        outcome.setId("search-outcome");
        outcome.getStyleClass().addAll("help-text", "text-small");
        outcome.setWrapText(true);
        root = new VBox(row, progressRow, outcome);
        root.getStyleClass().add("form-column");
        state.layerProperty().addListener((o, a, l) -> cancel());
        showSearching(false);
    }

    /** Where k comes from (the "Remove top k" slider) and where the k found is shown. */
    void connectK(IntSupplier slider, IntConsumer show) {
        sliderK = slider;
        showK = show;
    }

    Node node() {
        return root;
    }

    void classifierChanged(boolean present) {
        available = present;
        start.setDisable(!available || searchRun != null);
        samples.setDisable(!available);
    }

    /** k for the search: the slider's value, or about a tenth of the layer's channels when it is 0. */
    static int searchK(int slider, int channels) {
        return slider > 0 ? Math.min(slider, channels) : Math.max(1, Math.round(channels / 10f));
    }

    /**
     * Starts the search: a short job on the render thread copies the model's weights, and the search
     * itself runs on a daemon thread of its own with that copy, so other views keep rendering.
     */
    private void start() {
        LayerInfo l = state.layer();
        String attr = attribute.get();
        Path dir = classifier.get();
        if (l == null || dir == null || attr == null || searchRun != null) {
            return;
        }
        SearchRun run = new SearchRun(l, attr, searchK(sliderK.getAsInt(), l.channels()));
        searchRun = run;
        showSearching(true);
        DoubleConsumer onProgress = f -> {
            int p = (int) (100 * f);
            if (run.percent.getAndSet(p) != p) {
                Platform.runLater(() -> {
                    if (searchRun == run && !run.cancelled) {
                        progress.setProgress(f);
                        status.setText(searchingText(p, dev.latentlab.eval.ProgressBar.eta(System.nanoTime() - run.started, f, 1)));
                    }
                });
            }
        };
        RemovalSearch.Request request = RemovalSearch.Request.of(l.index(), attr, run.k).withKeep(keep.get())
                .withSettings(RemovalSearch.Settings.DEFAULT.withSamples(samples.getValue()))
                .withSeed(SEARCH_SEED).withBase(state.mask());
        ws.render().submit(AblationEval.removalSearch(dir, request, onProgress, () -> run.cancelled))
                .whenComplete((job, t) -> {
                    if (t != null) {
                        Platform.runLater(() -> ended(run, null, t));
                    } else {
                        Thread thread = new Thread(() -> runSearch(run, job), "latentlab-ablation-search");
                        thread.setDaemon(true);
                        thread.setPriority(Thread.NORM_PRIORITY - 1);
                        thread.start();
                    }
                });
    }

    private void runSearch(SearchRun run, Callable<ChannelRanking> job) {
        ChannelRanking r = null;
        Throwable error = null;
        try {
            r = job.call();
        } catch (Throwable t) {
            error = t;
        }
        ChannelRanking result = r;
        Throwable failure = error;
        Platform.runLater(() -> ended(run, result, failure));
    }

    /** On the FX thread when the search thread is done: shows the result unless it was cancelled. */
    private void ended(SearchRun run, ChannelRanking r, Throwable t) {
        if (searchRun != run) {
            return;
        }
        searchRun = null;
        showSearching(false);
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (run.cancelled || cause instanceof CancellationException) {
            outcome.setText(cancelledText(cause instanceof CancellationException ? cause.getMessage() : null));
            return;
        }
        if (t != null) {
            outcome.setText("");
            ws.error("Could not search by removal", t);
        } else if (run.layer.equals(state.layer())) {
            outcome.setText(String.format(java.util.Locale.ROOT, "Found %d channels in %.0f s.", run.k,
                    (System.nanoTime() - run.started) / 1e9));
            state.setRanking(r, "lowering " + run.attribute + ", " + dev.latentlab.ui.widgets.ReaderLabel.words(
                    classifier.get()) + "; its first " + run.k + " channels picked together");
            showK.accept(run.k);
        }
    }

    /** The progress line: "Searching… 40% · about 0:12 left" (no time left until there is a rate to go by). */
    static String searchingText(int percent, String eta) {
        return "Searching… " + percent + "%" + (eta.isEmpty() ? "" : " · about " + eta + " left");
    }

    /**
     * What a cancelled search says: how far it got (from the search's own message, "search cancelled at
     * 40% (10 of 25 channels picked); …"), and that the channels shown did not change.
     */
    static String cancelledText(String message) {
        String m = message == null ? "" : message;
        int cut = m.indexOf(';');
        String head = cut > 0 ? m.substring(0, cut) : "";
        if (!head.startsWith("search cancelled at")) {
            return "Search cancelled before it measured anything; the ranking is unchanged.";
        }
        return "S" + head.substring(1) + "; the ranking is unchanged.";
    }

    /** Asks a running search to stop; it does so after the trial removal under way. */
    void cancel() {
        SearchRun run = searchRun;
        if (run != null && !run.cancelled) {
            run.cancelled = true;
            cancel.setDisable(true);
            status.setText("Cancelling…");
        }
    }

    private void showSearching(boolean on) {
        start.setDisable(on || !available);
        progressRow.setVisible(on);
        progressRow.setManaged(on);
        cancel.setDisable(!on);
        if (on) {
            progress.setProgress(0);
            status.setText("Searching… 0%");
            outcome.setText("");
        }
    }

    boolean searching() {
        return searchRun != null;
    }
}
