package dev.backprop.optimizers;

import dev.backprop.core.Optimizer;
import dev.backprop.core.Parallelism;
import dev.backprop.core.Parameter;
import dev.backprop.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The loop every optimizer shares; a concrete optimizer writes only its update rule,
 * {@link #update(double[], double[], double[][], long, int, int)}, element by element.
 *
 * <p>What the base class does:
 * <ul>
 *   <li>checks the parameter list at construction (not empty, no {@code null}, no parameter
 *       twice) and keeps its order;</li>
 *   <li>{@link #step()} counts the step and updates every <em>trainable</em> parameter, in
 *       order: {@code update} on all its elements, or on ranges of them in parallel when it is
 *       large. Frozen parameters ({@link Parameter#trainable()} false) are never touched and get
 *       no state;</li>
 *   <li>keeps the per-parameter state (the "slots" a subclass names in the constructor, e.g.
 *       {@code velocity}), keyed by the {@link Parameter} object, created as zeros on that
 *       parameter's first update, together with that parameter's own update count {@code t}
 *       (a parameter unfrozen late starts its bias correction at {@code t = 1});</li>
 *   <li>{@link #zeroGrad()}, the learning rate (validated), and {@link #state()} /
 *       {@link #loadState(Map)}.</li>
 * </ul>
 *
 * <p>State keys are stable strings: {@code step} (how many times {@link #step()} ran) and, for
 * every parameter that has state, {@code <index>.<name>.step} (its update count {@code t}) and
 * {@code <index>.<name>.<slot>} (a tensor of the parameter's shape), where {@code index} is
 * the parameter's position in the list given at construction. Example for Adam over a Dense
 * layer: {@code step, 0.weight.step, 0.weight.m, 0.weight.v, 1.bias.step, 1.bias.m, 1.bias.v}.
 * Hyper-parameters are not part of the state: restore into an optimizer built with the same
 * ones to continue bit-identically.
 *
 * <p>Writing a new optimizer (see {@code NesterovMomentum} in the examples):
 * <pre>{@code
 * public final class SignSGD extends AbstractOptimizer {
 *     public SignSGD(List<Parameter> parameters, double learningRate) {
 *         super(parameters, learningRate);            // no slots: stateless
 *     }
 *     protected void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to) {
 *         double lr = learningRate();
 *         for (int i = from; i < to; i++) {
 *             theta[i] -= lr * Math.signum(grad[i]);
 *         }
 *     }
 * }
 * }</pre>
 * Validate hyper-parameters with {@link #checkLearningRate}, {@link #checkFraction} and
 * {@link #checkPositive} so that messages read the same across optimizers.
 */
public abstract class AbstractOptimizer implements Optimizer {

    private static final String STEP = "step";

    private final List<Parameter> parameters;
    private final List<String> slotNames;
    private final Map<Parameter, ParameterState> states = new IdentityHashMap<>();
    private double learningRate;
    private long steps;

    /**
     * @param parameters   the parameters to train, in a fixed order; not empty, no duplicates
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @param slotNames    the names of the per-parameter state buffers {@code update} receives,
     *                     in that order (letters, digits and underscores; not {@code step})
     */
    protected AbstractOptimizer(List<Parameter> parameters, double learningRate, String... slotNames) {
        this.parameters = checkParameters(parameters);
        this.learningRate = checkLearningRate(learningRate);
        this.slotNames = checkSlotNames(slotNames);
    }

    /**
     * Updates elements {@code [from, to)} of one parameter in place from its gradient. The rule
     * must be element-wise: element {@code i} of {@code theta} and the slots from element
     * {@code i} of the arrays only, as every optimizer here is. {@link #step()} calls it for
     * each trainable parameter, over the whole parameter or, for a large one, over ranges on
     * several threads at once ({@link Parallelism#elementwise}); either way the results are
     * the same. Must not allocate (it runs on every step).
     *
     * @param theta the parameter's values ({@code value().data()}), updated in place
     * @param grad  its gradient ({@code grad().data()}), read only
     * @param slots the state buffers named at construction, each as long as {@code theta},
     *              zeros before the first update, updated in place
     * @param t     this parameter's update count, 1 on its first update
     * @param from  the first element to update
     * @param to    one past the last
     */
    protected abstract void update(double[] theta, double[] grad, double[][] slots, long t, int from, int to);

    /** Counts the step and updates every trainable parameter, in order. */
    @Override
    public final void step() {
        steps++;
        for (Parameter p : parameters) {
            if (!p.trainable()) {
                continue;
            }
            ParameterState s = states.get(p);
            if (s == null) {
                s = new ParameterState(p.value().shape(), slotNames.size());
                states.put(p, s);
            }
            long t = ++s.updates;
            double[] theta = p.value().data();
            double[] grad = p.grad().data();
            double[][] slots = s.arrays;
            Parallelism.elementwise(theta.length, (from, to) -> update(theta, grad, slots, t, from, to));
        }
    }

    /** Clears the gradients of every parameter given at construction, frozen ones too. */
    @Override
    public final void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate from the next step on (schedules call this between epochs). */
    @Override
    public final void setLearningRate(double learningRate) {
        this.learningRate = checkLearningRate(learningRate);
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** How many times {@link #step()} has run (restored by {@link #loadState}). */
    public final long stepCount() {
        return steps;
    }

    /** The names of the per-parameter state buffers, in the order {@code update} gets them. */
    public final List<String> slotNames() {
        return slotNames;
    }

    /** A copy of the state under the keys described in the class comment. */
    @Override
    public final Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(STEP, Tensor.scalar(steps));
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            ParameterState s = states.get(p);
            if (s == null) {
                continue;
            }
            String prefix = i + "." + p.name() + ".";
            out.put(prefix + STEP, Tensor.scalar(s.updates));
            for (int k = 0; k < slotNames.size(); k++) {
                out.put(prefix + slotNames.get(k), s.tensors[k].copy());
            }
        }
        return out;
    }

    /**
     * Replaces the whole state by a copy of {@code state} (as produced by {@link #state()}).
     * Everything is checked before anything changes: a missing {@code step}, an unknown key, a
     * key whose name does not match the parameter at its index, a tensor of the wrong shape, a
     * step count that is not a non-negative integer, or a parameter with only part of its
     * slots throws {@link IllegalArgumentException} naming the key and what was expected.
     * Parameters without keys start fresh.
     */
    @Override
    public final void loadState(Map<String, Tensor> state) {
        if (state == null) {
            throw new IllegalArgumentException("Optimizer state is null");
        }
        if (!state.containsKey(STEP)) {
            throw new IllegalArgumentException("Missing key '" + STEP + "' in optimizer state with keys "
                    + new TreeSet<>(state.keySet()) + " for " + this);
        }
        long newSteps = countValue(STEP, state.get(STEP));
        Map<Integer, Map<String, Tensor>> byIndex = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals(STEP)) {
                continue;
            }
            int first = key.indexOf('.');
            int last = key.lastIndexOf('.');
            String slot = last < 0 ? "" : key.substring(last + 1);
            if (first < 0 || first == last || !(slot.equals(STEP) || slotNames.contains(slot))) {
                throw unknownKey(key);
            }
            int index;
            try {
                index = Integer.parseInt(key.substring(0, first));
            } catch (NumberFormatException ex) {
                throw unknownKey(key);
            }
            if (index < 0 || index >= parameters.size()) {
                throw new IllegalArgumentException("Key '" + key + "' names parameter " + index
                        + " but " + this + " has parameters 0.." + (parameters.size() - 1));
            }
            Parameter p = parameters.get(index);
            String name = key.substring(first + 1, last);
            if (!name.equals(p.name())) {
                throw new IllegalArgumentException("Key '" + key + "' names parameter '" + name
                        + "' but parameter " + index + " is '" + p.name() + "'");
            }
            Tensor t = e.getValue();
            if (t == null) {
                throw new IllegalArgumentException("Key '" + key + "' holds null");
            }
            if (!slot.equals(STEP) && !Arrays.equals(t.shape(), p.value().shape())) {
                throw new IllegalArgumentException("Wrong shape for '" + key + "': "
                        + Arrays.toString(t.shape()) + " (parameter '" + p.name() + "' has shape "
                        + Arrays.toString(p.value().shape()) + ")");
            }
            byIndex.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(slot, t);
        }
        Map<Parameter, ParameterState> restored = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : byIndex.entrySet()) {
            Parameter p = parameters.get(e.getKey());
            Map<String, Tensor> slots = e.getValue();
            List<String> missing = new ArrayList<>();
            if (!slots.containsKey(STEP)) {
                missing.add(STEP);
            }
            for (String slot : slotNames) {
                if (!slots.containsKey(slot)) {
                    missing.add(slot);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Incomplete state for parameter " + e.getKey() + " '"
                        + p.name() + "': missing " + missing);
            }
            ParameterState s = new ParameterState(p.value().shape(), slotNames.size());
            s.updates = countValue(e.getKey() + "." + p.name() + "." + STEP, slots.get(STEP));
            for (int k = 0; k < slotNames.size(); k++) {
                s.tensors[k].copyFrom(slots.get(slotNames.get(k)));
            }
            restored.put(p, s);
        }
        states.clear();
        states.putAll(restored);
        steps = newSteps;
    }

    // ---------------------------------------------------------------- validation helpers

    /** Returns {@code lr} if finite and {@code >= 0}; else {@code Invalid learning rate: -0.1 ...}. */
    protected static double checkLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr + " (must be finite and >= 0)");
        }
        return lr;
    }

    /** Returns {@code value} if in [0, 1); else {@code Invalid beta1: 1.0 (must be in [0, 1))}. */
    protected static double checkFraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be in [0, 1))");
        }
        return value;
    }

    /** Returns {@code value} if finite and {@code > 0}; else {@code Invalid eps: 0.0 (must be finite and > 0)}. */
    protected static double checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be finite and > 0)");
        }
        return value;
    }

    /** The parameter count for {@code toString()}: {@code "3 parameters"}. */
    protected final String describeParameters() {
        return parameters.size() + (parameters.size() == 1 ? " parameter" : " parameters");
    }

    // ---------------------------------------------------------------- internals

    private static List<Parameter> checkParameters(List<Parameter> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("Parameter list is null");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("Empty parameter list: an optimizer needs at least one parameter");
        }
        Map<Parameter, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException("Parameter " + i + " is null");
            }
            Integer before = seen.put(p, i);
            if (before != null) {
                throw new IllegalArgumentException("Duplicate parameter '" + p.name() + "' at positions "
                        + before + " and " + i + " (each parameter must be given once)");
            }
        }
        return List.copyOf(parameters);
    }

    private static List<String> checkSlotNames(String[] slotNames) {
        List<String> names = List.of(slotNames);
        for (String n : names) {
            if (!n.matches("[A-Za-z0-9_]+") || n.equals(STEP)) {
                throw new IllegalArgumentException("Invalid slot name: '" + n
                        + "' (letters, digits and underscores, not '" + STEP + "')");
            }
        }
        if (new TreeSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("Duplicate slot names: " + names);
        }
        return names;
    }

    private static long countValue(String key, Tensor t) {
        if (t == null || t.size() != 1) {
            throw new IllegalArgumentException("Key '" + key + "' must hold one number, got "
                    + (t == null ? "null" : "shape " + Arrays.toString(t.shape())));
        }
        double v = t.buffer().get(0);
        if (!(v >= 0) || v != Math.rint(v) || v > 1L << 53) {
            throw new IllegalArgumentException("Invalid value for '" + key + "': " + v
                    + " (must be a non-negative integer)");
        }
        return (long) v;
    }

    private IllegalArgumentException unknownKey(String key) {
        List<String> slots = new ArrayList<>();
        slots.add(STEP);
        slots.addAll(slotNames);
        return new IllegalArgumentException("Unknown key '" + key + "' in optimizer state for " + this
                + " (expected '" + STEP + "' or '<index>.<name>.<slot>' with slot one of " + slots + ")");
    }

    /** One parameter's state: its update count and its slot buffers (tensors and their arrays). */
    private static final class ParameterState {
        long updates;
        final Tensor[] tensors;
        final double[][] arrays;

        ParameterState(int[] shape, int slots) {
            tensors = new Tensor[slots];
            arrays = new double[slots][];
            for (int k = 0; k < slots; k++) {
                tensors[k] = Tensor.zeros(shape);
                arrays[k] = tensors[k].data();
            }
        }
    }
}
