package dev.tidemark.settings;

import dev.tidemark.testing.Waits;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void aProbeRedirectedToAnotherOriginIsNoServerAndTheOtherOriginHearsNothing() throws Exception {
        MockWebServer elsewhere = new MockWebServer();
        closing.add(elsewhere);
        elsewhere.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[{\"id\":\"planted\"}]}").build());
        elsewhere.start();
        MockWebServer redirecting = new MockWebServer();
        closing.add(redirecting);
        // another origin: another host name for loopback and another port
        redirecting.enqueue(new MockResponse.Builder().code(302)
                .setHeader("Location", elsewhere.url("/v1/models").newBuilder().host("127.0.0.1").build()).build());
        redirecting.start();

        // OkHttp's own default would follow this redirect to any host
        assertThat(http.followRedirects()).isTrue();
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "localhost",
                        Map.of(ProviderPresets.OLLAMA, redirecting.getPort()))
                .detect().get(20, TimeUnit.SECONDS);

        assertThat(found).isEmpty();
        // the detection is over, so a followed redirect would have reached the other server by now
        assertThat(redirecting.getRequestCount()).isEqualTo(1);
        assertThat(elsewhere.getRequestCount()).as("requests that reached the other origin").isZero();
    }

    @Test
    void nothingListeningIsNoServer() throws Exception {
        // how long a refused port takes is a figure of LocalProbesBenchmark, not asserted here
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "localhost",
                        Map.of(ProviderPresets.OLLAMA, freePort(), ProviderPresets.LM_STUDIO, freePort()))
                .detect().get(20, TimeUnit.SECONDS);
        assertThat(found).isEmpty();
    }

    @Test
    void aPortThatAcceptsButNeverAnswersIsGivenUpAndItsConnectionClosed() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
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

        // the server never answers, so only the detector's own time-out can end the detection
        List<LocalServerDetector.Found> found = LocalServerDetector.onPorts(http, "127.0.0.1",
                        Map.of(ProviderPresets.OLLAMA, silent.getLocalPort()))
                .detect().get(20, TimeUnit.SECONDS);

        assertThat(found).isEmpty();
        assertThat(accepted).isNotEmpty();
        for (Socket s : accepted) {
            closing.add(s);
            s.setSoTimeout((int) Waits.PATIENCE.toMillis());
            // the probe sent its request and then hung up: reading to the end meets the end of the stream
            String sent;
            try {
                sent = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the detector left its connection to the silent port open", stillOpen);
            }
            assertThat(sent).as("what the probe sent before it closed the connection").startsWith("GET /v1/models");
        }
        // how long it waited (about LocalServerDetector.TIMEOUT) is a figure of LocalProbesBenchmark
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
