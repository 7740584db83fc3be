package dev.latentlab.cli;

import dev.latentlab.lab1d.Gan1d;
import dev.latentlab.lab1d.Noise1d;
import dev.latentlab.lab1d.TailReport;
import dev.latentlab.lab1d.Tails;
import dev.latentlab.lab1d.Target;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "lab1d", mixinStandardHelpOptions = true,
        description = {"The 1-D lab without a window: trains its GAN and its VAE side by side on a 1-D target",
            "(one GAN iteration and one VAE update per iteration, the lab's networks and defaults), then prints",
            "the 1%%, 99%% and 99.9%% quantiles of target, GAN and VAE from --samples samples each, the ratio of",
            "each 99.9%% quantile to the target's, and Hill's tail index α from each one's top 1%%",
            "(a Student-t with ν degrees of freedom has α = ν; a Gaussian has no finite α)."})
final class Lab1dCommand implements Callable<Integer> {
    @Option(names = "--target", converter = TargetName.class, defaultValue = "student-t",
            description = "normal, bimodal, student-t or uniform: the lab's presets (default: ${DEFAULT-VALUE})")
    Target.Kind target;

    @Option(names = "--nu", paramLabel = "ν", converter = Numbers.PositiveReal.class,
            description = "degrees of freedom of --target student-t (default: 3)")
    Double nu;

    @Option(names = "--noise", converter = NoiseName.class, defaultValue = "normal",
            description = "the GAN's noise z: normal, uniform or student-t (ν = 3); the VAE's prior stays N(0, 1) "
                    + "(default: ${DEFAULT-VALUE})")
    Noise1d noise;

    @Option(names = "--iterations", converter = Numbers.Positive.class, defaultValue = "20000",
            description = "training iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed", defaultValue = "1", description = "seed of networks, data and samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--samples", converter = Numbers.Positive.class, defaultValue = "100000",
            description = "samples of each distribution behind the quantiles (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--nz", converter = Numbers.Positive.class, defaultValue = "1",
            description = "latent size of GAN and VAE (default: ${DEFAULT-VALUE})")
    int nz;

    @Option(names = "--lr", converter = Numbers.PositiveReal.class, defaultValue = "1e-3",
            description = "Adam learning rate of D, G and the VAE (default: ${DEFAULT-VALUE})")
    double lr;

    @Override
    public Integer call() {
        if (nu != null && target != Target.Kind.STUDENT_T) {
            System.err.println("error: --nu is the degrees of freedom of --target student-t; it means nothing for "
                    + target.toString().toLowerCase(Locale.ROOT));
            return 2;
        }
        if (samples < 1000) {
            System.err.println("error: --samples must be at least 1000 for a 99.9% quantile (one sample in a "
                    + "thousand lies beyond it), not " + samples);
            return 2;
        }
        Gan1d.Settings d = Gan1d.Settings.defaults();
        Gan1d.Settings s = new Gan1d.Settings(Target.preset(target, nu == null ? 3 : nu), d.loss(), noise, nz,
                d.hidden(), d.batch(), d.dSteps(), lr, lr, d.beta1(), seed);
        TailReport r = TailReport.measure(s, iterations, samples);
        System.out.printf(Locale.ROOT, "target %s; GAN noise %s, VAE prior N(0, 1), p(x|z) = N(m(z), σ²(z)); nz %d%n",
                s.target().describe(), noise.cliName(), nz);
        System.out.printf(Locale.ROOT, "%,d iterations, seed %d, %.1f s; %,d samples each%n", iterations, seed,
                r.seconds(), samples);
        System.out.printf(Locale.ROOT, "%-7s %9s %9s %9s %14s %9s%n", "", "Q(1%)", "Q(99%)", "Q(99.9%)",
                "Q99.9/target", "Hill α");
        for (TailReport.Row row : new TailReport.Row[] {r.target(), r.gan(), r.vae()}) {
            if (row.problem() != null) {
                System.out.printf(Locale.ROOT, "%-7s diverged: %s%n", row.name(), row.problem());
                continue;
            }
            double[] q = row.quantiles();
            System.out.printf(Locale.ROOT, "%-7s %9.3f %9.3f %9.3f %14.2f %9.2f%n", row.name(), q[0], q[1],
                    q[Tails.TABLE.length - 1], row.ratio999(), row.hillIndex());
        }
        System.out.printf(Locale.ROOT, "VAE −ELBO %.3f nats (on 20,000 fresh target samples)%n", r.vaeNegativeElbo());
        return r.diverged() ? 1 : 0;
    }

    /** A target by the name the lab shows it with, in lower case: student-t. */
    static final class TargetName implements ITypeConverter<Target.Kind> {
        @Override
        public Target.Kind convert(String value) {
            return Arrays.stream(Target.Kind.values()).filter(k -> name(k).equals(value.trim().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new TypeConversionException("must be one of " + Arrays
                            .stream(Target.Kind.values()).map(TargetName::name).collect(Collectors.joining(", "))
                            + ", not \"" + value + "\""));
        }

        static String name(Target.Kind k) {
            return k.toString().toLowerCase(Locale.ROOT);
        }
    }

    /** A noise by its command-line name: normal, uniform, student-t. */
    static final class NoiseName implements ITypeConverter<Noise1d> {
        @Override
        public Noise1d convert(String value) {
            return Arrays.stream(Noise1d.values()).filter(n -> n.cliName().equals(value.trim().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new TypeConversionException("must be one of " + Arrays
                            .stream(Noise1d.values()).map(Noise1d::cliName).collect(Collectors.joining(", "))
                            + ", not \"" + value + "\""));
        }
    }
}
