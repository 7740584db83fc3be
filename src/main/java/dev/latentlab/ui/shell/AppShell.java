package dev.latentlab.ui.shell;

import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.AppSettings;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.ablate.AblateView;
import dev.latentlab.ui.arithmetic.ArithmeticView;
import dev.latentlab.ui.compare.CompareView;
import dev.latentlab.ui.explore.ExploreView;
import dev.latentlab.ui.inside.InsideView;
import dev.latentlab.ui.interpolate.InterpolateView;
import dev.latentlab.ui.train.TrainView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window: header with the model picker, navigation on the left, the selected view in the
 * centre (with a spinner while a model loads), a status bar at the bottom.
 */
public final class AppShell {
    /** Quits as closing the window does. */
    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    private final Stage stage;
    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final StackPane viewHost = new StackPane();
    private final ToggleGroup nav = new ToggleGroup();
    private final MenuButton modelPicker = new MenuButton("No model");
    private final Label modelLabel = new Label("No model loaded");
    private final Label speedLabel = new Label("– ms/frame");
    private final Label trainingLabel = new Label();
    private final Label deviceLabel = new Label();
    private final ExploreView explore;
    private final InterpolateView interpolate;
    private final CompareView compare;
    private final List<View> views;
    private View active;
    private final javafx.beans.property.ObjectProperty<View> activeView = new javafx.beans.property.SimpleObjectProperty<>();
    private Scene scene;

    public AppShell(Stage stage, AppPaths paths) {
        this.stage = stage;
        this.ws = new Workspace(paths);
        ws.setErrorHandler(this::showError);
        explore = new ExploreView(ws);
        interpolate = new InterpolateView(ws);
        compare = new CompareView(ws);
        AblateView ablate = new AblateView(ws);
        InsideView inside = new InsideView(ws, explore.latentSliders(), (layer, channel) -> {
            ablate.removeChannel(layer, channel);
            select(ablate);
        });
        views = List.of(explore, inside, interpolate, new ArithmeticView(ws), ablate, new TrainView(ws), compare);
        root.getStyleClass().add("app-root");
        root.setTop(header());
        root.setLeft(navigation());
        root.setCenter(center());
        root.setBottom(statusBar());
        select(explore);
    }

    private HBox header() {
        FontIcon logo = new FontIcon(Feather.APERTURE);
        logo.getStyleClass().add("app-logo");
        Label title = new Label("LatentLab");
        title.getStyleClass().add("app-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        modelPicker.setId("model-picker");
        modelPicker.setMnemonicParsing(false); // a model named netG_epoch_12 keeps its underscore
        modelPicker.setGraphic(new FontIcon(Feather.BOX));
        modelPicker.setTooltip(new Tooltip("Choose a model: shipped, recently opened, or open a folder or PyTorch file"));
        modelPicker.setOnShowing(e -> fillModelMenu());
        fillModelMenu();
        HBox h = new HBox(10, logo, title, grow, modelPicker);
        h.setAlignment(Pos.CENTER_LEFT);
        h.getStyleClass().add("app-header");
        return h;
    }

    private VBox navigation() {
        VBox box = new VBox(4);
        box.getStyleClass().add("app-nav");
        for (View v : views) {
            ToggleButton b = new ToggleButton(v.title(), new FontIcon(v.icon()));
            b.setId("nav-" + v.title().toLowerCase());
            b.setToggleGroup(nav);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-button");
            b.setUserData(v);
            box.getChildren().add(b);
        }
        nav.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one view is always selected
            } else {
                select((View) b.getUserData());
            }
        });
        return box;
    }

    private StackPane center() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(64, 64);
        Label msg = new Label();
        msg.textProperty().bind(ws.loadingMessageProperty());
        VBox loading = new VBox(12, spinner, msg);
        loading.setId("loading");
        loading.setAlignment(Pos.CENTER);
        loading.getStyleClass().add("loading-overlay");
        loading.visibleProperty().bind(ws.loadingProperty());

        Label none = new Label("No model yet");
        none.getStyleClass().add("title-2");
        Label hint = new Label("Open a model folder (model.json + generator.npz) or a PyTorch generator "
                + "(.pth or .safetensors state_dict of pytorch/examples dcgan, or a TorchScript .pt).");
        hint.setWrapText(true);
        hint.setMaxWidth(520);
        Button openFolder = Icons.button("Open model folder…", Feather.FOLDER, null);
        openFolder.setOnAction(e -> chooseFolder());
        Button openFile = Icons.button("Open PyTorch file…", Feather.FILE, null);
        openFile.setOnAction(e -> chooseFile());
        VBox empty = new VBox(12, new FontIcon(Feather.BOX), none, hint, new HBox(8, openFolder, openFile));
        ((HBox) empty.getChildren().get(3)).setAlignment(Pos.CENTER);
        empty.setAlignment(Pos.CENTER);
        empty.setId("empty-state");
        empty.getStyleClass().add("empty-state");
        BooleanBinding viewNeedsModel = Bindings.createBooleanBinding(
                () -> activeView.get() == null || activeView.get().needsModel(), activeView);
        empty.visibleProperty().bind(ws.modelProperty().isNull().and(ws.loadingProperty().not())
                .and(viewNeedsModel));
        viewHost.visibleProperty().bind(ws.modelProperty().isNotNull().or(viewNeedsModel.not()));
        return new StackPane(viewHost, empty, loading);
    }

    private HBox statusBar() {
        modelLabel.setId("status-model");
        speedLabel.setId("status-speed");
        trainingLabel.setId("status-training");
        modelLabel.setGraphic(new FontIcon(Feather.BOX));
        speedLabel.setGraphic(new FontIcon(Feather.CPU));
        trainingLabel.setGraphic(new FontIcon(Feather.ACTIVITY));
        speedLabel.setTooltip(new Tooltip("Time to render one image (generator forward pass + conversion to pixels)"));
        ws.modelProperty().addListener((o, a, m) -> {
            modelLabel.setText(m == null ? "No model loaded" : m.name() + " — " + m.size());
            modelPicker.setText(m == null ? "No model" : m.name());
            stage.setTitle(m == null ? "LatentLab" : "LatentLab — " + m.name());
            modelLabel.setTooltip(m == null ? null : new Tooltip(m.path() + "\n" + m.spec().describe()
                    + "\ndataset: " + m.dataset()));
        });
        speedLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            double ms = ws.millisPerFrameProperty().get();
            return Double.isNaN(ms) ? "– ms/frame" : String.format("%.1f ms/frame", ms);
        }, ws.millisPerFrameProperty()));
        trainingLabel.textProperty().bind(ws.trainingStateProperty());
        deviceLabel.setId("status-device");
        deviceLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            if (Double.isNaN(ws.millisPerFrameProperty().get())) {
                return "";
            }
            deviceLabel.setTooltip(new Tooltip("Where the generator runs (a GPU with the -Pcuda build on a CUDA machine) "
                    + "and in which number format: " + dev.latentlab.nn.Precision.describe() + "\n(auto measures once "
                    + "whether bfloat16 is right and faster on this CPU; latentlab --precision fp32 or bf16 overrides it; "
                    + "masked and training passes are always float32)"));
            return dev.latentlab.nn.TorchRuntime.deviceName() + " · " + dev.latentlab.nn.Precision.brief();
        }, ws.millisPerFrameProperty()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        // the figures on the right keep their whole text; the model's description gives way first
        for (Label l : List.of(speedLabel, deviceLabel, trainingLabel)) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        modelLabel.setMinWidth(0);
        HBox bar = new HBox(18, modelLabel, grow, speedLabel, deviceLabel, trainingLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void fillModelMenu() {
        modelPicker.getItems().clear();
        List<Path> shipped = ws.library().shipped();
        modelPicker.getItems().add(heading("Shipped models"));
        if (shipped.isEmpty()) {
            modelPicker.getItems().add(disabled("None found" + (ws.paths().modelsDir() == null ? ""
                    : " in " + ws.paths().modelsDir())));
        }
        for (Path p : shipped) {
            modelPicker.getItems().add(openItem(p.getFileName().toString(), p));
        }
        List<Path> recent = ws.settings().recent.stream().map(Path::of).filter(Files::exists)
                .filter(p -> !shipped.contains(p)).toList();
        if (!recent.isEmpty()) {
            modelPicker.getItems().addAll(new SeparatorMenuItem(), heading("Recently opened"));
            for (Path p : recent) {
                modelPicker.getItems().add(openItem(p.getFileName() + "  (" + p.getParent() + ")", p));
            }
        }
        MenuItem folder = new MenuItem("Open model folder…", new FontIcon(Feather.FOLDER));
        folder.setOnAction(e -> chooseFolder());
        MenuItem file = new MenuItem("Open PyTorch file (.pth, .safetensors, .pt)…", new FontIcon(Feather.FILE));
        file.setOnAction(e -> chooseFile());
        modelPicker.getItems().addAll(new SeparatorMenuItem(), folder, file);
        if (ws.model() != null) {
            MenuItem about = new MenuItem("About " + ws.model().name() + "…", new FontIcon(Feather.INFO));
            about.setId("model-card-item");
            about.setOnAction(e -> ModelCardDialog.show(ws, stage));
            modelPicker.getItems().addAll(new SeparatorMenuItem(), about);
        }
    }

    private MenuItem openItem(String text, Path p) {
        MenuItem mi = new MenuItem(text);
        mi.setMnemonicParsing(false);
        mi.setOnAction(e -> open(p));
        return mi;
    }

    private static MenuItem heading(String text) {
        MenuItem mi = disabled(text);
        mi.getStyleClass().add("menu-heading");
        return mi;
    }

    private static MenuItem disabled(String text) {
        MenuItem mi = new MenuItem(text);
        mi.setDisable(true);
        return mi;
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a LatentLab model folder");
        if (ws.paths().modelsDir() != null && Files.isDirectory(ws.paths().modelsDir())) {
            dc.setInitialDirectory(ws.paths().modelsDir().toFile());
        }
        File f = dc.showDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a PyTorch generator");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("PyTorch generator (.pth, .safetensors, .pt)", "*.pth",
                        "*.safetensors", "*.pt"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            open(f.toPath());
        }
    }

    /** Opens a model; on failure an error dialog explains and the current model stays. */
    public CompletableFuture<ModelSummary> open(Path p) {
        return ws.open(p);
    }

    private void showError(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        if (stage.isShowing()) {
            a.initOwner(stage);
        }
        a.setTitle("LatentLab");
        a.setHeaderText(title);
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMaxWidth(520);
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId("error-dialog");
        a.show();
    }

    void select(View v) {
        if (active == v) {
            return;
        }
        if (active != null) {
            active.hidden();
        }
        active = v;
        activeView.set(v);
        viewHost.getChildren().setAll(v.node());
        nav.getToggles().stream().filter(t -> t.getUserData() == v).findFirst().ifPresent(t -> t.setSelected(true));
        v.shown();
    }

    /** LatentLab's stylesheet (over AtlantaFX's theme), for every scene that shows its views. */
    public static String stylesheet() {
        return AppShell.class.getResource("/dev/latentlab/ui/latentlab.css").toExternalForm();
    }

    /** Builds the scene, restores the window's size and position, and shows it. */
    public void show() {
        AppSettings s = ws.settings();
        scene = new Scene(root);
        scene.getStylesheets().add(stylesheet());
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (QUIT.match(e)) { // wherever the focus is, as the window's close button
                e.consume();
                stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                return;
            }
            if (scene.getFocusOwner() instanceof TextInputControl || active == null || ws.model() == null) {
                return;
            }
            if (active.handleKey(e)) {
                e.consume();
            }
        });
        stage.setScene(scene);
        stage.setTitle("LatentLab");
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        if (s.x != null && s.y != null && !Screen.getScreensForRectangle(
                new Rectangle2D(s.x, s.y, Math.max(s.width, 1), Math.max(s.height, 1))).isEmpty()) {
            stage.setX(s.x);
            stage.setY(s.y);
        }
        // never larger than the screen the window opens on
        Rectangle2D screen = Screen.getScreensForRectangle(new Rectangle2D(s.x == null ? 0 : s.x,
                s.y == null ? 0 : s.y, 1, 1)).stream().findFirst().orElse(Screen.getPrimary()).getVisualBounds();
        stage.setWidth(Math.min(s.width, screen.getWidth()));
        stage.setHeight(Math.min(s.height, screen.getHeight()));
        stage.setMaximized(s.maximized);
        stage.show();
    }

    /** Starts the engine and opens the last (or default) model in the background. */
    public void startup() {
        Path first = ws.startupModel();
        if (first == null) {
            ws.loadingProperty().set(true);
            ws.loadingMessageProperty().set("Starting the engine…");
            ws.warmUp().whenComplete((v, t) -> javafx.application.Platform.runLater(() -> {
                ws.loadingProperty().set(false);
                if (t != null) {
                    ws.error("Could not start PyTorch", t);
                }
            }));
            return;
        }
        ws.open(first).exceptionally(t -> {
            // the last model went bad: fall back to the shipped default (the error was shown)
            Path fallback = ws.library().defaultModel().orElse(null);
            if (fallback != null && !fallback.equals(first) && ws.model() == null) {
                ws.open(fallback);
            }
            return null;
        });
    }

    /** Remembers the window and the model, and stops the render thread. */
    public void shutdown() {
        AppSettings s = ws.settings();
        if (stage.isShowing() || stage.getWidth() > 0) {
            s.maximized = stage.isMaximized();
            if (!stage.isMaximized() && !Double.isNaN(stage.getX())) {
                s.x = stage.getX();
                s.y = stage.getY();
                s.width = stage.getWidth();
                s.height = stage.getHeight();
            }
        }
        s.save(ws.paths().settingsFile());
        ws.close();
    }

    public Workspace workspace() {
        return ws;
    }

    public ExploreView explore() {
        return explore;
    }

    public CompareView compare() {
        return compare;
    }

    public InterpolateView interpolate() {
        return interpolate;
    }

    public BorderPane root() {
        return root;
    }
}
