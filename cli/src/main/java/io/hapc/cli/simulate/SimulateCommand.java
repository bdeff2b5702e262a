package io.hapc.cli.simulate;

import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "What-if: run the policy engine on a CIB.")
public final class SimulateCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
