package dev.tidemark.settings;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding Ollama and LM Studio on their ports, over real loopback sockets. */
class LocalServerDetectorTest {

    private final OkHttpClient http = new OkHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void findsAServerPosingAsOllamaWithItsModels() throws Exception {
        MockWebServer ollama = new MockWebServer();
        closing.add(ollama);
        ollama.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3:8b\",\"object\":\"model\",\"owned_by\":\"library\"},"
                        + "{\"id\":\"llama3.2:latest\",\"object\":\"model\",\"owned_by\":\"library\"}]}").build());
        ollama.start();
        int nothing = freePort();

        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "localhost",
                        Map.of(ProviderPresets.OLLAMA, ollama.getPort(), ProviderPresets.LM_STUDIO, nothing))
                .detect().get(5, TimeUnit.SECONDS);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.preset()).isEqualTo(ProviderPresets.OLLAMA);
            assertThat(f.baseUrl()).isEqualTo("http://localhost:" + ollama.getPort() + "/v1");
            assertThat(f.models()).containsExactly("llama3.2:latest", "qwen3:8b");
        });
        assertThat(ollama.takeRequest().getTarget()).isEqualTo("/v1/models");
    }

    @Test
    void findsLmStudioToo() throws Exception {
        MockWebServer lmStudio = new MockWebServer();
        closing.add(lmStudio);
        lmStudio.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\",\"owned_by\":\"organization_owner\"}],"
                        + "\"object\":\"list\"}").build());
        lmStudio.start();
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "localhost",
                        Map.of(ProviderPresets.LM_STUDIO, lmStudio.getPort()))
                .detect().get(5, TimeUnit.SECONDS);
        assertThat(found).extracting(LocalServerDetector.Found::preset).containsExactly(ProviderPresets.LM_STUDIO);
    }

    @Test
    void somethingElseOnThePortIsNotTakenForAServer() throws Exception {
        MockWebServer other = new MockWebServer();
        closing.add(other);
        other.enqueue(new MockResponse.Builder().code(404).body("Not Found").build());
        other.start();
        assertThat(LocalServerDetector.onPorts(http, "localhost", Map.of(ProviderPresets.OLLAMA, other.getPort()))
                .detect().get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void nothingListeningIsAnsweredAtOnce() throws Exception {
        long start = System.nanoTime();
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "localhost",
                        Map.of(ProviderPresets.OLLAMA, freePort(), ProviderPresets.LM_STUDIO, freePort()))
                .detect().get(5, TimeUnit.SECONDS);
        assertThat(found).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
    }

    @Test
    void aPortThatAcceptsButNeverAnswersTimesOutQuickly() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(silent);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // and never write a byte
                }
            } catch (Exception ignored) {
                // closed by the test
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();

        long start = System.nanoTime();
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "127.0.0.1",
                        Map.of(ProviderPresets.OLLAMA, silent.getLocalPort()))
                .detect().get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(found).isEmpty();
        assertThat(accepted).isNotEmpty();
        assertThat(millis).isGreaterThanOrEqualTo(LocalServerDetector.TIMEOUT.toMillis() - 100).isLessThan(2500);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
