package dev.latentlab.ui.widgets;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A region that fills itself with one canvas, sized to whole pixels, and redraws it on resize.
 * Its inks (what the charts draw with) come from the stylesheet as CSS properties
 * ({@code -ll-ink-real}, {@code -ll-ink-fake}, …), set there to the theme's looked-up colours, so a
 * curve is legible on the light and the dark theme alike; the pane redraws when they change.
 */
public abstract class CanvasPane extends Region {
    /** What a chart draws, each with a CSS property {@code -ll-ink-NAME} and a fallback for a scene without the stylesheet. */
    public enum Ink {
        /** Real data: D on real images, D(x), the real density. */
        REAL(Color.web("#2b6cd6")),
        /** Generated data as D sees it: D on fakes, D(G(z)). */
        FAKE(Color.web("#d62b6c")),
        /** The generator: loss_G, the generator's density. */
        GENERATOR(Color.web("#1a9641")),
        /** The 1-D lab's VAE: its density and its tail quantiles. */
        VAE(Color.web("#9a42c8")),
        /** A VAE's reconstruction term −log p(x|z). */
        RECON(Color.web("#2b6cd6")),
        /** A VAE's KL(q(z|x) ‖ N(0, I)). */
        KL(Color.web("#e08214")),
        /** A VAE's negative ELBO (nats or bits per dimension). */
        ELBO(Color.web("#9a42c8")),
        /** A fitted curve (the Gaussian fit). */
        FIT(Color.web("#e08214")),
        /** The real density of the 1-D lab: the theme's text colour. */
        DATA(Color.gray(0.1)),
        /** Titles and legends. */
        TEXT(Color.gray(0.25)),
        /** Axis labels. */
        AXIS(Color.gray(0.45)),
        /** The frame and reference lines. */
        FRAME(Color.gray(0.75));

        final Color fallback;

        Ink(Color fallback) {
            this.fallback = fallback;
        }

        String cssProperty() {
            return "-ll-ink-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private static final StyleablePropertyFactory<CanvasPane> CSS =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());

    protected final Canvas canvas = new Canvas();
    private final Map<Ink, StyleableProperty<Color>> inks = new EnumMap<>(Ink.class);

    protected CanvasPane() {
        getChildren().add(canvas);
        getStyleClass().add("canvas-pane");
        for (Ink ink : Ink.values()) {
            StyleableProperty<Color> p = CSS.createStyleableColorProperty(this, "ink" + ink.name(),
                    ink.cssProperty(), pane -> pane.inks.get(ink), ink.fallback);
            inks.put(ink, p);
            ((javafx.beans.value.ObservableValue<?>) p).addListener(o -> draw());
        }
    }

    /** The colour the stylesheet gives {@code ink} (its fallback without one). */
    public Color ink(Ink ink) {
        return inks.get(ink).getValue();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }

    /** Paints the whole canvas at its current size. */
    protected abstract void draw();

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }
}
