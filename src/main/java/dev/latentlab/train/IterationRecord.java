package dev.latentlab.train;

/**
 * What one training iteration did: losses (D's split into its real and fake parts), the mean
 * discriminator outputs D(x), D(G(z)) before the D update and D(G(z)) after it, and throughput.
 */
public record IterationRecord(long iteration, int epoch, double lossDReal, double lossDFake, double lossG,
        double dReal, double dFakeBefore, double dFakeAfter, double imagesPerSecond, double wallSeconds) {

    public double lossD() {
        return lossDReal + lossDFake;
    }

    public boolean isFinite() {
        return Double.isFinite(lossDReal) && Double.isFinite(lossDFake) && Double.isFinite(lossG)
                && Double.isFinite(dReal) && Double.isFinite(dFakeBefore) && Double.isFinite(dFakeAfter);
    }

    public static String csvHeader() {
        return "iteration,epoch,loss_d,loss_d_real,loss_d_fake,loss_g,d_x,d_g_z_before,d_g_z_after,images_per_s,"
                + "wall_s";
    }

    public String toCsv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.3f", iteration,
                epoch, lossD(), lossDReal, lossDFake, lossG, dReal, dFakeBefore, dFakeAfter, imagesPerSecond,
                wallSeconds);
    }
}
