package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.history.SearchHit;
import dev.tidemark.history.SearchIndex;
import dev.tidemark.history.SearchResults;
import dev.tidemark.history.Snippet;
import dev.tidemark.history.StoreLibrary;
import dev.tidemark.session.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code search QUERY [--json]}: where the words are, by session and message. */
@Command(name = "search", description = {"Search titles and messages. Every word must match, as the start of a word"
        + " (\"tid\" finds \"tide\"), ignoring case.", "Exit 0 with matches, 1 with none."})
final class SearchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N matches (default 50).")
    int limit;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "The words to find.")
    List<String> words;

    SearchCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        String query = String.join(" ", words);
        try (Workspace workspace = environment.open(parent.dataDir())) {
            environment.reportProblems(workspace);
            SearchResults results;
            try (SearchIndex index = SearchIndex.open(workspace.dataDir(), new StoreLibrary(workspace.store()),
                    !workspace.isReadOnly(), problem -> environment.err().println("tidemark: " + problem))) {
                try {
                    index.ready().get(2, TimeUnit.SECONDS);
                } catch (TimeoutException building) {
                    environment.err().println("tidemark: building the search index from your sessions (once)…");
                    environment.err().flush();
                    index.ready().join();
                }
                results = index.search(query, Math.max(1, limit));
            }
            PrintWriter out = json ? environment.exactOut() : environment.out();
            if (json) {
                ArrayNode array = JSON.createArrayNode();
                for (SearchHit hit : results.hits()) {
                    ObjectNode node = array.addObject().put("sessionId", hit.sessionId())
                            .put("title", hit.sessionTitle()).put("in", hit.isTitle() ? "title" : "message");
                    if (!hit.isTitle()) {
                        node.put("messageIndex", hit.messageIndex()).put("messageId", hit.messageId())
                                .put("role", hit.role().wireName());
                    }
                    node.put("snippet", hit.snippet().text());
                    ArrayNode marks = node.putArray("matches");
                    for (Snippet.Mark m : hit.snippet().marks()) {
                        marks.addArray().add(m.start()).add(m.end());
                    }
                }
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (results.hits().isEmpty()) {
                out.println("No matches for \"" + query + "\".");
            } else {
                for (SearchHit hit : results.hits()) {
                    String where = hit.isTitle() ? "title" : "message " + hit.messageIndex() + " (" + hit.role()
                            .wireName() + ")";
                    out.println(hit.sessionId() + "  " + where + "  " + hit.sessionTitle());
                    out.println("    " + hit.snippet().bracketed());
                }
                if (results.more()) {
                    out.println("(more matches; --limit shows more)");
                }
            }
            out.flush();
            return results.hits().isEmpty() ? 1 : 0;
        }
    }
}
