package dev.latentlab.lab1d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.train.TrainConfig;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Gan1dTest {
    private static double[] gaussians(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void theKernelDensityEstimateIntegratesToOne() {
        for (Target t : new Target[] {Target.preset(Target.Kind.NORMAL, 3), Target.preset(Target.Kind.BIMODAL, 3),
            Target.preset(Target.Kind.UNIFORM, 3)}) {
            Random r = new Random(3);
            double[] s = new double[5000];
            for (int i = 0; i < s.length; i++) {
                s[i] = t.sample(r);
            }
            double h = KernelDensity.silvermanBandwidth(s);
            double lo = -12;
            double hi = 12;
            double[] f = KernelDensity.onGrid(s, h, lo, hi, 601);
            assertEquals(1.0, KernelDensity.integral(f, lo, hi), 0.01, t.describe());
        }
        // a point mass (mode collapse) too: the bandwidth is below the grid spacing
        double[] point = new double[1000];
        java.util.Arrays.fill(point, 0.3);
        double[] f = KernelDensity.onGrid(point, KernelDensity.silvermanBandwidth(point), -5, 5, 301);
        assertEquals(1.0, KernelDensity.integral(f, -5, 5), 0.01);
    }

    @Test
    void theLabsPictureOfTheGeneratorIntegratesToOneOnItsGrid() throws Exception {
        try (Gan1dRun run = new Gan1dRun(Gan1d.Settings.defaults())) {
            long t0 = System.nanoTime();
            while (run.picture() == null && System.nanoTime() - t0 < 5e9) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            Gan1dRun.Picture p = run.picture();
            assertNotNull(p);
            // G at initialisation is concentrated near 0, well inside the plotted range
            assertEquals(1.0, KernelDensity.integral(p.generated(), p.lo(), p.hi()), 0.01);
            assertEquals(1.0, KernelDensity.integral(p.real(), p.lo(), p.hi()), 0.01, "the exact pdf on the grid");
        }
    }

    @Test
    void everyTargetsPdfIntegratesToOneAndMatchesItsSamples() {
        for (Target t : new Target[] {Target.preset(Target.Kind.NORMAL, 3), Target.preset(Target.Kind.BIMODAL, 3),
            Target.studentT(3, 0, 1), Target.studentT(0.8, 0, 1), Target.preset(Target.Kind.UNIFORM, 3)}) {
            int n = 200_001;
            double lo = -60;
            double hi = 60;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += t.pdf(lo + (hi - lo) * i / (n - 1));
            }
            double tail = t.kind() == Target.Kind.STUDENT_T && t.nu() < 1 ? 0.03 : 0.002;
            assertEquals(1.0, s * (hi - lo) / (n - 1), tail, t.describe());
            // the fraction of samples in [−1, 1] agrees with the pdf
            Random r = new Random(5);
            int in = 0;
            int m = 40_000;
            for (int i = 0; i < m; i++) {
                double x = t.sample(r);
                in += x >= -1 && x <= 1 ? 1 : 0;
            }
            double p = 0;
            int k = 2001;
            for (int i = 0; i < k; i++) {
                double x = -1 + 2.0 * i / (k - 1);
                p += t.pdf(x) * (i == 0 || i == k - 1 ? 0.5 : 1);
            }
            p *= 2.0 / (k - 1);
            assertEquals(p, in / (double) m, 0.01, t.describe());
        }
    }

    @Test
    void mlpGradientsMatchFiniteDifferences() {
        for (Mlp.Activation a : Mlp.Activation.values()) {
            Mlp net = new Mlp(a, 2, 5, 4, 1);
            net.initialize(new Random(2));
            double[] x = {0.37, -1.2};
            double[] grad = new double[net.parameterCount()];
            double[] dIn = new double[2];
            net.forward(x);
            net.backward(1, grad, dIn);
            double eps = 1e-6;
            double[] p = net.params();
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + eps;
                double up = net.forward(x);
                p[i] = keep - eps;
                double down = net.forward(x);
                p[i] = keep;
                assertEquals((up - down) / (2 * eps), grad[i], 1e-6, a + " parameter " + i);
            }
            for (int i = 0; i < 2; i++) {
                double[] xp = x.clone();
                xp[i] += eps;
                double up = net.forward(xp);
                xp[i] -= 2 * eps;
                double down = net.forward(xp);
                assertEquals((up - down) / (2 * eps), dIn[i], 1e-6, a + " input " + i);
            }
        }
    }

    @Test
    void ganLossGradientsMatchFiniteDifferences() {
        for (TrainConfig.Loss loss : TrainConfig.Loss.values()) {
            Gan1d gan = new Gan1d(Gan1d.Settings.defaults().withLoss(loss));
            for (int i = 0; i < 30; i++) {
                gan.step(); // away from the initialisation
            }
            double[] x = gaussians(16, 7);
            double[] z = gaussians(16, 8);
            double[] gd = new double[gan.discriminatorNet().parameterCount()];
            gan.lossD(x, z, gd);
            double[] pd = gan.discriminatorNet().params();
            for (int i = 0; i < pd.length; i++) {
                double keep = pd[i];
                pd[i] = keep + 1e-6;
                double up = gan.lossD(x, z, null);
                pd[i] = keep - 1e-6;
                double down = gan.lossD(x, z, null);
                pd[i] = keep;
                assertEquals((up - down) / 2e-6, gd[i], 1e-6, loss + " D parameter " + i);
            }
            double[] gg = new double[gan.generatorNet().parameterCount()];
            gan.lossG(z, gg);
            double[] pg = gan.generatorNet().params();
            for (int i = 0; i < pg.length; i++) {
                double keep = pg[i];
                pg[i] = keep + 1e-6;
                double up = gan.lossG(z, null);
                pg[i] = keep - 1e-6;
                double down = gan.lossG(z, null);
                pg[i] = keep;
                assertEquals((up - down) / 2e-6, gg[i], 1e-6, loss + " G parameter " + i);
            }
        }
    }

    @Test
    void onANormalTargetTheGeneratorsMeanAndStdApproachTheData() {
        Target t = Target.normal(1.0, 0.7);
        Gan1d gan = new Gan1d(Gan1d.Settings.defaults().withTarget(t));
        double[] before = meanStd(gan.generate(20_000, new Random(1)));
        long t0 = System.nanoTime();
        for (int i = 0; i < 3000; i++) {
            gan.step();
        }
        // a GAN circles its equilibrium rather than settling on it: average over the next 1000 steps
        double mean = 0;
        double std = 0;
        double dReal = 0;
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 100; i++) {
                gan.step();
            }
            double[] ms = meanStd(gan.generate(5_000, new Random(k)));
            mean += ms[0] / 10;
            std += ms[1] / 10;
            dReal += gan.stats().dReal() / 10;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(Math.abs(before[0] - 1.0) > 0.5, "starts away from the data: mean " + before[0]);
        assertEquals(1.0, mean, 0.15, "mean of G(z) over steps 3000-4000");
        assertEquals(0.7, std, 0.15, "std of G(z) over steps 3000-4000");
        assertEquals(0.5, dReal, 0.1, "D(x) near 0.5 at equilibrium");
        assertTrue(4000 / seconds > 300, "hundreds of steps per second: " + 4000 / seconds);
    }

    @Test
    void aRunTrainsOnItsThreadAndSingleStepsWhilePaused() throws Exception {
        try (Gan1dRun run = new Gan1dRun(Gan1d.Settings.defaults())) {
            run.single(Gan1dRun.Single.D);
            run.single(Gan1dRun.Single.ITERATION);
            waitFor(() -> run.picture() != null && run.picture().stats().iteration() == 1);
            run.setRunning(true);
            waitFor(() -> run.picture().stats().iteration() > 500 && run.picture().stepsPerSecond() > 0);
            run.setRunning(false);
            run.reset();
            waitFor(() -> run.picture().stats().iteration() == 0);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() - t0 > 10e9) {
                throw new AssertionError("timed out");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static double[] meanStd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return new double[] {m, Math.sqrt(s / v.length)};
    }
}
