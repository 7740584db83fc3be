package dev.latentlab.nn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the weightless TorchScript programs shipped in the jar (tools/torchscript/*.py), loaded:
 * its {@code load} method takes weights, its forward one float32 tensor and returns one. DJL loads
 * a program from a file, so each is copied once per process to a temporary folder. One owner (the
 * network whose weights it holds); closing it frees the program and its copies of the weights.
 */
public final class TorchProgram implements AutoCloseable {
    private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();

    private final Model model;
    private final PtSymbolBlock block;

    /** Loads {@code name}.pt, a resource beside {@code owner}'s class file; {@code what} names it in errors. */
    public TorchProgram(Class<?> owner, String name, String what) {
        TorchRuntime.engine();
        Path file = file(owner, name + ".pt");
        model = Model.newInstance(name, TorchRuntime.device(), "PyTorch");
        try {
            model.load(file.getParent(), name);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("could not load the " + what + " program (" + file + "): "
                    + e.getMessage(), e);
        }
        block = (PtSymbolBlock) model.getBlock();
    }

    /** Runs the program's {@code load} with these arguments, then closes them. */
    public void load(IValue... args) {
        try {
            IValueUtils.runMethod(block, "load", args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    /** forward(x) for a float32 tensor, the result attached to x's manager; autograd as the caller set it. */
    public NDArray forward(NDArray x) {
        return run(x, block::forward);
    }

    /**
     * {@code method}(x, arg) for a float32 tensor and an integer, the result attached to x's manager;
     * autograd as the caller set it.
     */
    public NDArray call(String method, NDArray x, long arg) {
        IValue a = IValue.from(arg);
        try {
            return run(x, in -> IValueUtils.runMethod(block, method, in, a));
        } finally {
            a.close();
        }
    }

    /** One call of the program on x, its tensor result attached to x's manager; the IValues closed. */
    private static NDArray run(NDArray x, java.util.function.UnaryOperator<IValue> method) {
        IValue in = IValue.from((PtNDArray) x);
        try {
            IValue out = method.apply(in);
            try {
                return out.toTensor((PtNDManager) x.getManager());
            } finally {
                out.close();
            }
        } finally {
            in.close();
        }
    }

    /** A list argument of arrays (DJL's PyTorch arrays underneath). */
    public static IValue list(NDArray[] arrays) {
        PtNDArray[] a = new PtNDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            a[i] = (PtNDArray) arrays[i];
        }
        return IValue.listFrom(a);
    }

    @Override
    public void close() {
        model.close();
    }

    private static Path file(Class<?> owner, String resource) {
        return COPIED.computeIfAbsent(owner.getPackageName() + "/" + resource, key -> {
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jar");
                }
                Path dir = Files.createTempDirectory("latentlab-program");
                Path f = dir.resolve(resource);
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the TorchScript program " + resource
                        + " to a temporary folder: " + e.getMessage(), e);
            }
        });
    }
}
