package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code GET …/models}: the {@code {"data":[{"id":…}]}} shape OpenAI, Anthropic and local servers share. */
public final class ModelListing {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest model list read: several times the longest known (OpenRouter's, with descriptions). */
    static final int MAX_BODY_BYTES = 8 << 20;

    private ModelListing() {
    }

    public static CompletableFuture<List<String>> fetch(OkHttpClient client, Request request, String service,
                                                        String apiKey) {
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Redirects.FollowingCall call = Redirects.enqueue(client, request, new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(new ProviderException(HttpErrors.fromException(service, e, false, apiKey)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    if (!response.isSuccessful()) {
                        result.completeExceptionally(new ProviderException(
                                HttpErrors.fromResponse(service, response, apiKey)));
                        return;
                    }
                    byte[] body = SseStream.readAtMost(response.body().byteStream(), MAX_BODY_BYTES);
                    if (body.length > MAX_BODY_BYTES) {
                        result.completeExceptionally(new ProviderException(service + " sent a model list larger than "
                                + SseParser.mib(MAX_BODY_BYTES) + "; Tidemark did not read it. Check the base URL."));
                        return;
                    }
                    JsonNode data = JSON.readTree(body).path("data");
                    List<String> ids = new ArrayList<>();
                    for (JsonNode model : data) {
                        if (model.path("id").isTextual()) {
                            ids.add(model.path("id").asText());
                        }
                    }
                    if (!data.isArray()) {
                        result.completeExceptionally(new ProviderException(service
                                + " answered the model list in a shape Tidemark does not know."));
                        return;
                    }
                    ids.sort(String::compareTo);
                    result.complete(ids);
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(service
                            + " sent a model list Tidemark could not read."));
                }
            }
        });
        result.whenComplete((ok, error) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        return result;
    }
}
