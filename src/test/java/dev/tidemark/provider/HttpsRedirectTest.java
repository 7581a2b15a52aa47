package dev.tidemark.provider;

import dev.tidemark.model.Role;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service on https redirecting to plain http: refused, and the http server sees nothing. The
 * https server has a real self-signed certificate made by the JDK's {@code keytool}, which the
 * client is told to trust.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsRedirectTest {

    private static final String KEY = "sk-ant-SECRETtls0123456789";
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final MockWebServer secure = new MockWebServer();
    private final MockWebServer plain = new MockWebServer();
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    @BeforeEach
    void setUp() throws Exception {
        KeyStore keys = selfSigned();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        secure.useHttps(serverTls.getSocketFactory());
        secure.start();
        plain.start();

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        client = TestHttp.newClient().newBuilder().sslSocketFactory(clientTls.getSocketFactory(), trust).build();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        secure.close();
        plain.close();
    }

    private KeyStore selfSigned() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    @Test
    void aRedirectFromHttpsToPlainHttpIsRefusedAndTheHttpServerSeesNothing() throws Exception {
        String target = plain.url("/v1/messages").newBuilder().host(secure.getHostName()).build().toString();
        secure.enqueue(new MockResponse.Builder().code(307).setHeader("Location", target).build());
        plain.enqueue(TestHttp.sse("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").build());
        String base = secure.url("/").toString();
        assertThat(base).startsWith("https://");

        new AnthropicProvider(client, base, KEY)
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "private"))), events);

        assertThat(events.awaitFailed().message()).startsWith("Anthropic redirected the request from https to plain"
                + " http").contains("Check the base URL").doesNotContain(KEY);
        assertThat(secure.getRequestCount()).isEqualTo(1);
        assertThat(plain.getRequestCount()).as("requests sent over plain http").isZero();
    }
}
