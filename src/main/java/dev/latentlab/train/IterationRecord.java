package dev.latentlab.train;

import java.util.Locale;

/**
 * What one training iteration did, and its throughput. For a GAN: losses (D's split into its real
 * and fake parts), the mean discriminator outputs D(x), D(G(z)) before the D update and D(G(z))
 * after it; the VAE values are NaN. For a VAE ({@link #isVae()}): {@code lossG} is the loss
 * minimised (recon + β·KL, nats per image), {@code recon} = −log p(x|z), {@code kl} =
 * KL(q(z|x) ‖ N(0, I)) and {@code bitsPerDim} the negative ELBO per dimension (see
 * {@link Elbo#bitsPerDim}); the D values are NaN.
 */
public record IterationRecord(long iteration, int epoch, double lossDReal, double lossDFake, double lossG,
        double dReal, double dFakeBefore, double dFakeAfter, double imagesPerSecond, double wallSeconds,
        double recon, double kl, double bitsPerDim) {

    /** A GAN's iteration. */
    public IterationRecord(long iteration, int epoch, double lossDReal, double lossDFake, double lossG, double dReal,
            double dFakeBefore, double dFakeAfter, double imagesPerSecond, double wallSeconds) {
        this(iteration, epoch, lossDReal, lossDFake, lossG, dReal, dFakeBefore, dFakeAfter, imagesPerSecond,
                wallSeconds, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A VAE's iteration. */
    public static IterationRecord vae(long iteration, int epoch, double loss, double recon, double kl,
            double bitsPerDim, double imagesPerSecond, double wallSeconds) {
        double nan = Double.NaN;
        return new IterationRecord(iteration, epoch, nan, nan, loss, nan, nan, nan, imagesPerSecond, wallSeconds,
                recon, kl, bitsPerDim);
    }

    /** The same values at a given iteration, epoch and throughput. */
    public IterationRecord at(long it, int ep, double ips, double wall) {
        return new IterationRecord(it, ep, lossDReal, lossDFake, lossG, dReal, dFakeBefore, dFakeAfter, ips, wall,
                recon, kl, bitsPerDim);
    }

    public boolean isVae() {
        return !Double.isNaN(recon);
    }

    public double lossD() {
        return lossDReal + lossDFake;
    }

    /** A VAE's negative ELBO in nats per image (recon + KL, whatever β trained with). */
    public double negElbo() {
        return recon + kl;
    }

    public boolean isFinite() {
        if (isVae()) {
            return Double.isFinite(recon) && Double.isFinite(kl) && Double.isFinite(lossG);
        }
        return Double.isFinite(lossDReal) && Double.isFinite(lossDFake) && Double.isFinite(lossG)
                && Double.isFinite(dReal) && Double.isFinite(dFakeBefore) && Double.isFinite(dFakeAfter);
    }

    public static String csvHeader() {
        return csvHeader(false);
    }

    /** train.csv's first line for a GAN's or a VAE's run. */
    public static String csvHeader(boolean vae) {
        return vae ? "iteration,epoch,loss,recon,kl,neg_elbo,bits_per_dim,images_per_s,wall_s"
                : "iteration,epoch,loss_d,loss_d_real,loss_d_fake,loss_g,d_x,d_g_z_before,d_g_z_after,images_per_s,"
                        + "wall_s";
    }

    public String toCsv() {
        if (isVae()) {
            return String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f,%.4f,%.6f,%.2f,%.3f", iteration, epoch, lossG,
                    recon, kl, negElbo(), bitsPerDim, imagesPerSecond, wallSeconds);
        }
        return String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.3f", iteration,
                epoch, lossD(), lossDReal, lossDFake, lossG, dReal, dFakeBefore, dFakeAfter, imagesPerSecond,
                wallSeconds);
    }
}
