package dev.latentlab.lab1d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Vae1dTest {
    private static double[] gaussians(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /**
     * Every weight matrix and bias of encoder and decoder, checked as one group per layer: the
     * hand-written gradient of the −ELBO against central differences, ‖g − fd‖ / (‖g‖ + ‖fd‖).
     */
    @Test
    void negativeElboGradientsMatchFiniteDifferencesInEveryLayer() {
        for (int nz : new int[] {1, 3}) {
            Vae1d vae = new Vae1d(Vae1d.Settings.defaults().withTarget(Target.studentT(3, 0, 0.7))
                    .withSeed(4 + nz));
            vae = new Vae1d(new Vae1d.Settings(vae.settings().target(), nz, 8, 32, 1e-2, 0.9, 4 + nz));
            for (int i = 0; i < 50; i++) {
                vae.step(); // away from the initialisation: log variances and means no longer near 0
            }
            double[] x = gaussians(12, 7);
            double[] eps = gaussians(12 * nz, 8);
            double[] ge = new double[vae.encoderNet().parameterCount()];
            double[] gd = new double[vae.decoderNet().parameterCount()];
            vae.loss(x, eps, ge, gd);
            check(vae, vae.encoderNet(), ge, x, eps, "nz " + nz + " encoder");
            check(vae, vae.decoderNet(), gd, x, eps, "nz " + nz + " decoder");
        }
    }

    private static void check(Vae1d vae, Mlp net, double[] grad, double[] x, double[] eps, String what) {
        double[] p = net.params();
        for (int l = 0; l < net.layerCount(); l++) {
            double diff = 0;
            double norm = 0;
            for (int i = net.layerStart(l); i < net.layerStart(l + 1); i++) {
                double keep = p[i];
                p[i] = keep + 1e-6;
                double up = vae.loss(x, eps, null, null);
                p[i] = keep - 1e-6;
                double down = vae.loss(x, eps, null, null);
                p[i] = keep;
                double fd = (up - down) / 2e-6;
                diff += (grad[i] - fd) * (grad[i] - fd);
                norm += grad[i] * grad[i] + fd * fd;
            }
            double rel = Math.sqrt(diff) / Math.sqrt(norm);
            assertTrue(norm > 1e-12, what + " layer " + l + ": a gradient that is not zero");
            assertTrue(rel < 1e-6, what + " layer " + l + ": relative error " + rel);
        }
    }

    @Test
    void trainingOnANormalTargetLowersTheNegativeElboToNearTheEntropy() {
        Target t = Target.normal(1.0, 0.7);
        Vae1d vae = new Vae1d(Vae1d.Settings.defaults().withTarget(t));
        double before = vae.negativeElbo(10_000, new Random(5));
        for (int i = 0; i < 4000; i++) {
            vae.step();
        }
        double after = vae.negativeElbo(10_000, new Random(5));
        // −ELBO ≥ −E log p(x) ≥ the entropy of N(1, 0.7²), ½·log(2πe·0.49) = 1.0622 nats
        double entropy = 0.5 * Math.log(2 * Math.PI * Math.E * 0.49);
        assertTrue(after < before - 0.3, "−ELBO from " + before + " to " + after);
        assertTrue(after < entropy + 0.1, "−ELBO " + after + " within 0.1 nats of the entropy " + entropy);
        assertTrue(after > entropy - 0.03, "−ELBO " + after + " bounds the entropy from above (up to noise)");
        double[] s = vae.generate(20_000, new Random(6));
        double m = 0;
        double v = 0;
        for (double e : s) {
            m += e / s.length;
        }
        for (double e : s) {
            v += (e - m) * (e - m) / s.length;
        }
        assertEquals(1.0, m, 0.1, "the VAE's samples have the data's mean");
        assertEquals(0.7, Math.sqrt(v), 0.1, "and its standard deviation");
    }

    @Test
    void theVaesSamplesIncludeTheDecodersNoiseNotJustItsMean() {
        // Var x = Var m(z) + E σ²(z) for x = m(z) + σ(z)·ε: a sampler of means alone would lack E σ²(z)
        Vae1d vae = new Vae1d(Vae1d.Settings.defaults().withTarget(Target.studentT(3, 0, 0.7)));
        for (int i = 0; i < 500; i++) {
            vae.step();
        }
        Random r = new Random(9);
        int n = 40_000;
        double[] means = new double[n];
        double noise = 0;
        double[] out = new double[2];
        for (int i = 0; i < n; i++) {
            vae.decoderNet().forward(new double[] {r.nextGaussian()}, out);
            means[i] = out[0];
            noise += Math.exp(Vae1d.soft(out[1])) / n;
        }
        double[] x = vae.generate(n, new Random(10));
        double gap = variance(x) - variance(means);
        assertEquals(noise, gap, 0.1 * noise, "Var x − Var m(z) = E σ²(z) = " + noise);
        assertTrue(noise > 0.05, "the decoder's σ² is not negligible here: " + noise);
    }

    private static double variance(double[] v) {
        double m = 0;
        for (double e : v) {
            m += e / v.length;
        }
        double s = 0;
        for (double e : v) {
            s += (e - m) * (e - m) / v.length;
        }
        return s;
    }
}
