package dev.tidemark.bench;

import dev.tidemark.app.OsColorSchemeProbe;
import dev.tidemark.settings.LocalServerDetector;
import dev.tidemark.settings.ProviderPresets;
import okhttp3.OkHttpClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * How long the start-up probes take to answer or give up, on this machine: the local-server
 * detector with nothing listening (refused connections) and with a port that accepts but never
 * answers (its time-out, {@link LocalServerDetector#TIMEOUT}), and the OS colour-scheme probe as it
 * runs here. These figures used to be asserted by the ordinary tests; they are reported, not
 * asserted:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.tidemark.bench.LocalProbesBenchmark [-Dexec.args=RUNS]
 * </pre>
 */
public final class LocalProbesBenchmark {

    private LocalProbesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        OkHttpClient http = new OkHttpClient();
        List<Long> refused = new ArrayList<>();
        List<Long> silent = new ArrayList<>();
        List<Long> scheme = new ArrayList<>();
        try (ServerSocket quiet = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(quiet.accept()); // and never write a byte
                    }
                } catch (Exception closed) {
                    // the benchmark is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (int run = 0; run < runs; run++) {
                refused.add(millis(() -> LocalServerDetector.onPorts(http, "localhost",
                                Map.of(ProviderPresets.OLLAMA, freePort(), ProviderPresets.LM_STUDIO, freePort()))
                        .detect().get(30, TimeUnit.SECONDS)));
                silent.add(millis(() -> LocalServerDetector.onPorts(http, "127.0.0.1",
                                Map.of(ProviderPresets.OLLAMA, quiet.getLocalPort()))
                        .detect().get(30, TimeUnit.SECONDS)));
                scheme.add(millis(() -> OsColorSchemeProbe.forThisSystem().detect()));
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        System.out.printf("local servers, nothing listening (refused): %s ms%n", refused);
        System.out.printf("local servers, a port that never answers (time-out %d ms): %s ms%n",
                LocalServerDetector.TIMEOUT.toMillis(), silent);
        System.out.printf("OS colour scheme, this machine (%s): %s ms%n", System.getProperty("os.name"), scheme);
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static long millis(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
