package dev.tidemark.testing.responses;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted server itself, read with a bare HTTP client: its clock runs on without a listener, and it honours {@code starting_after}. */
class ResponsesTestServerTest {

    private static final Pattern SEQ = Pattern.compile("\"sequence_number\":(\\d+)");
    private static final Pattern DELTA = Pattern.compile("output_text\\.delta\".*\"delta\":\"([^\"]*)\"");

    private final ResponsesTestServer server = ResponsesTestServer.start();
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void tearDown() {
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
        server.close();
    }

    @Test
    void aBackgroundResponseGoesOnGeneratingAfterTheClientHangsUpAndResumesAfterTheGivenNumber() throws IOException {
        server.script(List.of("a", "b", "c", "d", "e", "f"), Duration.ofMillis(30));
        List<String> first = new ArrayList<>();
        Request create = new Request.Builder().url(server.baseUrl() + "/responses")
                .post(RequestBody.create("{\"model\":\"m\",\"background\":true,\"stream\":true,\"store\":true}",
                        MediaType.get("application/json"))).build();
        try (Response response = client.newCall(create).execute()) {
            BufferedReader reader = reader(response.body());
            for (String line; first.size() < 5 && (line = reader.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    first.add(line);
                }
            }
        } // hung up after five events: created, in_progress, item added, part added, "a"
        String id = server.lastResponseId();
        assertThat(first.get(0)).contains("\"type\":\"response.created\"").contains("\"id\":\"" + id + "\"");
        assertThat(id).startsWith("resp_");

        server.awaitGenerated(id);
        List<String> rest = new ArrayList<>();
        Request resume = new Request.Builder().url(server.baseUrl() + "/responses/" + id + "?stream=true&starting_after=4")
                .build();
        try (Response response = client.newCall(resume).execute()) {
            BufferedReader reader = reader(response.body());
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("data: ")) {
                    rest.add(line);
                }
            }
        }
        assertThat(number(rest.get(0))).isEqualTo(5);
        StringBuilder text = new StringBuilder();
        for (String line : rest) {
            Matcher delta = DELTA.matcher(line);
            if (delta.find()) {
                text.append(delta.group(1));
            }
        }
        assertThat(text).hasToString("bcdef");
        assertThat(rest.get(rest.size() - 1)).contains("\"type\":\"response.completed\"").contains("\"usage\"");
        assertThat(server.requests()).extracting(ResponsesTestServer.Recorded::query)
                .containsExactly(null, "stream=true&starting_after=4");
    }

    private static BufferedReader reader(ResponseBody body) {
        return new BufferedReader(new InputStreamReader(body.byteStream(), StandardCharsets.UTF_8));
    }

    private static long number(String line) {
        Matcher m = SEQ.matcher(line);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
