package dev.latentlab.ui.train;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * Train › Lessons: a short list of things to see, each in two or three sentences, the headless
 * command that prints the figure it rests on, and what that command printed when the lesson was
 * written (docs/lessons.md has the full output, the machine and the seeds). Where the figures do
 * not bear a claim out, the lesson says so.
 */
final class LessonsPanel {
    /** One lesson: its claim, what to look at, the command, and what the command measured. */
    record Lesson(String title, String text, String command, String measured) {}

    static final String MEASURED_LOSSES = "A fresh digits DCGAN after 60 iterations: mean D(G(z)) 0.0001, mean "
            + "|∂/∂logit| minimax 0.0001, non-saturating 0.9999, ratio 7807 (its G step saw D(G(z)) ≈ 0.01 from "
            + "iteration 7). faces64: D(G(z)) 0.0007, ratio 1514. The trained digits model, where D does not win "
            + "(D(G(z)) 0.36): ratio only 1.81 — the gap belongs to a winning D.";
    static final String MEASURED_G_STEPS = "ring8, seed 1: one G step per D step covered 8 of 8 modes at iteration 1,000 "
            + "(KL 1.75) and at 2,000 (KL 2.44); two G steps covered 1 of 8 at 1,000 (KL 7.64) and 8 of 8 at 2,000 "
            + "(KL 2.24). Not borne out here: more G steps did not help early on this seed (five G steps: not measured).";
    static final String MEASURED_RING = "ring8, seed 1, 3,000 iterations: non-saturating 8 of 8 (quality 0.82), minimax "
            + "8 of 8 (0.75), five D steps per G step 6 of 8 (0.82). No collapse with the defaults on this seed; the "
            + "stronger D lost two modes.";
    static final String MEASURED_CONV = "faces64 stage 2 (k 4, s 2, p 1): every interior output pixel gets 4 taps; "
            + "k 3, s 2, p 1: 1 to 4 taps — uneven, the checkerboard. The hand computation matches the layer "
            + "(max_abs_diff 3e-7).";
    static final String MEASURED_TAILS = "Student-t ν 3, seed 1, 30,000 iterations: 99.9% quantile target 7.31, GAN "
            + "with normal noise 6.52 (0.89 of it; Hill α 5.05 against 2.83), VAE 7.64. With Student-t noise the "
            + "GAN reached 1.34 and 1.52 times the target in two of three seeds, 0.50 in the third "
            + "(docs/lab1d-tails.md): partly borne out.";

    static final List<Lesson> LESSONS = List.of(
            new Lesson("D wins early: with minimax, G's gradient vanishes; non-saturating keeps it",
                    "When D rejects fakes with confidence, D(G(z)) is near 0. The minimax loss log(1 − D(G(z))) then "
                            + "passes G a gradient of −D(G(z)) through D's logit, almost nothing, while the "
                            + "non-saturating −log D(G(z)) passes D(G(z)) − 1, almost −1. See it in Losses.",
                    "latentlab explain losses --model M   (M: a model early in training, or models/faces64)",
                    MEASURED_LOSSES),
            new Lesson("Update G k times per D update",
                    "One D update per G update is the DCGAN recipe. Updating G more often lets it chase D's latest "
                            + "verdict, updating D more often sharpens that verdict. Try D:G in the 2-D lab.",
                    "latentlab lab2d --target ring8 --g-steps K --iterations 2000",
                    MEASURED_G_STEPS),
            new Lesson("Mode collapse on the ring",
                    "A generator can earn a good loss by placing all its samples on a few of the ring's eight modes. "
                            + "Count the modes covered in the 2-D lab as the loss and D:G ratio change.",
                    "latentlab lab2d --target ring8 --iterations 3000 [--loss minimax] [--d-steps 5]",
                    MEASURED_RING),
            new Lesson("Transposed convolution draws checkerboards",
                    "With kernel 3 and stride 2 the kernel's footprints overlap unevenly: some output pixels get "
                            + "more taps than their neighbours, a checkerboard even at random weights. Kernel 4, "
                            + "stride 2 (DCGAN's) overlaps evenly.",
                    "latentlab explain transposed-conv --model models/faces64 --layer 2",
                    MEASURED_CONV),
            new Lesson("A Gaussian-noise GAN cannot follow a heavy tail",
                    "A generator is a smooth (Lipschitz) map: fed Gaussian noise, it makes light tails. On a "
                            + "Student-t target its 99.9% quantile falls short; heavy-tailed noise lets it reach "
                            + "further. See the 1-D lab's QQ plot.",
                    "latentlab lab1d --target student-t --nu 3 --noise normal|student-t --iterations 30000",
                    MEASURED_TAILS));

    private final ScrollPane root;

    LessonsPanel() {
        VBox box = new VBox(14);
        box.getStyleClass().addAll("padded", "lessons");
        for (Lesson l : LESSONS) {
            Label title = wrap(l.title());
            title.getStyleClass().add("step-title");
            Label text = wrap(l.text());
            TextField command = new TextField(l.command());
            command.setEditable(false);
            command.getStyleClass().add("lesson-command");
            Label measured = wrap("Measured: " + l.measured());
            measured.getStyleClass().add("help-text");
            VBox one = new VBox(4, title, text, command, measured);
            one.getStyleClass().add("step-section");
            box.getChildren().add(one);
        }
        Label where = wrap("Every figure, the full output and the machine: docs/lessons.md.");
        where.getStyleClass().add("help-text");
        box.getChildren().add(where);
        root = new ScrollPane(box);
        root.setFitToWidth(true);
    }

    Node node() {
        return root;
    }

    private static Label wrap(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }
}
