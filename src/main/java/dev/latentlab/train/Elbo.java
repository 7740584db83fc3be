package dev.latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import java.util.Locale;

/**
 * The VAE objective of Kingma and Welling (2014): for an image x, with q(z|x) = N(μ, diag σ²)
 * from the encoder and p(x|z) from the decoder (a generator G),
 * <pre>
 *   ELBO(x) = E_q[log p(x|z)] − KL(q(z|x) ‖ N(0, I))          ≤ log p(x)
 *   z       = μ + σ ⊙ ε, ε ~ N(0, I)                         (reparameterised: one sample)
 *   KL      = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)             (closed form)
 *   Gaussian  −log p(x|z) = Σ_i (x_i − tanh a_i)² / 2s² + D/2 · log(2π s²)   (fixed s, x in [−1, 1])
 *   Bernoulli −log p(x|z) = Σ_i y_i·softplus(−2a_i) + (1 − y_i)·softplus(2a_i), y = (x + 1)/2
 * </pre>
 * where a is G's output before its tanh: (tanh a + 1)/2 = σ(2a), so the Bernoulli logits are 2a
 * and the decoder is exactly the GAN's generator. D = C·H·W. The loss minimised is
 * recon + β·KL (β = 1: the negative ELBO). All values are in nats per image.
 */
public final class Elbo {
    private Elbo() {}

    public enum Likelihood {
        GAUSSIAN, BERNOULLI;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "gaussian", "bernoulli", or "auto": Bernoulli for gray images (1 channel), Gaussian for colour. */
        public static Likelihood resolve(String s, int channels) {
            return switch (s == null ? "auto" : s.toLowerCase(Locale.ROOT)) {
                case "auto" -> channels == 1 ? BERNOULLI : GAUSSIAN;
                case "gaussian", "normal" -> GAUSSIAN;
                case "bernoulli" -> BERNOULLI;
                default -> throw new IllegalArgumentException("unknown likelihood '" + s
                        + "' (gaussian, bernoulli or auto)");
            };
        }
    }

    /** The objective: p(x|z), the Gaussian's fixed σ (unused for Bernoulli) and the KL weight β. */
    public record Settings(Likelihood likelihood, double sigma, double beta) {
        public String describe() {
            String lik = likelihood == Likelihood.GAUSSIAN
                    ? String.format(Locale.ROOT, "Gaussian p(x|z), fixed σ = %.3g on [−1, 1] pixels", sigma)
                    : "Bernoulli p(x|z) on gray levels in [0, 1]";
            return lik + (beta == 1 ? "" : String.format(Locale.ROOT, ", β = %.3g", beta));
        }
    }

    /** One pass, per image ([N] each), plus the encoder's μ, log σ² [N, nz] and the decoder's mean image. */
    public record Terms(NDArray recon, NDArray kl, NDArray mu, NDArray logVar, NDArray mean) {
        /** The batch's mean loss recon + β·KL (what training minimises). */
        public NDArray loss(double beta) {
            NDArray r = recon.mean();
            return beta == 0 ? r : r.add(kl.mean().mul((float) beta));
        }
    }

    /**
     * The terms for x [N, C, H, W] in [−1, 1] and ε [N, nz]. With {@code training}, BatchNorm uses
     * batch statistics (and updates its running ones), as in a training step.
     */
    public static Terms terms(EncoderNet encoder, GeneratorNet decoder, NDArray x, NDArray eps, Settings s,
            boolean training) {
        long n = x.getShape().get(0);
        int nz = decoder.spec().nz();
        NDArray h = encoder.forward(x, training);                    // [N, 2nz]
        NDArray mu = h.get(":, 0:" + nz);                             // [N, nz]
        NDArray logVar = h.get(":, " + nz + ":");                     // [N, nz]
        NDArray z = mu.add(logVar.mul(0.5f).exp().mul(eps));          // reparameterisation
        NDArray a = decoder.preTanh(z, training, Hooks.none());       // [N, C, H, W]
        NDArray recon;
        NDArray mean = a.tanh();
        if (s.likelihood() == Likelihood.GAUSSIAN) {
            long dims = x.size() / n;
            double constant = 0.5 * dims * Math.log(2 * Math.PI * s.sigma() * s.sigma());
            recon = x.sub(mean).square().reshape(n, -1).sum(new int[] {1}).div((float) (2 * s.sigma() * s.sigma()))
                    .add((float) constant);
        } else {
            NDArray y = x.add(1f).div(2f);
            NDArray logits = a.mul(2f);
            recon = y.mul(Activation.softPlus(logits.neg())).add(y.neg().add(1f).mul(Activation.softPlus(logits)))
                    .reshape(n, -1).sum(new int[] {1});
        }
        NDArray kl = mu.square().add(logVar.exp()).sub(1f).sub(logVar).sum(new int[] {1}).mul(0.5f);
        return new Terms(recon, kl, mu, logVar, mean);
    }

    /**
     * A negative ELBO in nats per image as bits per dimension. Gaussian: the density of pixels on
     * the 0…255 scale (+ D·ln 127.5 for the change of scale from [−1, 1]; continuous, without
     * dequantisation, so a bound in the same sense as the nats). Bernoulli: bits per gray level as
     * modelled (the two are not comparable with each other).
     */
    public static double bitsPerDim(double negElboNats, long dims, Likelihood likelihood) {
        double nats = likelihood == Likelihood.GAUSSIAN ? negElboNats + dims * Math.log(127.5) : negElboNats;
        return nats / (dims * Math.log(2));
    }
}
