package dev.latentlab.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TorchScript generator (.pt) run by DJL. Its graph is opaque, so masks work by zeroing the
 * removed channels' BatchNorm scale and shift (then ReLU(0) = 0 there, exactly as a mask after
 * the activation); the module is loaded with trainParam=true so these parameters are writable.
 * Activation capture is not available for TorchScript models.
 */
public final class TorchScriptGenerator implements GeneratorNet {
    private static final Pattern BN = Pattern.compile("main\\.(\\d+)\\.weight");
    private final Model model;
    private final PtSymbolBlock block;
    private final NetSpec spec;
    private final ParamSet params;
    private final List<LayerInfo> layers;
    private final List<NDArray[]> bnParams; // per layer: gamma, beta (the module's own arrays)

    public TorchScriptGenerator(Path file, NDManager manager) {
        TorchRuntime.engine();
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".pt")) {
            throw new ModelException(file + ": a TorchScript generator must have the extension .pt");
        }
        model = Model.newInstance(fileName, TorchRuntime.device(), "PyTorch");
        try {
            model.load(file.toAbsolutePath().getParent(), fileName.substring(0, fileName.length() - 3),
                    Map.of("trainParam", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelException(file + " is not a readable TorchScript module: " + firstLine(e), e);
        }
        block = (PtSymbolBlock) model.getBlock();
        // probe: the first parameter of shape [nz, C, 4, 4] gives nz
        TreeMap<Integer, NDArray> weights = new TreeMap<>();
        TreeMap<Integer, NDArray> biases = new TreeMap<>();
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Matcher m = BN.matcher(p.getKey());
            if (m.matches()) {
                weights.put(Integer.parseInt(m.group(1)), p.getValue().getArray());
            } else if (p.getKey().matches("main\\.\\d+\\.bias")) {
                biases.put(Integer.parseInt(p.getKey().split("\\.")[1]), p.getValue().getArray());
            }
        }
        NDArray first = weights.isEmpty() ? null : weights.firstEntry().getValue();
        if (first == null || first.getShape().dimension() != 4) {
            model.close();
            throw new ModelException(file + " does not look like a DCGAN generator (no main.0.weight of shape "
                    + "[nz, C, 4, 4]); LatentLab reads generators built like pytorch/examples dcgan");
        }
        int nz = (int) first.getShape().get(0);
        List<Integer> widths = new ArrayList<>();
        List<LayerInfo> info = new ArrayList<>();
        bnParams = new ArrayList<>();
        int channels = 0;
        int stage = 0;
        for (Map.Entry<Integer, NDArray> e : weights.entrySet()) {
            NDArray w = e.getValue();
            if (w.getShape().dimension() == 4) {
                channels = (int) w.getShape().get(1);
                widths.add(channels);
            } else if (w.getShape().dimension() == 1 && biases.containsKey(e.getKey())) {
                bnParams.add(new NDArray[] {w, biases.get(e.getKey())});
                int side = 4 << stage;
                info.add(new LayerInfo(stage, "stage " + (stage + 1) + " (main." + (e.getKey() + 1) + ")",
                        (int) w.getShape().get(0), side, side));
                stage++;
            }
        }
        widths.remove(widths.size() - 1);
        int[] g = widths.stream().mapToInt(Integer::intValue).toArray();
        int size = 4 << g.length;
        try {
            spec = new NetSpec(NetSpec.Arch.DCGAN, size, channels, nz, g, g);
        } catch (IllegalArgumentException ex) {
            model.close();
            throw new ModelException(file + " has an unsupported generator shape: " + ex.getMessage(), ex);
        }
        layers = Collections.unmodifiableList(info);
        params = new ParamSet(manager);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public NetSpec spec() {
        return spec;
    }

    /** Empty: the module owns its parameters. */
    @Override
    public ParamSet params() {
        return params;
    }

    @Override
    public List<LayerInfo> layers() {
        return layers;
    }

    @Override
    public synchronized NDArray forward(NDArray z, boolean training, Hooks hooks) {
        if (training) {
            throw new UnsupportedOperationException("TorchScript generators are for inference only");
        }
        if (hooks.wantsCapture()) {
            throw new UnsupportedOperationException("activation capture is not available for TorchScript models; "
                    + "import the state_dict (.pth) instead");
        }
        List<float[][]> saved = new ArrayList<>();
        for (Map.Entry<Integer, BitSet> e : hooks.mask().layers().entrySet()) {
            NDArray[] gb = bnParams.get(e.getKey());
            float[] gamma = gb[0].toFloatArray();
            float[] beta = gb[1].toFloatArray();
            saved.add(new float[][] {gamma.clone(), beta.clone()});
            for (int c = e.getValue().nextSetBit(0); c >= 0; c = e.getValue().nextSetBit(c + 1)) {
                gamma[c] = 0;
                beta[c] = 0;
            }
            gb[0].set(gamma);
            gb[1].set(beta);
        }
        try {
            long n = z.getShape().get(0);
            NDList out = block.forward(new ParameterStore(z.getManager(), false),
                    new NDList(z.reshape(n, spec.nz(), 1, 1)), false);
            return out.singletonOrThrow();
        } finally {
            int i = 0;
            for (Integer layer : hooks.mask().layers().keySet()) {
                NDArray[] gb = bnParams.get(layer);
                gb[0].set(saved.get(i)[0]);
                gb[1].set(saved.get(i)[1]);
                i++;
            }
        }
    }

    @Override
    public void close() {
        params.close();
        model.close();
    }
}
