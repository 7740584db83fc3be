package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.explain.TransposedConvSteps;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code explain}: the hand-made transposed convolution is the layer's, and the loss gradients are autograd's. */
class ExplainCommandTest {
    private static double figure(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+([-0-9.eE+]+)").matcher(out);
        assertTrue(m.find(), name + " in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theNotesToyExampleIsTheDefinitionAndFiveByFive() {
        CliRun r = CliRun.inProcess("explain", "transposed-conv", "--toy");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("output          5 × 5"), r.out());
        assertEquals(0.0, figure(r.out(), "max_abs_diff"), 1e-6);
        // the definition, spelled out: input pixel (1, 1) = 4 lands its kernel's centre on output (3, 3)
        float[] out = TransposedConvSteps.scatter(new float[] {1, 2, 3, 4}, 1, 2, new float[] {1, 2, 1, 0, 1, 0, -1, 0, 1},
                1, 3, 2, 0, 0);
        assertEquals(4f, out[3 * 5 + 3], 0f);
        assertEquals(6f, out[2 * 5 + 2], 0f, "the centre pixel collects four inputs' corners");
    }

    @Test
    void byHandEqualsTheGeneratorsOwnStageAndTheCheckerboardShows() {
        CliRun r = CliRun.inProcess("explain", "transposed-conv", "--model", "models/digits", "--layer", "1",
                "--channel", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(figure(r.out(), "max_abs_diff") < 1e-4, r.out());
        assertTrue(r.out().contains("taps per interior output pixel: 4 .. 4"), "k 4 s 2 overlaps evenly: " + r.out());
        assertTrue(r.out().contains("taps per interior output pixel: 1 .. 4"), "k 3 s 2 does not: " + r.out());
        CliRun bad = CliRun.inProcess("explain", "transposed-conv", "--model", "models/digits", "--layer", "9");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--layer must be"), bad.err());
    }

    @Test
    void theTwoLossesGradientsAreSigmaAndOneMinusSigma() {
        CliRun r = CliRun.inProcess("explain", "losses", "--model", "models/digits", "--samples", "64");
        assertEquals(0, r.exitCode(), r.err());
        double d = figure(r.out(), "d_g_z.mean");
        double mm = figure(r.out(), "grad_logit.minimax");
        double ns = figure(r.out(), "grad_logit.nonsaturating");
        // per sample |∂/∂l| is σ(l) and 1 − σ(l): their means are D(G(z))'s mean and its complement
        assertEquals(d, mm, 2e-4);
        assertEquals(1 - d, ns, 2e-4);
    }

    @Test
    void stepPrintsTheFiveStepsAndDStaysPutWhileGSteps() {
        CliRun r = CliRun.inProcess("explain", "step", "--model", "models/digits", "--batch", "8");
        assertEquals(0, r.exitCode(), r.err());
        for (String step : new String[] {"## 1. z sampled", "## 2. G(z)", "## 3. D(x) and D(G(z))", "## 4. The losses",
            "## 5. Backward and the updates"}) {
            assertTrue(r.out().contains(step), step + " in: " + r.out());
        }
        assertTrue(r.out().contains("grad.G.main.0.weight") && r.out().contains("grad.D.main.0.weight"), r.out());
        assertEquals(0.0, figure(r.out(), "d_weights_change_at_g_step"), 0.0, "D does not move while G steps");
        assertTrue(figure(r.out(), "d_weights_change_at_d_step") > 0, "D moves at its own step");
        assertEquals(figure(r.out(), "bce.d_x_1") + figure(r.out(), "bce.d_g_z_0"), figure(r.out(), "loss_d"), 2e-6);
    }
}
