package dev.backprop.examples.cli;

import dev.backprop.core.Optimizer;
import dev.backprop.core.Parameter;
import dev.backprop.optimizers.Adagrad;
import dev.backprop.optimizers.Adam;
import dev.backprop.optimizers.Momentum;
import dev.backprop.optimizers.RMSProp;
import dev.backprop.optimizers.SGD;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The optimizers {@code --optimizer} can name, with the lesson's default hyper-parameters. */
enum OptimizerChoice {
    SGD,
    MOMENTUM,
    ADAGRAD,
    RMSPROP,
    ADAM;

    /** Momentum's gamma, RMSProp's rho. */
    static final double MOMENTUM_GAMMA = 0.9;
    static final double RMSPROP_RHO = 0.9;
    static final double EPS = 1e-8;

    /** An optimizer of this kind over {@code parameters} with learning rate {@code lr}. */
    Optimizer create(List<Parameter> parameters, double lr) {
        return switch (this) {
            case SGD -> new SGD(parameters, lr);
            case MOMENTUM -> new Momentum(parameters, lr, MOMENTUM_GAMMA);
            case ADAGRAD -> new Adagrad(parameters, lr, EPS);
            case RMSPROP -> new RMSProp(parameters, lr, RMSPROP_RHO, EPS);
            case ADAM -> new Adam(parameters, lr, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS);
        };
    }

    static final String EXPECTED = "expected one of sgd, momentum, adagrad, rmsprop, adam";

    /** The choice named {@code name} (any case), if there is one. */
    static Optional<OptimizerChoice> parse(String name) {
        for (OptimizerChoice c : values()) {
            if (c.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The name on the command line. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command-line name, which is also what {@code --help} lists. */
    @Override
    public String toString() {
        return cliName();
    }
}
