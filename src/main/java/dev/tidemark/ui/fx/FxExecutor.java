package dev.tidemark.ui.fx;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/** Runs work on the FX thread. The only place in Tidemark that calls {@code Platform.runLater}. */
public final class FxExecutor implements Executor {

    @Override
    public void execute(Runnable command) {
        if (Platform.isFxApplicationThread()) {
            command.run();
        } else {
            Platform.runLater(command);
        }
    }
}
