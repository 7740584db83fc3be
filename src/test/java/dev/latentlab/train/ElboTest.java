package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The VAE's objective against PyTorch (tools/make_fixtures.py vae): the same weights, batch and
 * ε give the same per-image reconstruction and KL terms, the same loss, and the same gradient for
 * every parameter of the encoder and the decoder.
 */
class ElboTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"conv_gaussian, conv", "conv_bernoulli, conv", "mlp_bernoulli, mlp"})
    void lossTermsAndEveryGradientMatchPyTorch(String fixture, String net) throws Exception {
        JsonObject want = JsonParser.parseString(Files.readString(Fixtures.path("vae/" + fixture + ".json")))
                .getAsJsonObject();
        NetSpec spec = net.equals("conv") ? NetSpec.dcgan(32, 1, 6, 4, 4)
                : NetSpec.mlp(8, 1, 4, new int[] {8, 16}, new int[] {16, 8});
        Elbo.Settings s = new Elbo.Settings(Elbo.Likelihood.resolve(want.get("likelihood").getAsString(), 1),
                want.get("sigma").getAsDouble(), want.get("beta").getAsDouble());
        Npy.Array x = Fixtures.npy("vae/" + net + "_x.npy");
        Npy.Array eps = Fixtures.npy("vae/" + net + "_eps.npy");
        Map<String, Npy.Array> grads = Npy.readNpz(Fixtures.path("vae/" + fixture + "_grads.npz"));
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(spec, m);
            EncoderNet e = Networks.encoder(spec, m, 2 * spec.nz());
            TrainStepTest.loadPth(g.params(), "vae/" + net + "_netG.pth");
            TrainStepTest.loadPth(e.params(), "vae/" + net + "_netE.pth");
            TorchRuntime.withCollectorLock(() -> {
                Engine engine = TorchRuntime.engine();
                try (NDManager step = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                    NDArray xs = step.create(x.data(), new Shape(x.shape()));
                    NDArray es = step.create(eps.data(), new Shape(eps.shape()));
                    Elbo.Terms t = Elbo.terms(e, g, xs, es, s, true);
                    NDArray loss = t.loss(s.beta());
                    gc.backward(loss);
                    float[] recon = t.recon().toFloatArray();
                    float[] kl = t.kl().toFloatArray();
                    for (int i = 0; i < recon.length; i++) {
                        double r = want.getAsJsonArray("recon").get(i).getAsDouble();
                        double k = want.getAsJsonArray("kl").get(i).getAsDouble();
                        assertEquals(r, recon[i], 1e-5 * Math.max(1, Math.abs(r)), fixture + " recon of image " + i);
                        assertEquals(k, kl[i], 1e-5 * Math.max(1, Math.abs(k)), fixture + " KL of image " + i);
                    }
                    double l = want.get("loss").getAsDouble();
                    assertEquals(l, loss.getFloat(), 1e-5 * Math.max(1, Math.abs(l)), fixture + " loss");
                    int compared = compare(fixture, "E.", e.params(), grads) + compare(fixture, "G.", g.params(), grads);
                    assertEquals(grads.size(), compared, "every PyTorch gradient has a counterpart");
                }
                return null;
            });
        }
    }

    /** Each trainable parameter's gradient within 1e-4 of PyTorch's, relative to the largest entry. */
    private static int compare(String fixture, String prefix, ParamSet params, Map<String, Npy.Array> grads) {
        int n = 0;
        for (String name : params.trainableNames()) {
            Npy.Array ref = grads.get(prefix + name);
            assertTrue(ref != null, fixture + ": PyTorch has no gradient for " + prefix + name);
            float[] got = params.get(name).getGradient().toFloatArray();
            float scale = 0;
            for (float v : ref.data()) {
                scale = Math.max(scale, Math.abs(v));
            }
            float diff = Fixtures.maxAbsDiff(ref.data(), got);
            assertTrue(diff <= 1e-4 * Math.max(scale, 1e-3f), fixture + ": ∂loss/∂" + prefix + name + " differs by "
                    + diff + " (largest entry " + scale + ")");
            n++;
        }
        return n;
    }
}
