package dev.latentlab.nn;

import java.util.Arrays;

/**
 * The shape of a GAN: which architecture, the image it makes, the latent size and the widths of
 * the hidden layers of G and D. DCGAN widths are channels per stage (for 64x64 with ngf = 64,
 * G is nz → 512 → 256 → 128 → 64 → C); MLP widths are hidden units.
 */
public record NetSpec(Arch arch, int imageSize, int channels, int nz, int[] gWidths, int[] dWidths) {

    public enum Arch {
        DCGAN, MLP;

        public String id() {
            return name().toLowerCase();
        }

        public static Arch parse(String s) {
            return switch (s.toLowerCase()) {
                case "dcgan" -> DCGAN;
                case "mlp", "vanilla", "gan" -> MLP;
                default -> throw new IllegalArgumentException("unknown architecture '" + s + "' (dcgan or mlp)");
            };
        }
    }

    /** The longest latent vector a network may take (DCGAN's is 100; StyleGAN's 512). */
    public static final int MAX_NZ = 100_000;

    public NetSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
        }
        if (nz < 1) {
            throw new IllegalArgumentException("nz must be positive, got " + nz);
        }
        if (nz > MAX_NZ) {
            // refused here, in words, before libtorch fails to allocate the first layer
            throw new IllegalArgumentException("nz must be at most " + MAX_NZ + ", not " + nz
                    + " (the first layer alone would not fit in memory)");
        }
        gWidths = gWidths.clone();
        dWidths = dWidths.clone();
        for (int w : gWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be positive: " + Arrays.toString(gWidths));
            }
        }
        for (int w : dWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be positive: " + Arrays.toString(dWidths));
            }
        }
        if (arch == Arch.DCGAN) {
            int stages = dcganStages(imageSize);
            if (gWidths.length != stages - 1 || dWidths.length != stages - 1) {
                throw new IllegalArgumentException("a " + imageSize + "x" + imageSize + " DCGAN has "
                        + (stages - 1) + " hidden stages in G and D, got " + gWidths.length + " and " + dWidths.length);
            }
        } else if (imageSize < 4) {
            throw new IllegalArgumentException("image size too small: " + imageSize);
        }
    }

    /**
     * Number of transposed convolutions of a DCGAN generator for an image size: 4x4 after the
     * first, doubling after each further one. 28 is built as 32 with a final crop (padding 3).
     */
    public static int dcganStages(int imageSize) {
        int s = imageSize == 28 ? 32 : imageSize;
        if (s < 16 || Integer.bitCount(s) != 1) {
            throw new IllegalArgumentException("DCGAN image size must be 28 or a power of two ≥ 16 (32, 64, 128), got "
                    + imageSize);
        }
        return Integer.numberOfTrailingZeros(s) - 1;
    }

    /** The DCGAN of the paper and pytorch/examples: widths ngf·2^k, doubling toward the latent end. */
    public static NetSpec dcgan(int imageSize, int channels, int nz, int ngf, int ndf) {
        int hidden = dcganStages(imageSize) - 1;
        int[] g = new int[hidden];
        int[] d = new int[hidden];
        for (int i = 0; i < hidden; i++) {
            g[i] = ngf << (hidden - 1 - i);
            d[i] = ndf << i;
        }
        return new NetSpec(Arch.DCGAN, imageSize, channels, nz, g, d);
    }

    /** The vanilla GAN of Goodfellow et al.: fully connected G and D. */
    public static NetSpec mlp(int imageSize, int channels, int nz, int[] gHidden, int[] dHidden) {
        return new NetSpec(Arch.MLP, imageSize, channels, nz, gHidden, dHidden);
    }

    public static NetSpec mlpDefault(int imageSize, int channels, int nz) {
        return mlp(imageSize, channels, nz, new int[] {256, 512, 1024}, new int[] {512, 256});
    }

    public int pixels() {
        return channels * imageSize * imageSize;
    }

    /** Padding of the last transposed convolution (and first convolution of D): 3 crops 32 to 28. */
    public int edgePadding() {
        return imageSize == 28 ? 3 : 1;
    }

    public int ngf() {
        return gWidths.length == 0 ? 0 : gWidths[gWidths.length - 1];
    }

    public int ndf() {
        return dWidths.length == 0 ? 0 : dWidths[0];
    }

    public String describe() {
        return switch (arch) {
            case DCGAN -> String.format("DCGAN %dx%dx%d, nz %d, G %s, D %s", imageSize, imageSize, channels, nz,
                    Arrays.toString(gWidths), Arrays.toString(dWidths));
            case MLP -> String.format("MLP GAN %dx%dx%d, nz %d, G hidden %s, D hidden %s", imageSize, imageSize,
                    channels, nz, Arrays.toString(gWidths), Arrays.toString(dWidths));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetSpec s && s.arch == arch && s.imageSize == imageSize && s.channels == channels
                && s.nz == nz && Arrays.equals(s.gWidths, gWidths) && Arrays.equals(s.dWidths, dWidths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {arch.ordinal(), imageSize, channels, nz, Arrays.hashCode(gWidths),
            Arrays.hashCode(dWidths)});
    }

    @Override
    public String toString() {
        return describe();
    }
}
