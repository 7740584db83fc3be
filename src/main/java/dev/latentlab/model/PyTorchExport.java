package dev.latentlab.model;

import dev.latentlab.io.Npy;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model as PyTorch checkpoints: DIR/netG.pth and DIR/netD.pth, state_dicts as
 * torch.save(net.state_dict(), …) writes them. LatentLab's tensors already carry PyTorch's names
 * and layouts (ConvTranspose2d weight [in, out, 4, 4], Conv2d [out, in, 4, 4], Linear [out, in]),
 * so the export adds only what PyTorch keeps and LatentLab does not: each BatchNorm's
 * num_batches_tracked (an int64 0, which nn.BatchNorm2d only reads when momentum is None).
 * <pre>
 *   DCGAN G  main.{3i}.weight (ConvTranspose2d, no bias), main.{3i+1}.{weight,bias,running_mean,
 *            running_var,num_batches_tracked} (BatchNorm2d): pytorch/examples dcgan's Generator
 *   DCGAN D  main.0.weight, main.{3j-1}.weight (Conv2d, no bias), main.{3j}.* (BatchNorm2d), the
 *            last Conv2d [1, 8·ndf, 4, 4] then Sigmoid: pytorch/examples dcgan's Discriminator
 *   MLP G    main.{2k}.{weight,bias}: Sequential(Linear, ReLU, …, Linear, Tanh), output C·H·W
 *   MLP D    main.{3k}.{weight,bias}: Sequential(Linear, LeakyReLU(0.2), Dropout(0.3), …, Linear, Sigmoid)
 *   VAE E    a VAE's encoder (netE.pth): D's layers, the last with 2·nz outputs and a bias, no Sigmoid
 * </pre>
 */
public final class PyTorchExport {
    public static final String NET_G = "netG.pth";
    public static final String NET_D = "netD.pth";
    /** A VAE's encoder: the discriminator's layout with a 2·nz head (a Conv2d or Linear with bias), no Sigmoid. */
    public static final String NET_E = "netE.pth";

    /**
     * The file format: torch.save's zip (netG.pth …) or safetensors (netG.safetensors …, float32,
     * without num_batches_tracked, which load_state_dict fills in when it is absent).
     */
    public enum Format {
        PTH(".pth"), SAFETENSORS(SafetensorsFile.EXTENSION);

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** netG.pth → netG.safetensors for this format. */
        public String file(String pthName) {
            return pthName.replace(".pth", extension);
        }

        /** A spectrally normalised D folded into the plain layout ({@link #foldedStateDict}). */
        void writeFolded(Path file, Map<String, PthWriter.Tensor> folded) throws IOException {
            if (this == PTH) {
                PthWriter.write(file, folded);
            } else {
                Map<String, Npy.Array> floats = new java.util.LinkedHashMap<>();
                folded.forEach((k, t) -> {
                    if (t instanceof PthWriter.Float32 f) {
                        floats.put(k, f.array());
                    }
                });
                SafetensorsFile.write(file, floats, Map.of("format", "pt"));
            }
        }

        void write(Path file, ParamSet params) throws IOException {
            if (this == PTH) {
                PthWriter.write(file, stateDict(params));
            } else {
                SafetensorsFile.write(file, params.toArrays(), Map.of("format", "pt"));
            }
        }
    }

    private PyTorchExport() {}

    /** What was written, and how to continue in PyTorch. */
    public record Result(List<Path> files, String continueWith) {}

    public static Result write(GanModel model, Path dir) throws IOException {
        return write(model, dir, dir, Format.PTH);
    }

    public static Result write(GanModel model, Path dir, Format format) throws IOException {
        return write(model, dir, dir, format);
    }

    /** Writes into {@code dir} a set that will be renamed {@code named} (what the result names and tells). */
    public static Result write(GanModel model, Path dir, Path named, Format format) throws IOException {
        if (model.source() == GanModel.Source.TORCHSCRIPT) {
            throw new ModelException(model.path() + " is a TorchScript module: it is a PyTorch file already "
                    + "(export works on model folders and state_dicts)");
        }
        Files.createDirectories(dir);
        String netG = format.file(NET_G);
        Path g = dir.resolve(netG);
        format.write(g, model.generator().params());
        if (model.encoder() != null) {
            String netE = format.file(NET_E);
            Path e = dir.resolve(netE);
            format.write(e, model.encoder().params());
            return new Result(List.of(named.resolve(netG), named.resolve(netE)), "(a VAE: " + netG
                    + " is the decoder, the DCGAN or MLP generator; " + netE
                    + " the encoder, the discriminator's layers with a 2·nz head: μ then log σ²)");
        }
        if (model.discriminator() == null) {
            return new Result(List.of(named.resolve(netG)), "(" + model.name() + " has no discriminator, so only "
                    + netG + " was written; PyTorch can sample from it but not continue training)");
        }
        String netD = format.file(NET_D);
        Path d = dir.resolve(netD);
        if (model.discriminator() instanceof DcganDiscriminator sn && sn.spectral()) {
            format.writeFolded(d, foldedStateDict(sn)); // pytorch/examples' plain netD computes the same
        } else {
            format.write(d, model.discriminator().params());
        }
        return new Result(List.of(named.resolve(netG), named.resolve(netD)), format == Format.PTH
                ? continueWith(model.spec(), named)
                : "safetensors.torch.load_file(\"" + netD + "\") and netD.load_state_dict(…), the same for " + netG
                        + "; then as with --format pth: " + continueWith(model.spec(), named));
    }

    /** The tensors in state_dict order, with num_batches_tracked after each BatchNorm's running_var. */
    public static Map<String, PthWriter.Tensor> stateDict(ParamSet params) {
        Map<String, PthWriter.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Npy.Array> e : params.toArrays().entrySet()) {
            out.put(e.getKey(), new PthWriter.Float32(e.getValue()));
            if (e.getKey().endsWith(".running_var")) {
                String bn = e.getKey().substring(0, e.getKey().length() - "running_var".length());
                out.put(bn + "num_batches_tracked", new PthWriter.Int64Scalar(0));
            }
        }
        return out;
    }

    /**
     * A spectrally normalised D as the plain pytorch/examples netD that computes the same in eval mode:
     * each main.K.weight is weight_orig / σ (σ from the stored u, v, as torch's eval mode uses them), and
     * each BatchNorm slot holds the identity plus the convolution's bias (γ 1, β b, mean 0, var 1 − eps, so
     * (x − 0)/√(var + eps) + b = x + b).
     * Training on in PyTorch then continues without spectral normalisation.
     */
    static Map<String, PthWriter.Tensor> foldedStateDict(DcganDiscriminator d) {
        Map<String, PthWriter.Tensor> out = new LinkedHashMap<>();
        int convs = d.convolutions();
        for (int j = 0; j < convs; j++) {
            Npy.Array w = d.exportWeight(j); // the same bytes on every CPU
            out.put(DcganDiscriminator.conv(j), new PthWriter.Float32(w));
            if (j > 0 && j < convs - 1) {
                int c = (int) w.shape()[0];
                String bn = DcganDiscriminator.bn(j);
                out.put(bn + "weight", new PthWriter.Float32(filled(c, 1f)));
                ai.djl.ndarray.NDArray b = d.params().get(DcganDiscriminator.convBias(j)); // the SN conv's bias → BN's β
                out.put(bn + "bias", new PthWriter.Float32(new Npy.Array(new long[] {c}, b.toFloatArray())));
                out.put(bn + "running_mean", new PthWriter.Float32(filled(c, 0f)));
                out.put(bn + "running_var", new PthWriter.Float32(filled(c, (float) (1 - 1e-5))));
                out.put(bn + "num_batches_tracked", new PthWriter.Int64Scalar(0));
            }
        }
        return out;
    }

    private static Npy.Array filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return new Npy.Array(new long[] {n}, v);
    }

    static String continueWith(NetSpec spec, Path dir) {
        if (spec.arch() == NetSpec.Arch.DCGAN && spec.imageSize() == 64 && spec.channels() == 3
                && isExampleWidths(spec.gWidths()) && isExampleWidths(spec.dWidths())) {
            return String.format(Locale.ROOT, "python main.py --dataset folder --dataroot DATA --nz %d --ngf %d "
                    + "--ndf %d --netG %s --netD %s   (pytorch/examples dcgan)", spec.nz(), spec.ngf(), spec.ndf(),
                    dir.resolve(NET_G), dir.resolve(NET_D));
        }
        return "pytorch/examples dcgan builds only 64x64 RGB DCGANs with widths 8·ngf, 4·ngf, 2·ngf, ngf; this "
                + spec.describe() + " loads into the same nn.Sequential layout built for its shape "
                + "(docs/training.md, \"Train beyond one machine\")";
    }

    /** Widths 8w, 4w, 2w, w (G) or w, 2w, 4w, 8w (D), as pytorch/examples derives them from ngf/ndf. */
    private static boolean isExampleWidths(int[] w) {
        if (w.length != 4) {
            return false;
        }
        int lo = Math.min(w[0], w[3]);
        int[] want = w[0] < w[3] ? new int[] {lo, 2 * lo, 4 * lo, 8 * lo} : new int[] {8 * lo, 4 * lo, 2 * lo, lo};
        return java.util.Arrays.equals(w, want);
    }
}
