package io.jyolo.cli;

import io.jyolo.engine.Engines;
import picocli.CommandLine.Command;

/** {@code jyolo info}: engine, libtorch version and devices. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the engine, the libtorch version and the devices it sees.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(Engines.info());
    }
}
