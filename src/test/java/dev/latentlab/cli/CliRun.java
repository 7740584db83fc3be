package dev.latentlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A command run for a test, with what it printed: in this JVM, or as `java dev.latentlab.Main ...` in a new one. */
record CliRun(int exitCode, String out, String err) {
    /** Runs the command in this JVM, capturing System.out and System.err. */
    static CliRun inProcess(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = Cli.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        CliRun r = new CliRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldErr.print(r.err);
        return r;
    }

    /**
     * Runs the command in a new JVM with this test's class path (minus the entries {@code drop}
     * rejects) and the app's JVM options, within {@code seconds}; a process still running then
     * is destroyed and reported with exit code -1.
     */
    static CliRun newJvm(Path workDir, Predicate<String> drop, Map<String, String> env, double seconds, String... args)
            throws IOException, InterruptedException {
        Process p = startJvm(workDir, drop, env, args);
        int rc;
        if (p.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
            rc = p.exitValue();
        } else {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            rc = -1;
        }
        return finished(workDir, rc);
    }

    /** What a process from {@link #startJvm} printed, with its exit code. */
    static CliRun finished(Path workDir, int rc) throws IOException {
        CliRun r = new CliRun(rc, Files.readString(workDir.resolve("stdout.txt")),
                Files.readString(workDir.resolve("stderr.txt")));
        System.err.print(r.err);
        return r;
    }

    /** Starts the command in a new JVM (see {@link #newJvm}); it prints to workDir's stdout.txt and stderr.txt. */
    static Process startJvm(Path workDir, Predicate<String> drop, Map<String, String> env, String... args)
            throws IOException {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!drop.test(e)) {
                cp.add(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1", "-Xss4m",
                "-cp", String.join(File.pathSeparator, cp), "dev.latentlab.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
