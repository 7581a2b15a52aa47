package dev.tidemark.tools;

import dev.tidemark.app.AppServices;
import dev.tidemark.app.MainWindow;
import dev.tidemark.settings.AuthStyle;
import dev.tidemark.settings.Protocol;
import dev.tidemark.settings.ProviderConfig;
import dev.tidemark.settings.ProxyChoice;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import mockwebserver3.MockWebServer;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the sample windows share: providers on a MockWebServer, the window shown, work on the FX
 * thread, waiting, a snapshot as pixels.
 */
final class Samples {

    private Samples() {
    }

    /**
     * The main window over {@code services}, shown at 1280 × 800, in the dark theme when
     * {@code -Dsample.theme=dark}. Call on the FX thread.
     */
    static MainWindow showWindow(AppServices services) {
        MainWindow window = new MainWindow(services, new MainWindow.Desktop(
                "dark".equals(System.getProperty("sample.theme"))
                        ? () -> Optional.of(dev.tidemark.ui.theme.ColorScheme.DARK)
                        : dev.tidemark.ui.theme.ColorSchemeProbe.UNKNOWN,
                t -> { }, u -> { }));
        Stage stage = new Stage();
        stage.setScene(window.scene());
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        return window;
    }

    static List<String> words(String text) {
        return List.of(text.replace("\n", "\\n").split("(?<= )"));
    }

    static ProviderConfig provider(String id, String name, String model, MockWebServer server) {
        return new ProviderConfig(id, name, "custom", Protocol.OPENAI_COMPATIBLE, server.url("/v1").toString(),
                AuthStyle.BEARER, null, model, Map.of(), ProxyChoice.DIRECT);
    }

    static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the window never got there");
            }
            Thread.sleep(50);
        }
    }

    static BufferedImage toBuffered(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return out;
    }
}
